import type { SearchFilter } from '@sift/core';
import type { SqliteDatabase } from './sqlite-database.js';
import { buildDocumentFilter } from './sqlite-search-filter.js';
import type { StatementCache } from './sqlite-statements.js';
import { readSpace, viewVector } from './sqlite-vector-rows.js';
import type { ScoredChunk } from './sqlite-vector-search.queries.js';

/** One space's vectors as one contiguous matrix, with the keys of each row. */
interface CachedSpace {
  dimensions: number;
  createdAt: number;
  /** The space's version (bumped per vector changed) and count the matrix matches. */
  version: number;
  count: number;
  maxSeq: number;
  seqs: number[];
  chunkIds: string[];
  documentIds: string[];
  /** Row i at [i × dimensions, (i + 1) × dimensions); capacity grows by doubling. */
  matrix: Float32Array;
}

interface VectorRow {
  seq: number;
  chunkId: string;
  documentId: string;
  vector: Buffer;
}

const LOAD_AFTER = `SELECT v.chunk_seq AS seq, c.id AS chunkId, c.document_id AS documentId, v.vector AS vector
  FROM chunk_vectors AS v JOIN document_chunks AS c ON c.seq = v.chunk_seq
  WHERE v.space = ? AND v.chunk_seq > ? ORDER BY v.chunk_seq`;

/** Which of the given documents a filter lets through. */
const allowedAmong = (where: string) =>
  `SELECT d.id FROM json_each(?) AS k CROSS JOIN documents AS d ON d.id = k.value WHERE ${where}`;
/** Every document a filter lets through (when the best candidates were not enough). */
const allowedAll = (where: string) => `SELECT d.id FROM documents AS d WHERE ${where}`;

/** Candidates ranked before the filter is asked about them, per hit wanted. */
const CANDIDATES_PER_HIT = 8;

/**
 * Brute-force search of small spaces from memory. Scoring inside SQLite costs a JavaScript callback and a
 * copied BLOB per vector — a few milliseconds of the event loop per search at a thousand chunks, which under
 * a load of concurrent searches is most of their latency. Here the vectors sit in one Float32Array, kept in
 * step with the table by the space's version and count (bumped by triggers on every change, from any
 * process): new vectors are appended (chunk seqs only grow), anything else reloads the space. Only spaces up to
 * `maxVectors` are cached (larger ones are searched through the ANN index), so memory stays bounded.
 */
export class VectorCache {
  private readonly spaces = new Map<string, CachedSpace>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly sql: StatementCache,
    private readonly maxVectors: number,
  ) {}

  /**
   * The `limit` chunks most similar to the unit vector `query`, best first (ties by seq), within `filter`; null
   * when the space is too large to cache.
   */
  topK(space: string, query: Float32Array, filter: SearchFilter, limit: number): ScoredChunk[] | null {
    // One read transaction: the vectors and the filter's verdicts come from the same snapshot.
    return this.db.transaction(() => {
      const cached = this.current(space);
      if (!cached) return null;
      const where = buildDocumentFilter(filter, 'd');
      if (where.sql === '1') return rank(cached, query, null, limit);
      // Filters usually let most documents through (the caller's own, a few collections): rank first, then ask
      // the filter only about the documents of the best candidates. A selective filter that leaves fewer
      // than `limit` of them is asked about every document instead.
      const candidates = rank(cached, query, null, limit * CANDIDATES_PER_HIT);
      const docs = [...new Set(candidates.map((c) => c.documentId))];
      const among = this.sql.get(allowedAmong(where.sql)).pluck();
      const passing = new Set(among.all(JSON.stringify(docs), ...where.params) as string[]);
      const kept = candidates.filter((c) => passing.has(c.documentId));
      if (kept.length >= limit || candidates.length < limit * CANDIDATES_PER_HIT) return kept.slice(0, limit);
      const all = this.sql.get(allowedAll(where.sql)).pluck();
      return rank(cached, query, new Set(all.all(...where.params) as string[]), limit);
    })();
  }

  /** Forgets a space (dropped). */
  forget(space: string): void {
    this.spaces.delete(space);
  }

  /** The cached space brought up to date, inside the caller's read transaction; null when too large. */
  private current(space: string): CachedSpace | null {
    const row = readSpace(this.sql, space);
    if (!row || row.count > this.maxVectors) {
      this.spaces.delete(space);
      return null;
    }
    let cached = this.spaces.get(space);
    if (
      cached &&
      cached.createdAt === row.createdAt &&
      cached.version === row.version &&
      cached.count === row.count
    )
      return cached;
    if (!cached || cached.createdAt !== row.createdAt || cached.dimensions !== row.dimensions)
      cached = undefined;
    const added = this.sql.get(LOAD_AFTER).all(space, cached?.maxSeq ?? -1) as VectorRow[];
    // Only additions since the last look (each bumps the version once): append them. Anything else (a vector
    // replaced or deleted) and the whole space is read again.
    if (
      cached &&
      cached.count + added.length === row.count &&
      cached.version + added.length === row.version
    ) {
      append(cached, added);
      cached.version = row.version;
      return cached;
    }
    const fresh: CachedSpace = {
      dimensions: row.dimensions,
      createdAt: row.createdAt,
      version: row.version,
      count: 0,
      maxSeq: -1,
      seqs: [],
      chunkIds: [],
      documentIds: [],
      matrix: new Float32Array(Math.max(1, row.count) * row.dimensions),
    };
    append(fresh, cached ? (this.sql.get(LOAD_AFTER).all(space, -1) as VectorRow[]) : added);
    fresh.version = row.version;
    this.spaces.set(space, fresh);
    return fresh;
  }
}

