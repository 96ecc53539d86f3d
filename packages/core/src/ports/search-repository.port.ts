import type { SearchFilter, VectorSpace } from '../search/search.types.js';
import type { SwapCheck, VectorSpaceProfile } from '../search/vector-space.types.js';

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
 * Search state kept with the metadata: the query log, the vector space that serves searches with each space's
 * fusion weight, which chunks still lack a vector in a space (what a blue/green re-embedding works through) and
 * the check that decides whether a re-embedded space may serve.
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
  /** Up to `limit` chunks spread over the whole corpus, the same ones on every call while it is unchanged. */
  sampleChunks(limit: number): Promise<ChunkToEmbed[]>;
  countDocumentsWithChunks(): Promise<number>;
  /** What is kept about a space besides its vectors (its fusion weight); null until first chosen. */
  spaceProfile(spaceId: string): Promise<VectorSpaceProfile | null>;
  saveSpaceProfile(profile: VectorSpaceProfile): Promise<void>;
  deleteSpaceProfile(spaceId: string): Promise<void>;
  /** The latest check or admin decision of a blue/green switch; null when none ran. */
  swapCheck(): Promise<SwapCheck | null>;
  saveSwapCheck(check: SwapCheck): Promise<void>;
}
