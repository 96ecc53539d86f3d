import { Worker } from 'node:worker_threads';
import { AppError, appErrorFromThread, type ThreadErrorWire } from '@sift/core';
import type { CrossEncoderScorerOptions } from './cross-encoder.scorer.js';

const WORKER_SCRIPT = new URL('./cross-encoder.worker.mjs', import.meta.url);

type WireError = ThreadErrorWire;

type Message =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { id: number; ok: true; logits: Float64Array }
  | { id: number; ok: false; error: WireError };

interface Waiter {
  resolve(logits: number[]): void;
  reject(err: unknown): void;
}

/**
 * A worker thread holding one loaded cross-encoder (protocol in cross-encoder.worker.mjs). Requests queue in the
 * thread and run one at a time. The thread does not keep the process alive while nothing is pending. Errors
 * come back as the AppErrors the scorer threw (`MODEL_MISSING`, `MODEL_LOAD_FAILED`, `RERANK_FAILED`); a
 * thread that dies fails what it was doing with `RERANK_FAILED` and is {@link alive} no more.
 */
export class CrossEncoderThread {
  /** Settles when the model is loaded in the thread, or rejects with why it could not be. */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Waiter>();
  private nextId = 1;
  private death: Error | null = null;

  constructor(options: CrossEncoderScorerOptions) {
    let settle!: { resolve(): void; reject(err: unknown): void };
    this.ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    this.ready.catch(() => undefined);
    this.worker = new Worker(WORKER_SCRIPT, { workerData: { options }, execArgv: [] });
    // Loading is pending work: a process waiting for its first search result must not exit under it.
    this.worker.ref();
    this.worker.on('message', (message: Message) => {
      if ('type' in message) {
        this.worker.unref();
        if (message.type === 'ready') return settle.resolve();
        const err = toError(message.error);
        this.die(err);
        settle.reject(err);
        void this.worker.terminate();
        return;
      }
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (this.pending.size === 0) this.worker.unref();
      if (message.ok) waiter?.resolve(Array.from(message.logits));
      else waiter?.reject(toError(message.error));
    });
    this.worker.on('error', (err) => this.die(crashed(err.message)));
    this.worker.on('exit', (code) => {
      const err = this.death ?? crashed(`the cross-encoder thread exited with code ${code}`);
      this.die(err);
      settle.reject(err);
    });
  }

  /** False once the thread failed to load, died or was closed. */
  get alive(): boolean {
    return this.death === null;
  }

  /**
   * The relevance logit of each (query, passage) pair, computed in the thread. Aborting the signal rejects
   * with its reason at once and drops the request if the thread has not started it (one it is running
   * finishes there, unheard).
   */
  score(query: string, passages: string[], signal?: AbortSignal): Promise<number[]> {
    if (this.death) return Promise.reject(this.death);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<number[]>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        if (this.pending.size === 0) this.worker.unref();
        this.worker.postMessage({ cancel: id });
        reject(signal!.reason);
      };
      const settled = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (logits) => (settled(), resolve(logits)),
        reject: (err) => (settled(), reject(err)),
      });
      this.worker.postMessage({ id, query, passages });
    });
  }

  async close(): Promise<void> {
    this.die(crashed('the cross-encoder thread was closed'));
    await this.worker.terminate();
  }

  private die(err: Error): void {
    this.death ??= err;
    for (const waiter of this.pending.values()) waiter.reject(this.death);
    this.pending.clear();
  }
}

function toError(wire: WireError): Error {
  return appErrorFromThread(wire) ?? new Error(wire.message);
}

function crashed(message: string): AppError {
  return new AppError('RERANK_FAILED', 'system', message, { retryable: false });
}
