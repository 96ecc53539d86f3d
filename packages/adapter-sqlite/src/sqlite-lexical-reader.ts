import { Worker } from 'node:worker_threads';
import {
  AppError,
  appErrorFromThread,
  type IndexHit,
  type LexicalIndex,
  type Logger,
  type SearchFilter,
  type ThreadErrorWire,
} from '@sift/core';
import type { LexicalAnalysisOptions } from '@sift/lexical-analysis';
import type { SqliteLexicalIndex, SqliteLexicalIndexOptions } from './sqlite-lexical-index.adapter.js';

const WORKER_SCRIPT = new URL('./sqlite-lexical-reader.worker.mjs', import.meta.url);

type SearchOptions = { filter: SearchFilter; limit: number; offset?: number };

type WireError = ThreadErrorWire;

type Reply =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { type: 'result'; id: number; hits?: IndexHit[]; error?: WireError };

interface Pending {
  query: string;
  options: SearchOptions;
  resolve(hits: IndexHit[]): void;
  reject(err: Error): void;
}

/** Where the reader thread finds the data and how it reads it: as the main connection does. */
export interface LexicalReaderOptions {
  file: string;
  analysis?: LexicalAnalysisOptions;
  index?: SqliteLexicalIndexOptions;
  logger?: Logger;
}

/**
 * The embedded lexical index with its searches on a thread of their own. better-sqlite3 runs a statement on
 * the calling thread, so a search at a million chunks (40–250 ms of FTS5 work) held the event loop: the
 * semantic leg of a hybrid search waited for it (the two ran one after the other on two idle cores), and so
 * did every HTTP request. Here `search` runs the same SqliteLexicalIndex code on the thread's own connection
 * to the same file (WAL: it sees every committed write), while the caller goes on: a hybrid search's vector
 * leg runs meanwhile. Snippets stay on the caller's connection (a page of them costs a few milliseconds).
 *
 * The thread starts with the first search and loads the adapter through tsx (about a second); a thread that
 * cannot start, or dies, fails the searches it held with LEXICAL_READER_FAILED, and the next search starts a
 * new one — except when it never started at all: then searches run on the caller's thread, as before.
 */
export class ThreadedLexicalIndex implements LexicalIndex {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private unusable = false;
  private closed = false;

  constructor(
    private readonly local: SqliteLexicalIndex,
    private readonly options: LexicalReaderOptions,
  ) {}

  async search(query: string, options: SearchOptions): Promise<IndexHit[]> {
    if (this.unusable || this.closed) return this.local.search(query, options);
    const worker = this.thread();
    const id = this.nextId++;
    return new Promise<IndexHit[]>((resolve, reject) => {
      this.pending.set(id, { query, options, resolve, reject });
      worker.postMessage({ id, query, options });
    });
  }

  snippet(
    chunkId: string,
    query: string,
    options: { open: string; close: string; maxChars: number },
  ): Promise<string | null> {
    return this.local.snippet(chunkId, query, options);
  }

  snippets(
    chunkIds: readonly string[],
    query: string,
    options: { open: string; close: string; maxChars: number },
  ): Promise<Map<string, string>> {
    return this.local.snippets(chunkIds, query, options);
  }

  /** The terms a query searches for (SqliteLexicalIndex.queryTerms), on the caller's connection. */
  queryTerms(query: string, languages?: readonly string[]): string[] {
    return this.local.queryTerms(query, languages);
  }

  /** Ends the thread (searches still held fail with LEXICAL_READER_FAILED) and releases the local index. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.failPending('the lexical index was closed');
    await worker?.terminate();
    this.local.close();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SCRIPT, {
      execArgv: [],
      workerData: { file: this.options.file, analysis: this.options.analysis, index: this.options.index },
    });
    let started = false;
    worker.on('message', (reply: Reply) => {
      if (reply.type === 'ready') {
        started = true;
      } else if (reply.type === 'failed') {
        // It never started: searches go back to the caller's thread for good, those it held too.
        this.options.logger?.warn(
          { error: reply.error.message },
          'the lexical reader thread could not start; searching on the main thread',
        );
        this.unusable = true;
        this.retire(worker);
        const held = [...this.pending.values()];
        this.pending.clear();
        for (const call of held) this.local.search(call.query, call.options).then(call.resolve, call.reject);
        void worker.terminate();
      } else {
        const call = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.error) call?.reject(revive(reply.error));
        else call?.resolve(reply.hits ?? []);
      }
    });
    worker.on('error', (err) => {
      this.retire(worker);
      this.failPending(`the lexical reader thread failed: ${err.message}`);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.retire(worker);
      this.failPending(
        `the lexical reader thread exited (code ${code}${started ? '' : ', before it started'})`,
      );
    });
    this.worker = worker;
    return worker;
  }

  private retire(worker: Worker): void {
    if (this.worker === worker) this.worker = null;
  }

  private failPending(message: string): void {
    for (const [, call] of this.pending) {
      call.reject(new AppError('LEXICAL_READER_FAILED', 'system', message));
    }
    this.pending.clear();
  }
}

/** An error thrown in the thread: AppErrors keep their code, category and details. */
function revive(wire: WireError): Error {
  return (
    (wire.name === 'AppError' ? appErrorFromThread(wire) : null) ??
    new AppError('LEXICAL_READER_FAILED', 'system', `the lexical search failed: ${wire.message}`)
  );
}
