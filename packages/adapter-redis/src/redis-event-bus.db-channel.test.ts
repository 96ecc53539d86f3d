import { randomUUID } from 'node:crypto';
import type { SiftEvent } from '@sift/core';
import { waitFor } from '@sift/contract-tests';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisEventBus } from './redis-event-bus.adapter.js';
import { redisAvailable, TEST_REDIS_URL } from './testing/redis-test.js';

const available = await redisAvailable();

/** The test's own URL on database `db` (pub/sub writes no keys: borrowing a number is harmless). */
function onDatabase(db: number): string {
  const url = new URL(TEST_REDIS_URL);
  url.pathname = `/${db}`;
  return url.toString();
}

/**
 * Redis pub/sub ignores the database number, so two installations kept apart by `redis://host/13` and `/14`
 * would hear each other's events on one channel; the default channel carries the number (found by the
 * scale-out end-to-end test, which gives each run a database of its own).
 */
describe.skipIf(!available)('RedisEventBus default channel (needs Redis, #14)', () => {
  const buses: RedisEventBus[] = [];
  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
  });
  const connect = async (db: number) => {
    const bus = await RedisEventBus.connect(onDatabase(db));
    buses.push(bus);
    return bus;
  };

  it('keeps installations on different Redis databases apart, and joins those on the same one', async () => {
    const [a, sameAsA, other] = [await connect(13), await connect(13), await connect(14)];
    const documentId = randomUUID();
    // Other runs may share these databases: only this test's document counts.
    const mine = (bus: RedisEventBus) => {
      const seen: SiftEvent[] = [];
      bus.subscribe((e) => {
        if (e.type === 'document.deleted' && e.documentId === documentId) seen.push(e);
      });
      return seen;
    };
    const [bySame, byOther] = [mine(sameAsA), mine(other)];
    a.publish({ type: 'document.deleted', documentId, ownerId: 'u-1', collectionId: null });
    await waitFor(() => bySame.length === 1, { what: 'the bus on the same database to receive it' });
    // Published after: once it arrived on database 14's own channel, anything from 13 would have too.
    const probe = mine(other);
    other.publish({ type: 'document.deleted', documentId, ownerId: 'u-1', collectionId: null });
    await waitFor(() => probe.length === 1, { what: 'database 14 to deliver its own event' });
    expect(byOther).toHaveLength(1);
  });
});
