/** Whether a text is a search query or a stored passage: e5/bge-style models embed them differently. */
export type EmbeddingKind = 'query' | 'passage';

/** Identity of an embedding space: vectors of different models (or dimensions) are never compared. */
export interface EmbedderInfo {
  /** Stable id recorded per collection, e.g. `use-lite`, `Xenova/all-MiniLM-L6-v2`, `openai:text-embedding-3-small`. */
  model: string;
  dimensions: number;
  /**
   * The hybrid fusion weight (0 lexical … 1 vector) this model is known to work best with, when known: a new
   * vector space of the model starts with it (`sift eval --tune` may later replace it).
   */
  hybridAlpha?: number;
}

/**
 * Turns texts into vectors (L2-normalised, so the dot product is the cosine similarity). Implementations batch
 * internally as they need; callers may pass any number of texts. Throws AppError `MODEL_MISSING` (permanent)
 * when the model cannot be loaded, `EMBEDDER_UNAVAILABLE` (third_party, retryable) when a remote service fails,
 * `EMBEDDER_REJECTED` (permanent) when it refuses the request, `EMBEDDER_BAD_RESPONSE` (permanent) when it
 * answers with the wrong number or dimension of vectors.
 */
export interface Embedder {
  /** Loads the model if needed and tells its id and dimension. */
  info(): Promise<EmbedderInfo>;
  /** One vector per text, in input order. */
  embed(texts: string[], options: { kind: EmbeddingKind; signal?: AbortSignal }): Promise<Float32Array[]>;
  /** Frees models and sessions. */
  close(): Promise<void>;
}
