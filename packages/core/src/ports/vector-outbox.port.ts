import type { VectorIndex } from './vector-index.port.js';

/**
 * The truth the Chroma index is derived from: a VectorIndex over the metadata store's own vector table (the
 * exact PostgreSQL index), answering `upsert`, `get`, `count`, `dropSpace` and `exact` searches. Chroma never
 * holds a vector the truth does not.
 */
export type VectorTruth = Omit<VectorIndex, 'close'>;

/** What the truth knows of a space. */
export interface SpaceInfo {
  dimensions: number;
  /** Unique per creation of the space (a dropped and re-created space gets a new one): names its collection. */
  generation: number;
  /** Vectors in the space. */
  count: number;
}

/** The fields of a document that search filters read, as the Chroma metadata of each of its vectors. */
export interface DocumentFacets {
  documentId: string;
  ownerId: string;
  collectionId: string | null;
  folderId: string | null;
  contentType: string;
  category: string;
  tags: string[];
  language: string | null;
  /** Epoch ms. */
  uploadedAt: number;
  /** The user metadata object (top-level keys are filterable). */
  metadata: Record<string, unknown>;
}

/**
 * The current truth of one pending key, ready to write to the index:
 * - `upsert`: the chunk has this (normalised) vector in the space;
 * - `delete`: it has none any more (its chunk or vector went);
 * - `drop`: the space of that generation was dropped: its whole collection goes.
 */
export type VectorChange =
  | {
      kind: 'upsert';
      space: string;
      generation: number;
      /** The chunk's never-reused sequence number: the record id in the index. */
      key: number;
      chunkId: string;
      vector: Float32Array;
      document: DocumentFacets;
    }
  | { kind: 'delete'; space: string; generation: number; key: number }
  | { kind: 'drop'; space: string; generation: number };

/**
 * The transactional outbox of the truth store (PostgreSQL: table `vector_outbox`, filled by triggers in the
 * same transaction as every vector write and every change of a document's filter fields), from which a derived
 * vector index (Chroma) is fed. A port between two adapters: the PostgreSQL adapter implements it
 * (`PgVectorFeed`), the Chroma adapter consumes it, and neither depends on the other; the runtime wires them.
 */
export interface OutboxFeed {
  /** The space's dimensions, generation and vector count, or null when it holds no vector. */
  describeSpace(spaceId: string): Promise<SpaceInfo | null>;
  /**
   * Registers the consumer: from now on writes fill the outbox. The first call also queues every existing
   * vector (backfill), atomically with the switch, so nothing committed around it is missed. Idempotent.
   */
  enable(): Promise<void>;
  /** Queues every vector of a space again (an index that lost its collection rebuilds from the truth). */
  resync(spaceId: string): Promise<void>;
  /**
   * Takes up to `limit` pending rows (oldest first), one drainer at a time across processes, resolves them
   * against the truth at that moment and hands the changes to `apply`. The rows are acknowledged (deleted)
   * only when `apply` resolves; when it throws they stay pending and the error propagates.
   */
  drain(
    apply: (changes: VectorChange[]) => Promise<void>,
    options: { limit: number },
  ): Promise<{ rows: number }>;
  /** Rows waiting (for readiness and metrics). */
  pending(): Promise<number>;
  /**
   * Calls `listener` soon after a write filled the outbox, from any process; returns the unsubscribe
   * function. Optional: without it the index relies on its periodic drain and the drain before each search.
   */
  subscribe?(listener: () => void): Promise<() => Promise<void>>;
}
