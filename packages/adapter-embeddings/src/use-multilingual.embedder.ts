import fs from 'node:fs';
import path from 'node:path';
import { AppError, type Embedder, type EmbedderInfo, type EmbeddingKind } from '@sift/core';
import { startEmbeddingThread, type EmbeddingThread } from './embedding-thread.js';
import { USE_MULTILINGUAL_FILES } from './use-multilingual-install.js';
import { truncateAtWord, USE_LITE_MAX_CHARS } from './use-lite.embedder.js';
import { coalescing, type UseLiteRunner } from './use-lite-runner.js';
import { batches, l2Normalize } from './vector-math.js';

/** Model id of Universal Sentence Encoder Multilingual v3 (its vectors' space, its directory under the models dir). */
export const USE_MULTILINGUAL_MODEL = 'google/universal-sentence-encoder-multilingual-3';
/** The catalogue name `sift models fetch` installs it by; also accepted as SIFT_EMBEDDING_MODEL. */
export const USE_MULTILINGUAL_NAME = 'use-multilingual-v3';
export const USE_MULTILINGUAL_DIMENSIONS = 512;

const WORKER_SCRIPT = new URL('./use-multilingual.worker.mjs', import.meta.url);

/** Whether `model` (SIFT_EMBEDDING_MODEL, a vector space's id) names this model. */
export function isUseMultilingualModel(model: string): boolean {
  const wanted = model.toLowerCase();
  return wanted === USE_MULTILINGUAL_MODEL || wanted === USE_MULTILINGUAL_NAME;
}

/** Whether `sift models fetch use-multilingual-v3` installed the model's runnable files in `modelsDir`. */
export function isUseMultilingualInstalled(modelsDir: string): boolean {
  const dir = path.join(path.resolve(modelsDir), USE_MULTILINGUAL_MODEL);
  return Object.values(USE_MULTILINGUAL_FILES).every((f) => fs.existsSync(path.join(dir, f)));
}

/** Options of {@link UseMultilingualEmbedder}. */
export interface UseMultilingualEmbedderOptions {
  /** `SIFT_MODELS_DIR`: the model is read from `<modelsDir>/google/universal-sentence-encoder-multilingual-3`. */
  modelsDir: string;
  /** Texts per message to a worker (default 32); concurrent queries are coalesced up to this many. */
  batchSize?: number;
  /**
   * Texts per model call (default 1). The int8 graph quantises activations per call, so batching several texts
   * moves each vector slightly (cosine ≥ 0.998 to its lone vector) in exchange for fewer calls.
   */
  modelBatch?: number;
  /** Characters of each text that are embedded (default 2,000, cut at a word boundary). */
  maxChars?: number;
  /** ONNX Runtime intra-op threads per lane (default: its own choice). */
  threads?: number;
  /** CPU niceness of the thread that embeds passages (default 10): ingestion yields to queries. */
  passageNice?: number;
}

/**
 * Universal Sentence Encoder Multilingual v3 (Google; 16 languages incl. Polish and German in one 512-dimension
 * space, so a Polish query finds a German passage), int8, from the tf2onnx export that `sift models fetch
 * use-multilingual-v3` installs with its tokenizer cut out. Texts are tokenised in JavaScript and embedded by
 * onnxruntime-node in worker threads: one lane for queries, one at a lower CPU priority for passages. Queries
 * and passages embed alike (USE has no instructions); like USE-lite only the head of a long text is embedded.
 * Vectors are L2-normalised.
 */
export class UseMultilingualEmbedder implements Embedder {
  private readonly dir: string;
  private readonly batchSize: number;
  private readonly maxChars: number;
  private readonly loading: Record<EmbeddingKind, Promise<UseLiteRunner> | null> = {
    query: null,
    passage: null,
  };

  constructor(private readonly options: UseMultilingualEmbedderOptions) {
    this.dir = path.join(path.resolve(options.modelsDir), USE_MULTILINGUAL_MODEL);
    this.batchSize = options.batchSize ?? 32;
    this.maxChars = options.maxChars ?? USE_LITE_MAX_CHARS;
  }

  info(): Promise<EmbedderInfo> {
    return Promise.resolve({ model: USE_MULTILINGUAL_MODEL, dimensions: USE_MULTILINGUAL_DIMENSIONS });
  }

  async embed(
    texts: string[],
    options: { kind: EmbeddingKind; signal?: AbortSignal },
  ): Promise<Float32Array[]> {
    options.signal?.throwIfAborted();
    if (texts.length === 0) return [];
    const runner = await this.load(options.kind);
    const out: Float32Array[] = [];
    for (const batch of batches(texts, this.batchSize)) {
      // A model call cannot be interrupted; a cancelled job stops between batches.
      options.signal?.throwIfAborted();
      const vectors = await runner.embed(batch.map((t) => truncateAtWord(t, this.maxChars)));
      for (const v of vectors) out.push(l2Normalize(v));
    }
    return out;
  }

  async close(): Promise<void> {
    const lanes = [this.loading.query, this.loading.passage];
    this.loading.query = this.loading.passage = null;
    for (const loading of lanes) {
      const runner = await loading?.catch(() => null);
      await runner?.dispose();
    }
  }

  private load(kind: EmbeddingKind): Promise<UseLiteRunner> {
    const nice = kind === 'passage' ? (this.options.passageNice ?? 10) : 0;
    const loading = (this.loading[kind] ??= this.start(nice)
      // Concurrent searches share model calls (passages already arrive batched).
      .then((runner) => (kind === 'query' ? coalescing(runner, this.batchSize) : runner))
      .catch((err: unknown) => {
        this.loading[kind] = null;
        throw err;
      }));
    return loading;
  }

  private async start(nice: number): Promise<EmbeddingThread> {
    try {
      const { thread } = await startEmbeddingThread<object>(
        WORKER_SCRIPT,
        {
          dir: this.dir,
          graph: USE_MULTILINGUAL_FILES.graph,
          tokenizer: USE_MULTILINGUAL_FILES.tokenizer,
          nice,
          modelBatch: this.options.modelBatch ?? 1,
          threads: this.options.threads,
        },
        {
          notReady: (m) => new Error(m.message || 'the model could not be loaded'),
          crashed: (cause) =>
            typeof cause === 'number'
              ? new Error(`the ${USE_MULTILINGUAL_NAME} worker exited with code ${cause}`)
              : cause,
          closed: `the ${USE_MULTILINGUAL_NAME} worker was closed`,
        },
      );
      return thread;
    } catch (err) {
      throw new AppError(
        'MODEL_MISSING',
        'system',
        `${USE_MULTILINGUAL_NAME} could not be loaded from ${this.dir} (install it: sift models fetch ${USE_MULTILINGUAL_NAME}): ${(err as Error).message}`,
        { details: { model: USE_MULTILINGUAL_MODEL }, retryable: false, cause: err },
      );
    }
  }
}
