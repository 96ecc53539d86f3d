import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';
import type { EmbeddingCache, EmbeddingCacheEntry } from '../ports/embedding-cache.port.js';
import type { Embedder, EmbedderInfo, EmbeddingKind } from '../ports/embedder.port.js';
import { silentLogger, type Logger } from '../ports/logger.port.js';
import { Semaphore } from '../system/semaphore.js';

/** Options of {@link CachedEmbedder}. */
export interface CachedEmbedderOptions {
  cache: EmbeddingCache;
  /**
   * At most this many calls into the wrapped embedder at once (default 2), or a semaphore shared by every
   * embedder of the process so the cap holds across them.
   */
  concurrency?: number | Semaphore;
  /** Texts per call into the wrapped embedder (default 64). */
  batchSize?: number;
  /** Cache failures are logged and worked around: the cache only saves work, it never decides the answer. */
  logger?: Logger;
}

/**
 * Wraps an {@link Embedder} with a content-hash cache: each text's key is sha256(model, dimension, kind, text),
 * so re-ingesting a document, a passage shared by many documents or a repeated query costs a lookup instead of
 * a model call. Only misses are embedded (each distinct text once, in batches, at most `concurrency` calls in
 * flight); results keep the input order. The dimension is part of the key because one model id can serve
 * several dimensions (OpenAI's `dimensions` parameter).
 */
export class CachedEmbedder implements Embedder {
  private readonly semaphore: Semaphore;
  private readonly batchSize: number;
  private readonly logger: Logger;
  private identity: Promise<EmbedderInfo> | null = null;

  constructor(
    private readonly inner: Embedder,
    private readonly options: CachedEmbedderOptions,
  ) {
    const concurrency = options.concurrency ?? 2;
    this.semaphore = typeof concurrency === 'number' ? new Semaphore(concurrency) : concurrency;
    this.batchSize = options.batchSize ?? 64;
    this.logger = options.logger ?? silentLogger;
  }

  info(): Promise<EmbedderInfo> {
    this.identity ??= this.inner.info().catch((err: unknown) => {
      this.identity = null; // a model put in place later, or a service back up, may answer next time
      throw err;
    });
    return this.identity;
  }

  async embed(
    texts: string[],
    options: { kind: EmbeddingKind; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    options.signal?.throwIfAborted();
    if (texts.length === 0) return [];
    const info = await this.info();
    const keys = texts.map((text) => embeddingCacheKey(info, options.kind, text));
    const found = await this.lookup(keys, info.dimensions);

    const missing = new Map<string, string>(); // key → text, each distinct text once
    keys.forEach((key, i) => {
      if (!found.has(key)) missing.set(key, texts[i]!);
    });
    const pending = [...missing.entries()];
    const batches: [string, string][][] = [];
    for (let i = 0; i < pending.length; i += this.batchSize)
      batches.push(pending.slice(i, i + this.batchSize));
    // At most `limit` batches of this call are in flight or queued at a time: a 3,000-chunk document then
    // holds two batches' tensors, not 47, and adds two abort listeners to its task's signal, not one per batch.
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < batches.length) await this.embedMisses(batches[next++]!, info, options, found);
    };
    await Promise.all(Array.from({ length: Math.min(this.semaphore.limit, batches.length) }, lane));

    return keys.map((key) => found.get(key)!);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Cached vectors by key; a failing cache or a vector of the wrong size counts as a miss. */
  private async lookup(keys: string[], dimensions: number): Promise<Map<string, Float32Array>> {
    const unique = [...new Set(keys)];
    const found = new Map<string, Float32Array>();
    let vectors: (Float32Array | null)[];
    try {
      vectors = await this.options.cache.getMany(unique);
    } catch (err) {
      this.logger.warn({ err, keys: unique.length }, 'embedding cache lookup failed; embedding every text');
      return found;
    }
    unique.forEach((key, i) => {
      const vector = vectors[i];
      if (vector && vector.length === dimensions) found.set(key, vector);
    });
    return found;
  }

  private async embedMisses(
    batch: [string, string][],
    info: EmbedderInfo,
    options: { kind: EmbeddingKind; signal?: AbortSignal },
    found: Map<string, Float32Array>,
  ): Promise<void> {
    const call = () =>
      this.inner.embed(
        batch.map(([, text]) => text),
        options,
      );
    // The cap bounds background embedding (ingest, re-embedding); a query — one short text, a user waiting —
    // must not queue behind a document's batches for a slot.
    const vectors = options.kind === 'query' ? await call() : await this.semaphore.run(call, options.signal);
    if (vectors.length !== batch.length || vectors.some((v) => v.length !== info.dimensions)) {
      throw new AppError(
        'EMBEDDER_BAD_RESPONSE',
        'system',
        `Embedder ${info.model} returned ${vectors.length} vectors for ${batch.length} texts, or a dimension other than ${info.dimensions}`,
        { details: { model: info.model, expected: batch.length, actual: vectors.length }, retryable: false },
      );
    }
    const entries: EmbeddingCacheEntry[] = batch.map(([key], i) => ({ key, vector: vectors[i]! }));
    for (const { key, vector } of entries) found.set(key, vector);
    try {
      await this.options.cache.putMany(entries);
    } catch (err) {
      this.logger.warn({ err, entries: entries.length }, 'embedding cache write failed; vectors not cached');
    }
  }
}

/** The cache key of one text: sha256 over model id, dimension, kind and text, NUL-separated (hex). */
export function embeddingCacheKey(info: EmbedderInfo, kind: EmbeddingKind, text: string): string {
  return createHash('sha256').update(`${info.model}\0${info.dimensions}\0${kind}\0${text}`).digest('hex');
}
