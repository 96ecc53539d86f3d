import { CachedEmbedder } from '@sift/core';
import { FakeEmbedder } from '@sift/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from './sqlite-database.js';
import { SqliteEmbeddingCache } from './sqlite-embedding-cache.adapter.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

describe('SqliteEmbeddingCache', () => {
  let temp: TempDatabase;
  beforeEach(() => {
    temp = createTempDatabase();
  });
  afterEach(() => temp.cleanup());

  it('returns stored vectors in key order, null for unknown keys, and survives reopening the file', async () => {
    const cache = new SqliteEmbeddingCache(temp.db);
    await cache.putMany([
      { key: 'a', vector: Float32Array.from([1, 0, 0]) },
      { key: 'b', vector: Float32Array.from([0, 0.5, 0.25]) },
    ]);
    expect(await cache.getMany(['b', 'x', 'a'])).toEqual([
      Float32Array.from([0, 0.5, 0.25]),
      null,
      Float32Array.from([1, 0, 0]),
    ]);
    temp.db.close();
    const reopened = new SqliteEmbeddingCache(openSqliteDatabase(temp.file));
    expect(await reopened.getMany(['a'])).toEqual([Float32Array.from([1, 0, 0])]);
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const cache = new SqliteEmbeddingCache(temp.db, { maxEntries: 500 });
    const entries = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, vector: Float32Array.from([from + i]) }));
    await cache.putMany(entries(0, 600));
    await cache.putMany(entries(600, 600));
    const count = temp.db.prepare('SELECT count(*) FROM embedding_cache').pluck().get() as number;
    expect(count).toBeLessThanOrEqual(500);
    expect((await cache.getMany(['k1199']))[0]).toEqual(Float32Array.from([1199]));
  });

  it('spares the model every text it has embedded before, across embedder instances', async () => {
    const cache = new SqliteEmbeddingCache(temp.db);
    const model = new FakeEmbedder({ dimensions: 4 });
    const first = await new CachedEmbedder(model, { cache }).embed(['one', 'two'], { kind: 'passage' });
    const again = await new CachedEmbedder(model, { cache }).embed(['two', 'one', 'three'], {
      kind: 'passage',
    });
    expect(again).toEqual([first[1], first[0], expect.any(Float32Array)]);
    expect(model.calls.map((c) => c.texts)).toEqual([['one', 'two'], ['three']]);
  });
});
