import { AppError } from '../errors.js';
import type { LoginAttemptStore } from '../ports/login-attempt-store.port.js';
import { InMemoryLoginAttemptStore } from './in-memory-login-attempts.js';

/** Failures allowed before sign-in attempts are slowed down. */
export const FREE_FAILURES = 5;
const MAX_DELAY_MS = 15 * 60_000;
/** A key's failures are forgotten after this long without one. */
export const FORGET_FAILURES_AFTER_MS = 60 * 60_000;

/**
 * Slows down guessing: per account and per address, after FREE_FAILURES failed sign-ins each further attempt
 * waits exponentially longer (1 s, 2 s, 4 s … up to 15 min), answered 429 `LOGIN_THROTTLED` with the seconds
 * to wait. A success clears the account's count. The counts live in a LoginAttemptStore: in memory for one
 * server, in Redis on the scale-out shape, so that an attacker spreading guesses over API nodes gains nothing.
 */
export class LoginThrottle {
  constructor(private readonly store: LoginAttemptStore = new InMemoryLoginAttemptStore()) {}

  /** Throws LOGIN_THROTTLED when any of `keys` must still wait. */
  async check(keys: readonly string[]): Promise<void> {
    const waits = await Promise.all(keys.map((key) => this.store.blockedForMs(key)));
    const wait = Math.max(0, ...waits);
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

  async failed(keys: readonly string[]): Promise<void> {
    await Promise.all(
      keys.map(async (key) => {
        const failures = await this.store.addFailure(key, FORGET_FAILURES_AFTER_MS);
        if (failures >= FREE_FAILURES) {
          await this.store.block(key, Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - FREE_FAILURES)));
        }
      }),
    );
  }

  async succeeded(key: string): Promise<void> {
    await this.store.clear(key);
  }
}
