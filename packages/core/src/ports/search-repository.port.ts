import type { SearchFilter, VectorSpace } from '../search/search.types.js';

/** One search as logged for analytics. */
export interface SearchQueryLog {
  userId: string | null;
  query: string;
  mode: string;
  filters: SearchFilter;
  resultsCount: number;
  latencyMs: number;
}

/** A logged search with its id and time. */
export interface SearchQueryRecord extends SearchQueryLog {
  id: string;
  createdAt: string;
}

/** A chunk with no vector yet in some space, with what its embedding is computed from. */
export interface ChunkToEmbed {
  chunkId: string;
  documentId: string;
  content: string;
  headingPath: string[];
  title: string | null;
}

/**
 * Search state kept with the metadata: the query log, the vector space that serves searches, and which
 * chunks still lack a vector in a space (what a blue/green re-embedding works through).
 */
export interface SearchRepository {
  recordQuery(entry: SearchQueryLog): Promise<void>;
  /** Newest first. */
  listQueries(options: { limit: number; userId?: string }): Promise<SearchQueryRecord[]>;
  /** The space searches read from; null until the first vectors are written. */
  servingSpace(): Promise<VectorSpace | null>;
  /**
   * Makes `space` the serving one and records its model (the id before `@`, see `modelOfSpace`) and dimension
   * on every collection (the switch of a blue/green reindex, or the first space of a fresh install).
   */
  setServingSpace(space: VectorSpace): Promise<void>;
  /** Up to `limit` chunks without a vector in `spaceId`, oldest first (stable across calls). */
  chunksMissingVectors(spaceId: string, limit: number): Promise<ChunkToEmbed[]>;
  countChunksMissingVectors(spaceId: string): Promise<number>;
}
