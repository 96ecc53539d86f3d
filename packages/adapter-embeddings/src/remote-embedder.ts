import { AppError, type Embedder, type EmbedderInfo, type EmbeddingKind } from '@sift/core';
import { batches, l2Normalize, withPrefix } from './vector-math.js';

/** What every remote embedder shares: identity, batching and the per-kind prefixes. */
export interface RemoteEmbedderSettings {
  /** Id recorded with the vectors, e.g. `openai:text-embedding-3-small`. */
  id: string;
  /** Service URL, for error messages. */
  url: string;
  /** Known dimension; when absent, learnt from the first answer (or a probe in `info()`). */
  dimensions?: number;
  batchSize: number;
  queryPrefix?: string;
  passagePrefix?: string;
}

const PROBE_TEXT = 'dimension probe';

/**
 * Batching, prefixes, validation and normalisation around one `requestBatch` call per batch. Every answer must
 * hold one vector per text, all of the embedder's dimension, of finite numbers; anything else throws
 * `EMBEDDER_BAD_RESPONSE` (third_party, permanent: the same request would get the same answer).
 */
export abstract class RemoteEmbedder implements Embedder {
  private dimensions: number | null;

  protected constructor(private readonly settings: RemoteEmbedderSettings) {
    this.dimensions = settings.dimensions ?? null;
  }

  async info(): Promise<EmbedderInfo> {
    if (this.dimensions === null) await this.embed([PROBE_TEXT], { kind: 'passage' });
    return { model: this.settings.id, dimensions: this.dimensions! };
  }

  async embed(
    texts: string[],
    options: { kind: EmbeddingKind; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    options.signal?.throwIfAborted();
    const prefix = options.kind === 'query' ? this.settings.queryPrefix : this.settings.passagePrefix;
    const out: Float32Array[] = [];
    for (const batch of batches(texts, this.settings.batchSize)) {
      const vectors = await this.requestBatch(
        // OpenAI refuses an empty input string; a space embeds as "nothing" everywhere.
        batch.map((text) => withPrefix(text, prefix) || ' '),
        options.signal,
      );
      if (vectors.length !== batch.length) {
        throw this.badResponse(`returned ${vectors.length} vectors for ${batch.length} texts`);
      }
      for (const vector of vectors) out.push(this.check(vector));
    }
    return out;
  }

  async close(): Promise<void> {
    // Nothing held open: each request is its own fetch.
  }

  /** The raw vectors of one batch, in input order. */
  protected abstract requestBatch(texts: string[], signal?: AbortSignal): Promise<unknown[]>;

  protected badResponse(what: string, details: Record<string, unknown> = {}): AppError {
    return new AppError(
      'EMBEDDER_BAD_RESPONSE',
      'third_party',
      `Embedding service ${this.settings.url} ${what}`,
      {
        details: { url: this.settings.url, model: this.settings.id, ...details },
        retryable: false,
      },
    );
  }

  private check(vector: unknown): Float32Array {
    if (
      !Array.isArray(vector) ||
      vector.length === 0 ||
      !vector.every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      throw this.badResponse('returned something that is not a vector of numbers');
    }
    if (this.dimensions === null) this.dimensions = vector.length;
    if (vector.length !== this.dimensions) {
      throw this.badResponse(`returned a ${vector.length}-dimensional vector, expected ${this.dimensions}`, {
        expected: this.dimensions,
        actual: vector.length,
      });
    }
    return l2Normalize(vector as number[]);
  }
}
