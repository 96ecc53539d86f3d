import { startEmbeddingThread } from './embedding-thread.js';
import type { TransformersPooling } from './known-embedding-models.js';

/** What the worker thread loads and how it embeds (structured-cloned into it). */
export interface TransformersWorkerSettings {
  /** Hub id or absolute model directory. */
  model: string;
  modelsDir: string;
  allowRemoteModels: boolean;
  /** Ends with `/`. */
  remoteHost?: string;
  connectTimeoutMs: number;
  /** `fp32`, `q8`, …; undefined leaves the choice to transformers.js. */
  dtype?: string;
  pooling: TransformersPooling;
  normalize: boolean;
  /** Cut texts at this many tokens; undefined: the tokenizer's own limit. */
  maxTokens?: number;
  /** Rows × padded length of one model call at most (a longer batch runs in slices); undefined: no bound. */
  maxBatchTokens?: number;
  /** ONNX Runtime intra-op threads; undefined: its default (one per core). */
  threads?: number;
  /** CPU niceness of the thread (Linux: per thread, inherited by ONNX Runtime's threads). */
  nice: number;
}

/** A loaded model in a worker thread of its own. */
export interface TransformersRunner {
  /** Length of the vectors the model outputs. */
  readonly dimensions: number;
  /** One vector per text, in order (one model call: the caller batches). */
  embed(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

/** Why the worker could not start: the model did not load, or loaded but could not embed a probe text. */
export class TransformersWorkerError extends Error {
  constructor(
    readonly stage: 'load' | 'probe' | 'thread',
    name: string,
    message: string,
  ) {
    super(message);
    this.name = name;
  }
}

const WORKER_SCRIPT = new URL('./transformers.worker.mjs', import.meta.url);

/**
 * Starts a worker thread that loads the model and answers embedding calls (see embedding-thread.ts). Rejects
 * with a {@link TransformersWorkerError}.
 */
export async function startTransformersWorker(
  settings: TransformersWorkerSettings,
): Promise<TransformersRunner> {
  const { reported, thread } = await startEmbeddingThread<{ dimensions: number }>(WORKER_SCRIPT, settings, {
    notReady: (m) =>
      new TransformersWorkerError(m.stage as 'load' | 'probe', String(m.name ?? 'Error'), m.message),
    crashed: (cause) =>
      typeof cause === 'number'
        ? new TransformersWorkerError('thread', 'Error', `the embedding worker exited with code ${cause}`)
        : new TransformersWorkerError('thread', cause.name, cause.message),
    closed: 'the embedding worker was closed',
  });
  return {
    dimensions: reported.dimensions,
    embed: (texts) => thread.embed(texts),
    dispose: () => thread.dispose(),
  };
}
