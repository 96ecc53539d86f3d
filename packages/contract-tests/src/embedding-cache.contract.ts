import { CachedEmbedder } from '@sift/core';
import { FakeEmbedder } from '@sift/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbeddingCacheFactory, EmbeddingCacheHandle } from './identity-store.fixture.js';

/**
 * The behaviour every EmbeddingCache adapter must have: vectors by key in key order, null for what it does not
 * hold, kept across instances (a restart), bounded by `maxEntries` with the least recently used going first, and
 * sparing the model every text it embedded before. Each test opens its own caches from `factory`:
 *
 * ```ts
 * describeEmbeddingCache('sqlite', async (options) => ({ cache: new SqliteEmbeddingCache(db, options), reopen, cleanup }));
 * ```
 */
export function describeEmbeddingCache(name: string, factory: EmbeddingCacheFactory): void {
  describe(`EmbeddingCache contract: ${name}`, () => {
    const opened: EmbeddingCacheHandle[] = [];
    const open = async (options: { maxEntries?: number } = {}) => {
      const handle = await factory(options);
      opened.push(handle);
      return handle;
    };
    afterEach(async () => {
      for (const handle of opened.splice(0)) await handle.cleanup();
    });

    it('returns stored vectors in key order, null for unknown keys, and keeps them for a new instance', async () => {
      const handle = await open();
      await handle.cache.putMany([
        { key: 'a', vector: Float32Array.from([1, 0, 0]) },
        { key: 'b', vector: Float32Array.from([0, 0.5, 0.25]) },
      ]);
      expect(await handle.cache.getMany(['b', 'x', 'a'])).toEqual([
        Float32Array.from([0, 0.5, 0.25]),
        null,
        Float32Array.from([1, 0, 0]),
      ]);
      const reopened = await handle.reopen();
      expect(await reopened.getMany(['a'])).toEqual([Float32Array.from([1, 0, 0])]);
    });

    it('overwrites a key put again, also twice in one batch (the last wins)', async () => {
      const { cache } = await open();
      await cache.putMany([{ key: 'k', vector: Float32Array.from([1, 2]) }]);
      await cache.putMany([
        { key: 'k', vector: Float32Array.from([3, 4]) },
        { key: 'k', vector: Float32Array.from([5, 6]) },
      ]);
      expect(await cache.getMany(['k', 'k'])).toEqual([Float32Array.from([5, 6]), Float32Array.from([5, 6])]);
      await cache.putMany([]);
      expect(await cache.getMany([])).toEqual([]);
    });

    it('keeps at most maxEntries, dropping the least recently used', async () => {
      const { cache } = await open({ maxEntries: 500 });
      const entries = (from: number, n: number) =>
        Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, vector: Float32Array.from([from + i]) }));
      await cache.putMany(entries(0, 600));
      await cache.putMany(entries(600, 600));
      const all = await cache.getMany(Array.from({ length: 1200 }, (_, i) => `k${i}`));
      expect(all.filter((v) => v !== null).length).toBeLessThanOrEqual(500);
      expect((await cache.getMany(['k1199']))[0]).toEqual(Float32Array.from([1199]));
    });

    it('spares the model every text it has embedded before, across embedder instances', async () => {
      const { cache } = await open();
      const model = new FakeEmbedder({ dimensions: 4 });
      const first = await new CachedEmbedder(model, { cache }).embed(['one', 'two'], { kind: 'passage' });
      const again = await new CachedEmbedder(model, { cache }).embed(['two', 'one', 'three'], {
        kind: 'passage',
      });
      expect(again).toEqual([first[1], first[0], expect.any(Float32Array)]);
      expect(model.calls.map((c) => c.texts)).toEqual([['one', 'two'], ['three']]);
    });
  });
}
