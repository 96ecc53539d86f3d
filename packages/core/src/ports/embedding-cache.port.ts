/** One vector to remember under its content key. */
export interface EmbeddingCacheEntry {
  key: string;
  vector: Float32Array;
}

/**
 * Content-addressed store of embeddings: key = hash of (model, dimension, kind, text), so a text embedded
 * once is never embedded again by the same model, whichever document or query it came from. Entries may be
 * evicted at any time; a cache never has to hold everything.
 */
export interface EmbeddingCache {
  /** The vector under each key, or null when it is not (or no longer) cached; same order as `keys`. */
  getMany(keys: string[]): Promise<(Float32Array | null)[]>;
  /** Remembers the vectors; a key already present is overwritten. */
  putMany(entries: EmbeddingCacheEntry[]): Promise<void>;
}
