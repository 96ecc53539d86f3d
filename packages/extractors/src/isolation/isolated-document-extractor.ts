import {
  AppError,
  Semaphore,
  type DocumentExtractor,
  type ExtractedText,
  type ExtractionInput,
} from '@sift/core';
import { ExtractionThread, type ExtractorFactoryRef } from './extraction-thread.js';

/** Options of {@link IsolatedDocumentExtractor}. */
export interface IsolatedExtractorOptions {
  /** What each thread builds and runs. */
  extractor: ExtractorFactoryRef;
  /** Extractions at once (one thread each). */
  concurrency: number;
  /** Longest one extraction may run, by input (audio needs longer than a page of text). */
  timeoutMs: (input: ExtractionInput) => number;
  /** V8 heap of one thread, in MB. */
  maxHeapMb: number;
  /** How much lower than the process's the threads' CPU priority is (Linux: per thread). Default 10. */
  nice?: number;
  /** An idle thread is ended after this long; the next extraction starts a new one. Default 60 s. */
  idleMs?: number;
  /**
   * Idle threads kept however long they idle (started by `warm()`). Default 0. A thread's start loads every
   * parser (seconds through tsx), which a user would otherwise wait for on the first file after a quiet minute.
   */
  keepWarm?: number;
  /** After an abort, how long the extraction may take to stop before its thread is terminated. Default 2 s. */
  abortGraceMs?: number;
  /** The thread's entry script; tests swap it. */
  script?: URL;
}

/**
 * A DocumentExtractor that runs another one in worker threads, so that no file can block the process's event
 * loop: every extraction has a time limit (`EXTRACTION_TIMEOUT`, an interruption: the second one fails the
 * task as a poison pill) and a heap limit (`EXTRACTION_TOO_LARGE`, permanent). A stalled thread is terminated,
 * not waited for; threads are reused between extractions and ended when idle.
 */
export class IsolatedDocumentExtractor implements DocumentExtractor {
  /** Parked threads; `timer` null: kept warm, never ended for idling. */
  private readonly idle: { thread: ExtractionThread; timer: ReturnType<typeof setTimeout> | null }[] = [];
  private readonly busy = new Set<ExtractionThread>();
  private readonly slots: Semaphore;
  private closed = false;

  constructor(private readonly options: IsolatedExtractorOptions) {
    this.slots = new Semaphore(Math.max(1, options.concurrency));
  }

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    return this.slots.run(async () => {
      input.signal.throwIfAborted();
      const thread = this.take();
      let reusable = false;
      try {
        await abortable(thread.ready, input.signal).catch((err: unknown) => {
          if (input.signal.aborted) throw err;
          throw new AppError('EXTRACTOR_UNAVAILABLE', 'system', 'the extraction thread could not start', {
            cause: err,
          });
        });
        const result = await this.runLimited(thread, input);
        reusable = true;
        return result;
      } catch (err) {
        // Errors the extractor itself reported leave a healthy thread; timeouts and aborts do not return here.
        reusable = thread.alive && !input.signal.aborted && !isLimitError(err);
        throw err;
      } finally {
        this.busy.delete(thread);
        if (reusable && !this.closed) this.park(thread);
        else this.retire(thread);
      }
    }, input.signal);
  }

  /**
   * Starts threads until `keepWarm` are idle or starting, without waiting for them: the next extraction finds
   * one ready (or waits for the one starting) instead of starting its own. Where workers run, at start-up.
   */
  warm(): void {
    while (!this.closed && this.warmCount() < (this.options.keepWarm ?? 0)) {
      this.idle.push({ thread: this.newThread(), timer: null });
    }
  }

  /** Ends every thread; extractions still running fail. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [
      ...this.idle.splice(0).map(({ thread, timer }) => (clearTimeout(timer ?? undefined), thread)),
      ...this.busy,
    ];
    await Promise.all(all.map((t) => t.close().catch(() => undefined)));
  }

  private take(): ExtractionThread {
    let parked = this.idle.pop();
    while (parked && !parked.thread.alive) parked = this.idle.pop();
    if (parked) clearTimeout(parked.timer ?? undefined);
    const thread = parked?.thread ?? this.newThread();
    this.busy.add(thread);
    return thread;
  }

  private newThread(): ExtractionThread {
    return new ExtractionThread(
      this.options.extractor,
      { maxHeapMb: this.options.maxHeapMb, nice: this.options.nice ?? 10 },
      this.options.script,
    );
  }

  private warmCount(): number {
    return this.idle.filter((p) => p.timer === null && p.thread.alive).length;
  }

  /**
   * Asks the thread to stop what it runs (so the converters it started are killed), and terminates it after
   * the grace period whatever it does: a thread stuck in a loop never answers.
   */
  private retire(thread: ExtractionThread): void {
    if (!thread.alive) return;
    thread.abort();
    setTimeout(() => void thread.terminate(), this.options.abortGraceMs ?? 2_000).unref?.();
  }

  private park(thread: ExtractionThread): void {
    if (this.warmCount() < (this.options.keepWarm ?? 0)) {
      this.idle.push({ thread, timer: null });
      return;
    }
    const timer = setTimeout(() => {
      const i = this.idle.findIndex((p) => p.thread === thread);
      if (i >= 0) this.idle.splice(i, 1);
      void thread.close();
    }, this.options.idleMs ?? 60_000);
    timer.unref?.();
    this.idle.push({ thread, timer });
  }

  /** Runs one extraction against its time limit and the caller's signal. */
  private runLimited(thread: ExtractionThread, input: ExtractionInput): Promise<ExtractedText> {
    const { signal, onProgress, ...wire } = input;
    const limitMs = this.options.timeoutMs(input);
    return new Promise<ExtractedText>((resolve, reject) => {
      let settled = false;
      const finish = (err: unknown, result?: ExtractedText) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (err === null) resolve(result!);
        else reject(err);
      };
      const onAbort = () => finish(signal.reason);
      const timer = setTimeout(
        () =>
          finish(
            new AppError(
              'EXTRACTION_TIMEOUT',
              'system',
              `extracting ${input.filename} took longer than ${Math.round(limitMs / 1000)} s`,
              { details: { limitMs }, interrupted: true },
            ),
          ),
        limitMs,
      );
      signal.addEventListener('abort', onAbort, { once: true });
      thread.run(wire, onProgress).then(
        (result) => finish(null, result),
        (err: unknown) => finish(err),
      );
    });
  }
}

/** Errors after which the thread must not be reused. */
function isLimitError(err: unknown): boolean {
  return (
    err instanceof AppError &&
    ['EXTRACTION_TIMEOUT', 'EXTRACTION_TOO_LARGE', 'EXTRACTION_CRASHED'].includes(err.code)
  );
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}
