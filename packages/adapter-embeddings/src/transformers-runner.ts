import { Worker } from 'node:worker_threads';
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

type Ready =
  | { ready: true; dimensions: number }
  | { ready: false; stage: 'load' | 'probe'; name: string; message: string };
type Reply = { id: number; ok: true; vectors: Float32Array[] } | { id: number; ok: false; message: string };

/**
 * Starts a worker thread that loads the model and answers embedding calls, so inference runs beside the event
 * loop: the server keeps answering and the next document is extracted while this one is embedded. The thread
 * does not keep the process alive while it has nothing to do. Rejects with a {@link TransformersWorkerError}.
 */
export function startTransformersWorker(settings: TransformersWorkerSettings): Promise<TransformersRunner> {
  return new Promise((resolve, reject) => {
    // No execArgv: the worker is plain JavaScript and needs none of the parent's loaders or flags.
    const worker = new Worker(WORKER_SCRIPT, { execArgv: [], workerData: settings });
    worker.unref();
    const pending = new Map<number, { resolve(v: Float32Array[]): void; reject(e: Error): void }>();
    let nextId = 1;
    let dead: Error | null = null;
    const fail = (err: Error) => {
      if (dead) return;
      dead = err;
      reject(err);
      for (const waiter of pending.values()) waiter.reject(err);
      pending.clear();
    };
    worker.on('error', (err) => fail(new TransformersWorkerError('thread', err.name, err.message)));
    worker.on('exit', (code) =>
      fail(new TransformersWorkerError('thread', 'Error', `the embedding worker exited with code ${code}`)),
    );
    worker.on('message', (message: Ready | Reply) => {
      if ('ready' in message) {
        if (!message.ready) {
          fail(new TransformersWorkerError(message.stage, message.name, message.message));
          void worker.terminate();
          return;
        }
        resolve({
          dimensions: message.dimensions,
          embed(texts) {
            if (dead) return Promise.reject(dead);
            const id = nextId++;
            if (pending.size === 0) worker.ref();
            return new Promise<Float32Array[]>((res, rej) => {
              pending.set(id, { resolve: res, reject: rej });
              worker.postMessage({ id, texts });
            });
          },
          async dispose() {
            dead ??= new Error('the embedding worker was closed');
            await worker.terminate();
          },
        });
        return;
      }
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (pending.size === 0) worker.unref();
      if (message.ok) waiter?.resolve(message.vectors);
      else waiter?.reject(new Error(message.message));
    });
  });
}
