import { Worker } from 'node:worker_threads';
import {
  AppError,
  appErrorFromThread,
  type ExtractedText,
  type ExtractionInput,
  type ThreadErrorWire,
} from '@sift/core';

const HOST_SCRIPT = new URL('./extraction-host.worker.mjs', import.meta.url);

/** What an extraction thread is told to build: `(await import(module))[factory](options)` → DocumentExtractor. */
export interface ExtractorFactoryRef {
  /** URL of the module (TypeScript is fine: the thread registers tsx). */
  module: string;
  /** Name of the exported factory, which may return a promise and may give the extractor a `close()`. */
  factory: string;
  /** Passed to the factory; must survive structured cloning (plain data). */
  options: unknown;
}

/** The input as it crosses to the thread: everything but the signal and the progress callback. */
export type ThreadInput = Omit<ExtractionInput, 'signal' | 'onProgress'>;

type WireError = ThreadErrorWire & { name: string };

type HostMessage =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'result'; id: number; result: ExtractedText }
  | { type: 'error'; id: number; error: WireError };

interface Job {
  id: number;
  resolve(result: ExtractedText): void;
  reject(err: unknown): void;
  onProgress?: (fraction: number) => void;
}

/**
 * One worker thread running a DocumentExtractor, one extraction at a time (protocol: the parent posts
 * `{type: 'extract', id, input}` and may post `{type: 'abort', id}`; the thread answers `progress`, then
 * `result` or `error`). Its heap is capped: a file that needs more kills only this thread, reported as
 * `EXTRACTION_TOO_LARGE`; any other death is `EXTRACTION_CRASHED` (an interruption, see the retry policy).
 */
export class ExtractionThread {
  private readonly worker: Worker;
  private job: Job | null = null;
  private nextId = 1;
  private death: AppError | null = null;
  private terminating = false;
  private started = false;
  /** Settles when the extractor is built in the thread, or rejects with why it could not be. */
  readonly ready: Promise<void>;

  constructor(ref: ExtractorFactoryRef, limits: { maxHeapMb: number; nice: number }, script = HOST_SCRIPT) {
    let settleReady!: { resolve(): void; reject(err: unknown): void };
    this.ready = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));
    this.ready.catch(() => undefined);
    this.worker = new Worker(script, {
      workerData: { ...ref, nice: limits.nice },
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
      stdout: false,
      stderr: false,
    });
    this.worker.on('message', (message: HostMessage) => {
      if (message.type === 'ready') {
        this.started = true;
        return settleReady.resolve();
      }
      if (message.type === 'failed') return settleReady.reject(toError(message.error));
      const job = this.job;
      if (!job || job.id !== message.id) return;
      if (message.type === 'progress') return job.onProgress?.(message.fraction);
      this.job = null;
      if (message.type === 'result') job.resolve(message.result);
      else job.reject(toError(message.error));
    });
    this.worker.on('error', (err: Error & { code?: string }) => {
      this.death =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AppError(
              'EXTRACTION_TOO_LARGE',
              'user',
              `extracting this file needs more than the ${limits.maxHeapMb} MB an extraction may use`,
              { details: { maxHeapMb: limits.maxHeapMb }, retryable: false },
            )
          : crashed(err.message);
    });
    this.worker.on('exit', (code) => {
      const death = this.death ?? crashed(`the extraction thread exited with code ${code}`);
      this.death = death;
      settleReady.reject(death);
      const job = this.job;
      this.job = null;
      job?.reject(death);
    });
  }

  /** False once the thread has exited or is being terminated. */
  get alive(): boolean {
    return this.death === null && !this.terminating;
  }

  run(input: ThreadInput, onProgress?: (fraction: number) => void): Promise<ExtractedText> {
    if (!this.alive) return Promise.reject(this.death ?? crashed('the extraction thread is stopping'));
    if (this.job) return Promise.reject(new Error('an extraction thread runs one extraction at a time'));
    const id = this.nextId++;
    return new Promise<ExtractedText>((resolve, reject) => {
      this.job = { id, resolve, reject, ...(onProgress ? { onProgress } : {}) };
      this.worker.postMessage({ type: 'extract', id, input });
    });
  }

  /** Asks the running extraction to stop (it kills the programs it started); a stalled one will not hear. */
  abort(): void {
    if (this.job && this.alive) this.worker.postMessage({ type: 'abort', id: this.job.id });
  }

  /** Ends the thread at once, whatever it is doing (a synchronous loop included). */
  async terminate(): Promise<void> {
    this.terminating = true;
    await this.worker.terminate();
  }

  /** Lets the extractor release what it holds (OCR workers), then ends the thread. */
  async close(graceMs = 2_000): Promise<void> {
    if (!this.alive) return;
    // Still loading its modules (a warm thread at start-up): it holds nothing to release, and would hear
    // `close` only once loaded.
    if (!this.started) return this.terminate();
    this.terminating = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' });
    const timer = setTimeout(() => void this.worker.terminate(), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

function crashed(message: string): AppError {
  return new AppError('EXTRACTION_CRASHED', 'system', `the extraction crashed: ${message}`, {
    interrupted: true,
  });
}

/** Rebuilds an error thrown in the thread: AppErrors keep code, category, details and retryability. */
function toError(wire: WireError): Error {
  const appError = wire.name === 'AppError' ? appErrorFromThread(wire) : null;
  if (appError) return appError;
  const err = Object.assign(new Error(wire.message), {
    name: wire.name,
    ...(wire.code ? { code: wire.code } : {}),
  });
  if (wire.stack) err.stack = wire.stack;
  return err;
}
