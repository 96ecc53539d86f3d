import type { EmbeddingCache, EmbeddingCacheEntry } from '../ports/embedding-cache.port.js';

/**
 * An {@link EmbeddingCache} in process memory, bounded by entries and evicting the least recently used. Holds
 * copies, so a caller that changes a vector it got or gave cannot change the cache. At 384–1,536 dimensions an
 * entry costs 1.5–6 KB: the default 10,000 entries stay under ~60 MB.
 */
export class InMemoryEmbeddingCache implements EmbeddingCache {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used first.
  private readonly entries = new Map<string, Float32Array>();

  constructor(readonly maxEntries = 10_000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    }
  }

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }

  async getMany(keys: string[]): Promise<(Float32Array | null)[]> {
    return keys.map((key) => {
      const vector = this.entries.get(key);
      if (!vector) return null;
      this.entries.delete(key);
      this.entries.set(key, vector);
      return vector.slice();
    });
  }

  async putMany(entries: EmbeddingCacheEntry[]): Promise<void> {
    for (const { key, vector } of entries) {
      this.entries.delete(key);
      this.entries.set(key, vector.slice());
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
