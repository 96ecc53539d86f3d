import type { LoginAttemptStore } from '@sift/core';
import type { Redis } from 'ioredis';

/** Where the login throttle's keys live unless told otherwise. */
export const DEFAULT_LOGIN_PREFIX = 'sift:login:';

/**
 * The login throttle's counts in Redis, shared by every API node: a failure counter per key (INCR, expiring
 * its window after the last failure) and a block per key (a key with a TTL). Expiry is Redis's clock, so
 * nodes with skewed clocks agree on how long a block lasts.
 */
export class RedisLoginAttemptStore implements LoginAttemptStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = DEFAULT_LOGIN_PREFIX,
  ) {}

  async addFailure(key: string, forgetAfterMs: number): Promise<number> {
    const failures = this.failuresKey(key);
    const results = await this.redis.multi().incr(failures).pexpire(failures, forgetAfterMs).exec();
    const [err, count] = results?.[0] ?? [new Error('the Redis transaction was discarded'), null];
    if (err) throw err;
    return Number(count);
  }

  async block(key: string, ms: number): Promise<void> {
    await this.redis.set(this.blockKey(key), '1', 'PX', Math.max(1, Math.round(ms)));
  }

  async blockedForMs(key: string): Promise<number> {
    // -2: no such key, -1: no TTL (never written so); both mean not blocked.
    return Math.max(0, await this.redis.pttl(this.blockKey(key)));
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(this.failuresKey(key), this.blockKey(key));
  }

  private failuresKey(key: string): string {
    return `${this.prefix}failures:${key}`;
  }

  private blockKey(key: string): string {
    return `${this.prefix}block:${key}`;
  }
}
