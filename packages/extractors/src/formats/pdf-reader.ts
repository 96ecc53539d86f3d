import { Worker } from 'node:worker_threads';
import { AppError } from '@sift/core';
import type { PdfAnnotation } from './pdf-annotations.js';
import type { PdfTextItem } from './pdf-layout.js';

/**
 * pdf.js runs in worker threads started without the TypeScript loader (see pdf-reader.worker.mjs for why).
 * Protocol: the worker posts `{ready: true}` once pdf.js is loaded, then answers each `{id, op, ...}` with
 * `{id, ok: true, result}` or `{id, ok: false, error: {name, message}}`. Ops: `open {path}` →
 * `{pages, info}`, `page {page}` → `{items, problems, annotations}` (text items, pdf.js's warnings about content it
 * skipped, and the page's annotations), `close` → `{heapBytes}`. One document per worker at a time.
 */
const WORKER_SCRIPT = new URL('./pdf-reader.worker.mjs', import.meta.url);
const YOUNG_GENERATION_MB = 8;

/** Options of {@link PdfWorkerPool}. */
export interface PdfWorkerPoolOptions {
  /** V8 old-space limit of one worker, in MB: a PDF needing more fails alone, the process lives on. */
  maxHeapMb?: number;
  /** An idle worker is ended after this long (it holds pdf.js, ~50 MB); the next PDF starts a new one. */
  idleMs?: number;
  /**
   * A worker whose heap is larger than this after closing its document is ended at once instead of kept
   * warm: after a big PDF its memory goes back before the pipeline chunks and indexes the text.
   */
  keepWarmHeapMb?: number;
  /** The worker script; tests swap in one that fails. */
  script?: URL;
}

/** One page as pdf.js read it. */
export interface PdfPage {
  items: PdfTextItem[];
  /** pdf.js's warnings about content of the page it skipped (a stream that fails to decode), at most 10. */
  problems: string[];
  /** The page's annotations: comments, links, form field widgets. */
  annotations?: PdfAnnotation[];
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WorkerError };
interface WorkerError {
  name: string;
  message: string;
}

/** One worker thread and its pending requests. */
class PdfWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  private nextId = 1;
  private dead: unknown = null;
  private readonly maxHeapMb: number;
  private settleReady: { resolve(): void; reject(e: unknown): void } | null = null;
  /** Settles once pdf.js is loaded in the thread, or with the error the thread died of. */
  readonly ready: Promise<void>;

  constructor(script: URL, maxHeapMb: number) {
    this.maxHeapMb = maxHeapMb;
    this.ready = new Promise<void>((resolve, reject) => (this.settleReady = { resolve, reject }));
    // A caller that learns of a death through a request need not also await `ready`.
    this.ready.catch(() => undefined);
    this.worker = new Worker(script, {
      // No `--import tsx` (nor any other loader) in the thread.
      execArgv: [],
      // pdf.js allocates many short-lived objects; a smaller nursery than V8's default keeps ~25 MB less
      // resident per worker at no measurable cost in speed (bench/pdf-1000-pages.bench.ts).
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    this.worker.on('message', (reply: Reply | { ready: true }) => {
      if (!('id' in reply)) {
        this.settleReady?.resolve();
        return;
      }
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiter?.resolve(reply.result);
      else waiter?.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`the PDF worker exited with code ${code}`)));
  }

  get alive(): boolean {
    return this.dead === null;
  }

  request<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    if (this.dead !== null) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, op, ...args });
    });
  }

  /** Ends the thread; pending requests reject with `reason`. */
  terminate(reason: unknown): void {
    if (this.dead === null) this.dead = reason;
    this.settleReady?.reject(this.dead);
    this.rejectAll(this.dead);
    void this.worker.terminate();
  }

  setIdle(idle: boolean): void {
    // An idle worker must not keep the process alive; a busy one must, while its caller awaits it.
    if (idle) this.worker.unref();
    else this.worker.ref();
  }

  /** The thread died: every waiter (and `ready`) rejects with what that means for the document. */
  private fail(err: unknown): void {
    if (this.dead !== null) return;
    const code = (err as { code?: unknown }).code;
    this.dead =
      code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new AppError(
            'DOCUMENT_TOO_COMPLEX',
            'user',
            `Reading the PDF needed more than the ${this.maxHeapMb} MB a PDF may use`,
            { details: { limitMb: this.maxHeapMb }, retryable: false, cause: err },
          )
        : new AppError('PDF_READER_FAILED', 'system', 'The PDF reader stopped unexpectedly', {
            details: { reason: err instanceof Error ? err.message : String(err) },
            retryable: true,
            cause: err,
          });
    this.settleReady?.reject(this.dead);
    this.rejectAll(this.dead);
  }

  private rejectAll(reason: unknown): void {
    for (const waiter of this.pending.values()) waiter.reject(reason);
    this.pending.clear();
  }
}

