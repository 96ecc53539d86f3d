import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * Pages (FTS5 `pgsz`, 4 KB by default) one merge step writes: ~33 ms of work here (2,000 pages took ~150 ms,
 * too long a pause for searches waiting on the same thread). 100k chunks in 10 segments merge in 16 steps.
 */
const DEFAULT_PAGES_PER_STEP = 500;

/** What one compaction did. */
export interface FtsCompaction {
  segmentsBefore: number;
  segmentsAfter: number;
  steps: number;
  ms: number;
}

/**
 * Merges the b-tree segments of the chunk index (`document_chunks_fts`) into one. FTS5 writes a new segment
 * for each transaction and its automerge keeps up to three per level, so a million chunks written a document
 * at a time end up in about ten; a query then reads every term's list from each segment and merges them.
 * Measured on the 1M-chunk bench set (bench/search-latency.bench.ts data, 200 queries of 100 hits): 10 segments
 * → 1 made lexical p50/p95 61/167 ms → 44/134 ms; the merge took 9 s.
 *
 * The merge runs as FTS5 'merge' commands of `pagesPerStep` pages each (a negative count merges every level
 * together, as 'optimize' does, but in bounded steps), each its own short write transaction with a turn of
 * the event loop between them, so searches and writes are served throughout instead of waiting for one
 * long 'optimize'. A step that changes fewer than two rows found nothing left to merge.
 */
export async function compactFtsIndex(
  db: SqliteDatabase,
  options: { pagesPerStep?: number; signal?: AbortSignal } = {},
): Promise<FtsCompaction> {
  const started = performance.now();
  const pages = options.pagesPerStep ?? DEFAULT_PAGES_PER_STEP;
  if (!Number.isInteger(pages) || pages < 1) throw new RangeError(`pagesPerStep must be an integer ≥ 1`);
  const merge = db.prepare("INSERT INTO document_chunks_fts (document_chunks_fts, rank) VALUES ('merge', ?)");
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const segmentsBefore = countFtsSegments(db);
  let steps = 0;
  if (segmentsBefore > 1) {
    for (;;) {
      if (options.signal?.aborted) break;
      const before = totalChanges.get() as number;
      merge.run(-pages);
      steps += 1;
      if ((totalChanges.get() as number) - before < 2) break;
      await yieldToEventLoop();
    }
  }
  return {
    segmentsBefore,
    segmentsAfter: steps === 0 ? segmentsBefore : countFtsSegments(db),
    steps,
    ms: performance.now() - started,
  };
}

/** The FTS5 record describing the index's segments; every write that reaches the index rewrites it. */
const STRUCTURE_ROWID = 10;

/**
 * Decides when to compact: when the index has at least `minSegments` segments and was not written between
 * two ticks (its structure record is the same), so a merge never competes with a
 * burst of ingestion, and the merged index is not split again right away. A few segments cost little: each
 * write adds a small one and automerge folds them, so only a fragmented index is rewritten.
 */
export class FtsCompactionPolicy {
  private lastStructure: string | null = null;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: { minSegments?: number; pagesPerStep?: number } = {},
  ) {}

  /** Compacts if the index is fragmented and was quiet since the last tick; null when it did not. */
  async tick(signal?: AbortSignal): Promise<FtsCompaction | null> {
    const structure = structureOf(this.db);
    const quiet = structure === this.lastStructure;
    this.lastStructure = structure;
    if (!quiet || countFtsSegments(this.db) < (this.options.minSegments ?? 4)) return null;
    const result = await compactFtsIndex(this.db, {
      ...(this.options.pagesPerStep ? { pagesPerStep: this.options.pagesPerStep } : {}),
      ...(signal ? { signal } : {}),
    });
    this.lastStructure = structureOf(this.db);
    return result;
  }
}

/** The index's structure record, as hex ('' before the first write). */
function structureOf(db: SqliteDatabase): string {
  const block = db
    .prepare('SELECT block FROM document_chunks_fts_data WHERE id = ?')
    .pluck()
    .get(STRUCTURE_ROWID) as Buffer | undefined;
  return block ? block.toString('hex') : '';
}

/**
 * The b-tree segments of the chunk index: distinct segment ids of its `%_idx` table, which holds a row per
 * leaf page range of each segment (a few thousand rows per million chunks, read in a few milliseconds).
 */
export function countFtsSegments(db: SqliteDatabase): number {
  return db.prepare('SELECT count(DISTINCT segid) FROM document_chunks_fts_idx').pluck().get() as number;
}
