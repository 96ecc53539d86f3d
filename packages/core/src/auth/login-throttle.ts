import { AppError } from '../errors.js';

/** Failures allowed before sign-in attempts are slowed down. */
export const FREE_FAILURES = 5;
const MAX_DELAY_MS = 15 * 60_000;
/** A key's failures are forgotten after this long without one. */
const FORGET_AFTER_MS = 60 * 60_000;

interface Entry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

/**
 * Slows down guessing: per account and per address, after FREE_FAILURES failed sign-ins each further attempt
 * waits exponentially longer (1 s, 2 s, 4 s … up to 15 min), answered 429 `LOGIN_THROTTLED` with the seconds
 * to wait. A success clears the account's count. In memory, per process: enough for one server; several API
 * nodes would share it in Redis (the scale-out shape).
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Throws LOGIN_THROTTLED when any of `keys` must still wait. */
  check(keys: readonly string[]): void {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry && entry.blockedUntil > now) wait = Math.max(wait, entry.blockedUntil - now);
    }
    if (wait > 0) {
      const retryAfterSeconds = Math.ceil(wait / 1000);
      throw new AppError(
        'LOGIN_THROTTLED',
        'unavailable',
        `too many failed sign-ins; try again in ${retryAfterSeconds} s`,
        {
          details: { retryAfterSeconds },
          retryable: true,
        },
      );
    }
  }

  failed(keys: readonly string[]): void {
    const now = this.now();
    this.sweep(now);
    for (const key of keys) {
      const entry = this.entries.get(key) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
      entry.failures += 1;
      entry.lastFailureAt = now;
      if (entry.failures >= FREE_FAILURES) {
        entry.blockedUntil = now + Math.min(MAX_DELAY_MS, 1000 * 2 ** (entry.failures - FREE_FAILURES));
      }
      this.entries.set(key, entry);
    }
  }

  succeeded(key: string): void {
    this.entries.delete(key);
  }

  private sweep(now: number): void {
    if (this.entries.size < 10_000) return;
    for (const [key, entry] of this.entries) {
      if (now - entry.lastFailureAt > FORGET_AFTER_MS && entry.blockedUntil < now) this.entries.delete(key);
    }
  }
}