function append(space: CachedSpace, rows: VectorRow[]): void {
  const dims = space.dimensions;
  const needed = (space.count + rows.length) * dims;
  if (needed > space.matrix.length) {
    const grown = new Float32Array(Math.max(needed, space.matrix.length * 2));
    grown.set(space.matrix.subarray(0, space.count * dims));
    space.matrix = grown;
  }
  for (const row of rows) {
    const vector = viewVector(row.vector);
    if (vector.length !== dims) continue;
    space.matrix.set(vector, space.count * dims);
    space.seqs.push(row.seq);
    space.chunkIds.push(row.chunkId);
    space.documentIds.push(row.documentId);
    space.count += 1;
    space.maxSeq = Math.max(space.maxSeq, row.seq);
  }
}

/** Top `limit` rows by dot product with `query`, among the chunks of `allowed` documents when given. */
function rank(
  space: CachedSpace,
  query: Float32Array,
  allowed: Set<string> | null,
  limit: number,
): ScoredChunk[] {
  const dims = space.dimensions;
  const best: { i: number; score: number }[] = [];
  let floor = -Infinity;
  for (let i = 0; i < space.count; i++) {
    if (allowed && !allowed.has(space.documentIds[i]!)) continue;
    const score = dotAt(space.matrix, i * dims, query, dims);
    if (best.length >= limit && score <= floor) continue;
    best.push({ i, score });
    if (best.length > limit * 4) {
      best.sort((a, b) => b.score - a.score || space.seqs[a.i]! - space.seqs[b.i]!);
      best.length = limit;
      floor = best[limit - 1]!.score;
    }
  }
  best.sort((a, b) => b.score - a.score || space.seqs[a.i]! - space.seqs[b.i]!);
  return best.slice(0, limit).map(({ i, score }) => ({
    seq: space.seqs[i]!,
    chunkId: space.chunkIds[i]!,
    documentId: space.documentIds[i]!,
    score,
  }));
}

/** Dot product of the row at `offset` with `query`; the same sums in the same order as `dot`, so the scores match. */
function dotAt(matrix: Float32Array, offset: number, query: Float32Array, dims: number): number {
  const tail = dims - (dims % 4);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < tail; i += 4) {
    s0 += matrix[offset + i]! * query[i]!;
    s1 += matrix[offset + i + 1]! * query[i + 1]!;
    s2 += matrix[offset + i + 2]! * query[i + 2]!;
    s3 += matrix[offset + i + 3]! * query[i + 3]!;
  }
  for (let i = tail; i < dims; i += 1) s0 += matrix[offset + i]! * query[i]!;
  return s0 + s1 + s2 + s3;
}
