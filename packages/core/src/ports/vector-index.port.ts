import type { IndexHit, SearchFilter, VectorSpace } from '../search/search.types.js';

/**
 * Nearest-neighbour search over chunk vectors. Vectors are stored with their chunks (the embedded store keeps
 * them in SQLite, written in the chunk transaction, as the source of truth); an ANN structure derived from
 * them may serve large spaces, rebuilt when missing or stale. Scores are cosine similarities (vectors are
 * L2-normalised).
 */
export interface VectorIndex {
  /** Stores (or replaces) vectors of existing chunks in a space. */
  upsert(space: VectorSpace, items: { chunkId: string; vector: Float32Array }[]): Promise<void>;
  /** Nearest chunks within `filter`. Returns `limit` hits whenever that many matching chunks have vectors. */
  search(
    space: VectorSpace,
    query: Float32Array,
    options: { filter: SearchFilter; limit: number; exact?: boolean },
  ): Promise<IndexHit[]>;
  /** The stored vector of a chunk, or null. */
  get(space: VectorSpace, chunkId: string): Promise<Float32Array | null>;
  count(space: VectorSpace): Promise<number>;
  /** Drops a whole space (after a blue/green switch). */
  dropSpace(space: VectorSpace): Promise<void>;
  /** Frees in-memory ANN structures (persisting them first). */
  close(): Promise<void>;
}