/** Warm pdf.js workers, one per PDF being read, kept for a while after use so a batch of PDFs starts none. */
export class PdfWorkerPool {
  private readonly idle: { worker: PdfWorker; timer: NodeJS.Timeout }[] = [];
  private readonly script: URL;
  private readonly maxHeapMb: number;
  private readonly idleMs: number;
  private readonly keepWarmHeapBytes: number;

  constructor(options: PdfWorkerPoolOptions = {}) {
    this.script = options.script ?? WORKER_SCRIPT;
    this.maxHeapMb = options.maxHeapMb ?? 2048;
    this.idleMs = options.idleMs ?? 10_000;
    // pdf.js alone, after a few small PDFs, sits at ~27 MB of heap.
    this.keepWarmHeapBytes = (options.keepWarmHeapMb ?? 40) * 1024 ** 2;
  }

  /** Workers waiting warm for the next PDF. */
  get idleWorkers(): number {
    return this.idle.length;
  }

  /** Opens `path` in a worker; rejects with pdf.js's own error (name and message) when it cannot. */
  async open(path: string): Promise<PdfReader> {
    const worker = await this.acquire();
    try {
      const opened = await worker.request<{ pages: number; info: Record<string, string> }>('open', { path });
      return new PdfReader(worker, opened.pages, opened.info, this);
    } catch (err) {
      // pdf.js refused the file but the thread is fine: free what it parsed and keep the worker.
      if (worker.alive) await this.closeAndRelease(worker).catch((e: unknown) => worker.terminate(e));
      throw err;
    }
  }

  /** Frees the worker's document and keeps the worker for the next PDF. */
  async closeAndRelease(worker: PdfWorker): Promise<void> {
    const { heapBytes } = await worker.request<{ heapBytes: number }>('close');
    if (heapBytes > this.keepWarmHeapBytes) worker.terminate(new Error('ended after a large document'));
    else this.release(worker);
  }

  private async acquire(): Promise<PdfWorker> {
    while (this.idle.length > 0) {
      const { worker, timer } = this.idle.pop()!;
      clearTimeout(timer);
      if (!worker.alive) continue;
      worker.setIdle(false);
      return worker;
    }
    const worker = new PdfWorker(this.script, this.maxHeapMb);
    await worker.ready;
    return worker;
  }

  private release(worker: PdfWorker): void {
    if (!worker.alive) return;
    worker.setIdle(true);
    const entry = {
      worker,
      timer: setTimeout(() => {
        this.idle.splice(this.idle.indexOf(entry), 1);
        worker.terminate(new Error('idle'));
      }, this.idleMs).unref(),
    };
    this.idle.push(entry);
  }
}

/** One open PDF in a worker. `close()` (after success) or `destroy()` (after anything else) must follow. */
export class PdfReader {
  constructor(
    private readonly worker: PdfWorker,
    /** Page count. */
    readonly pages: number,
    /** String entries of the document information dictionary (Title, Author, CreationDate, …). */
    readonly info: Record<string, string>,
    private readonly pool: PdfWorkerPool,
  ) {}

  /** Page `n`'s text items and the damage pdf.js skipped; rejects with its error when the page cannot be parsed. */
  page(n: number): Promise<PdfPage> {
    return this.worker.request<PdfPage>('page', { page: n });
  }

  /** Files embedded in the PDF (attachments, portfolio members), up to `max` files and `maxBytes` in all. */
  attachments(
    max: number,
    maxBytes: number,
  ): Promise<{ files: { filename: string; content: Uint8Array }[]; skipped: number }> {
    return this.worker.request('attachments', { max, maxBytes });
  }

  /** Frees the document and hands the worker back for the next PDF. */
  close(): Promise<void> {
    return this.pool.closeAndRelease(this.worker);
  }

  /** Ends the worker at once (an abort, a failure): a request in flight rejects with `reason`. */
  destroy(reason: unknown): void {
    this.worker.terminate(reason);
  }
}
