import type { LoginAttemptStore } from '../ports/login-attempt-store.port.js';

interface Entry {
  failures: number;
  lastFailureAt: number;
  forgetAfterMs: number;
  blockedUntil: number;
}

/** Past this many keys, expired ones are swept on the next failure (a flood of addresses must not grow it forever). */
const SWEEP_AT = 10_000;

/** The login throttle's counts in this process: enough for one API node. */
export class InMemoryLoginAttemptStore implements LoginAttemptStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  addFailure(key: string, forgetAfterMs: number): Promise<number> {
    const now = this.now();
    this.sweep(now);
    const known = this.live(key, now);
    const entry = known ?? { failures: 0, lastFailureAt: now, forgetAfterMs, blockedUntil: 0 };
    entry.failures += 1;
    entry.lastFailureAt = now;
    entry.forgetAfterMs = forgetAfterMs;
    this.entries.set(key, entry);
    return Promise.resolve(entry.failures);
  }

  block(key: string, ms: number): Promise<void> {
    const now = this.now();
    const entry = this.live(key, now) ?? {
      failures: 0,
      lastFailureAt: now,
      forgetAfterMs: 0,
      blockedUntil: 0,
    };
    entry.blockedUntil = now + ms;
    this.entries.set(key, entry);
    return Promise.resolve();
  }

  blockedForMs(key: string): Promise<number> {
    const now = this.now();
    const entry = this.entries.get(key);
    return Promise.resolve(entry && entry.blockedUntil > now ? entry.blockedUntil - now : 0);
  }

  clear(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  /** The entry while its failures still count (a block outlives them, as a Redis key with its own TTL would). */
  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.lastFailureAt > entry.forgetAfterMs) entry.failures = 0;
    return entry;
  }

  private sweep(now: number): void {
    if (this.entries.size < SWEEP_AT) return;
    for (const [key, entry] of this.entries) {
      if (now - entry.lastFailureAt > entry.forgetAfterMs && entry.blockedUntil < now)
        this.entries.delete(key);
    }
  }
}
