import { describe, expect, it } from 'vitest';
import { InMemoryEmbeddingCache } from './in-memory-embedding-cache.js';

const vector = (...values: number[]) => Float32Array.from(values);

describe('InMemoryEmbeddingCache', () => {
  it('returns stored vectors by key and null for unknown keys, in the order asked', async () => {
    const cache = new InMemoryEmbeddingCache();
    await cache.putMany([
      { key: 'a', vector: vector(1, 0) },
      { key: 'b', vector: vector(0, 1) },
    ]);
    const [b, missing, a] = await cache.getMany(['b', 'zz', 'a']);
    expect(Array.from(b!)).toEqual([0, 1]);
    expect(missing).toBeNull();
    expect(Array.from(a!)).toEqual([1, 0]);
  });

  it('evicts the least recently used entry beyond its bound', async () => {
    const cache = new InMemoryEmbeddingCache(2);
    await cache.putMany([
      { key: 'old', vector: vector(1) },
      { key: 'used', vector: vector(2) },
    ]);
    await cache.getMany(['old']); // now 'used' is the least recently used
    await cache.putMany([{ key: 'new', vector: vector(3) }]);
    expect(cache.size).toBe(2);
    expect((await cache.getMany(['old', 'used', 'new'])).map((v) => (v ? v[0] : null))).toEqual([1, null, 3]);
  });

  it('keeps its own copies and overwrites a key put again', async () => {
    const cache = new InMemoryEmbeddingCache();
    const given = vector(1, 2);
    await cache.putMany([{ key: 'k', vector: given }]);
    given[0] = 99;
    const [got] = await cache.getMany(['k']);
    got![1] = 99;
    expect(Array.from((await cache.getMany(['k']))[0]!)).toEqual([1, 2]);
    await cache.putMany([{ key: 'k', vector: vector(5, 6) }]);
    expect(Array.from((await cache.getMany(['k']))[0]!)).toEqual([5, 6]);
    expect(cache.size).toBe(1);
  });

  it('refuses a bound below one entry', () => {
    expect(() => new InMemoryEmbeddingCache(0)).toThrow(RangeError);
  });
});
