import type { LoginAttemptStore } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sleep } from './async-helpers.js';

/** A fresh store over fresh keys; `cleanup` removes what the test wrote. */
export type LoginAttemptStoreFactory = () => Promise<{ store: LoginAttemptStore; cleanup(): Promise<void> }>;

/** The one contract of the login throttle's store: in memory (one API node) and Redis (shared by nodes). */
export function describeLoginAttemptStore(name: string, factory: LoginAttemptStoreFactory): void {
  describe(`LoginAttemptStore contract: ${name}`, () => {
    let store: LoginAttemptStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    it('counts failures per key', async () => {
      expect(await store.addFailure('account:a@example.com', 60_000)).toBe(1);
      expect(await store.addFailure('account:a@example.com', 60_000)).toBe(2);
      expect(await store.addFailure('ip:10.0.0.1', 60_000)).toBe(1);
    });

    it('holds a block for its time, and only for its key', async () => {
      expect(await store.blockedForMs('ip:10.0.0.1')).toBe(0);
      await store.block('ip:10.0.0.1', 60_000);
      const left = await store.blockedForMs('ip:10.0.0.1');
      expect(left).toBeGreaterThan(59_000);
      expect(left).toBeLessThanOrEqual(60_000);
      expect(await store.blockedForMs('ip:10.0.0.2')).toBe(0);
    });

    it('lets a block run out and forgets failures after the window', async () => {
      await store.block('account:b@example.com', 50);
      await store.addFailure('account:b@example.com', 50);
      await sleep(150);
      expect(await store.blockedForMs('account:b@example.com')).toBe(0);
      expect(await store.addFailure('account:b@example.com', 50)).toBe(1);
    });

    it('clears the failures and the block of a key', async () => {
      await store.addFailure('account:c@example.com', 60_000);
      await store.block('account:c@example.com', 60_000);
      await store.clear('account:c@example.com');
      expect(await store.blockedForMs('account:c@example.com')).toBe(0);
      expect(await store.addFailure('account:c@example.com', 60_000)).toBe(1);
    });

    it('counts concurrent failures exactly', async () => {
      const counts = await Promise.all(
        Array.from({ length: 20 }, () => store.addFailure('ip:10.0.0.9', 60_000)),
      );
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });
  });
}
