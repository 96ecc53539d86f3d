import { AppError } from '@sift/core';
import { LexicalAnalyzer, STOP_WORD_TERM, type LexicalAnalysisOptions } from '@sift/lexical-analysis';
import type { PgClient } from './pg-database.js';

/** What the lexical index needs of one chunk to index it (the FTS5 index reads the same fields). */
export interface LexicalChunkRow {
  chunkId: string;
  documentId: string;
  /** The document's title (weighted like FTS5's title column). */
  title: string | null;
  headingPath: string[];
  content: string;
  /** The chunk's (or its document's) detected language: picks stop words and stemmer. */
  language: string | null;
}

// One analyzer per option set and process: the index and every writer share its stem cache.
const analyzers = new Map<string, LexicalAnalyzer>();

/**
 * The analyzer the PostgreSQL lexical index is written and read with. Writers (the store) and the index must
 * pass the same options (SIFT_LEXICAL_FOLD_DIACRITICS), as a query analysed one way finds nothing indexed
 * the other way.
 */
export function pgLexicalAnalyzer(options: LexicalAnalysisOptions = {}): LexicalAnalyzer {
  const key = JSON.stringify({ fold: options.foldDiacritics ?? true });
  let analyzer = analyzers.get(key);
  if (!analyzer) {
    analyzer = new LexicalAnalyzer(options);
    analyzers.set(key, analyzer);
  }
  return analyzer;
}

// Counter rows are split by backend (migration 003), so concurrent writers rarely wait on each other.
const SHARD = `(pg_backend_pid() % 16)::smallint`;

/**
 * Adds the chunks' terms and the statistics BM25 needs, inside the caller's transaction (the one that
 * inserts the chunks), so a chunk is searchable exactly when it is committed. A chunk already indexed is
 * indexed afresh.
 */
export async function indexLexicalChunks(
  client: PgClient,
  rows: readonly LexicalChunkRow[],
  analyzer: LexicalAnalyzer = pgLexicalAnalyzer(),
): Promise<void> {
  if (rows.length === 0) return;
  const removed = await removeChunks(
    client,
    rows.map((r) => r.chunkId),
  );
  await addChunks(client, rows, analyzer, removed);
}

/** Removes the chunks' terms and statistics, inside the caller's transaction (before or after the chunks go). */
export async function unindexLexicalChunks(client: PgClient, chunkIds: readonly string[]): Promise<void> {
  if (chunkIds.length === 0) return;
  const removed = await removeChunks(client, chunkIds);
  await applyDelta(client, removed);
}

/** A chunk's terms with their frequency per column (content, heading path, title), and its length. */
function analyseChunk(
  row: LexicalChunkRow,
  analyzer: LexicalAnalyzer,
): { terms: Map<string, [number, number, number]>; length: number } {
  const language = analyzer.languageOf(row.language);
  const terms = new Map<string, [number, number, number]>();
  let length = 0;
  // Column order as in FTS5's table: content, heading_path, title.
  const columns = [row.content, row.headingPath.join(' '), row.title ?? ''];
  columns.forEach((text, column) => {
    const columnTerms = text ? analyzer.terms(text, language) : [];
    // FTS5's row size counts every token, the stop word placeholder too (LexicalAnalyzer's STOP_WORD_TERM).
    length += columnTerms.length;
    for (const term of columnTerms) {
      if (term === STOP_WORD_TERM) continue;
      let tf = terms.get(term);
      if (!tf) {
        tf = [0, 0, 0];
        terms.set(term, tf);
      }
      tf[column]! += 1;
    }
  });
  return { terms, length };
}

/**
 * How the counters change: chunks holding each term, chunks, tokens. A transaction's changes are summed
 * before they are written, once, terms in order and the totals last: two writers on the same shard then lock
 * the counter rows in the same order and never wait on each other in a cycle.
 */
interface StatsDelta {
  terms: Map<string, number>;
  chunks: number;
  tokens: number;
}

/** Deletes chunks' rows and postings; returns what that takes off the counters (not yet applied). */
async function removeChunks(client: PgClient, chunkIds: readonly string[]): Promise<StatsDelta> {
  const delta: StatsDelta = { terms: new Map(), chunks: 0, tokens: 0 };
  const gone = await client.query<{ seq: number; length: number }>(
    `DELETE FROM lexical_chunks WHERE chunk_id = ANY($1::text[]) RETURNING seq, length`,
    [chunkIds],
  );
  if (gone.rows.length === 0) return delta;
  const postings = await client.query<{ term: string; chunks: number }>(
    `WITH gone AS (DELETE FROM lexical_postings WHERE seq = ANY($1::bigint[]) RETURNING term)
     SELECT term, count(*) AS chunks FROM gone GROUP BY term`,
    [gone.rows.map((r) => r.seq)],
  );
  for (const row of postings.rows) delta.terms.set(row.term, -row.chunks);
  delta.chunks = -gone.rows.length;
  delta.tokens = -gone.rows.reduce((sum, r) => sum + r.length, 0);
  return delta;
}

/** Inserts the chunks' rows and postings, then applies `delta` plus what they add to the counters. */
async function addChunks(
  client: PgClient,
  rows: readonly LexicalChunkRow[],
  analyzer: LexicalAnalyzer,
  delta: StatsDelta,
): Promise<void> {
  if (rows.length === 0) return applyDelta(client, delta);
  const analysed = rows.map((row) => analyseChunk(row, analyzer));
  // Keyed by the chunk's own seq, so the chunks must be written first.
  const inserted = await client.query<{ seq: number; chunk_id: string }>(
    `INSERT INTO lexical_chunks (seq, chunk_id, document_id, length)
     SELECT c.seq, c.id, c.document_id, x.length
     FROM unnest($1::text[], $2::int[]) AS x (id, length) JOIN document_chunks c ON c.id = x.id
     RETURNING seq, chunk_id`,
    [rows.map((r) => r.chunkId), analysed.map((a) => a.length)],
  );
  if (inserted.rows.length !== rows.length) {
    const found = new Set(inserted.rows.map((r) => r.chunk_id));
    const missing = rows.filter((r) => !found.has(r.chunkId)).map((r) => r.chunkId);
    throw new AppError(
      'LEXICAL_CHUNKS_MISSING',
      'system',
      'indexLexicalChunks was called before the chunks were stored',
      {
        retryable: false,
        details: { chunkIds: missing.slice(0, 10).join(',') },
      },
    );
  }
  const seqOf = new Map(inserted.rows.map((r) => [r.chunk_id, r.seq]));
  const postings = {
    term: [] as string[],
    seq: [] as number[],
    tf: [[], [], []] as number[][],
    length: [] as number[],
  };
  rows.forEach((row, i) => {
    const { terms, length } = analysed[i]!;
    for (const [term, tf] of terms) {
      postings.term.push(term);
      postings.seq.push(seqOf.get(row.chunkId)!);
      tf.forEach((n, column) => postings.tf[column]!.push(n));
      postings.length.push(length);
      delta.terms.set(term, (delta.terms.get(term) ?? 0) + 1);
    }
    delta.chunks += 1;
    delta.tokens += length;
  });
  await client.query(
    `INSERT INTO lexical_postings (term, seq, content_tf, heading_tf, title_tf, length)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::int[], $5::int[], $6::int[])`,
    [postings.term, postings.seq, postings.tf[0], postings.tf[1], postings.tf[2], postings.length],
  );
  await applyDelta(client, delta);
}

async function applyDelta(client: PgClient, delta: StatsDelta): Promise<void> {
  const changed = [...delta.terms].filter(([, n]) => n !== 0);
  if (changed.length > 0) {
    await client.query(
      `INSERT INTO lexical_term_stats (term, shard, chunks)
       SELECT term, ${SHARD}, chunks FROM unnest($1::text[], $2::bigint[]) AS t (term, chunks) ORDER BY term COLLATE "C"
       ON CONFLICT (term, shard) DO UPDATE SET chunks = lexical_term_stats.chunks + excluded.chunks`,
      [changed.map(([term]) => term), changed.map(([, n]) => n)],
    );
  }
  if (delta.chunks === 0 && delta.tokens === 0) return;
  await client.query(
    `INSERT INTO lexical_totals (shard, chunks, tokens) VALUES (${SHARD}, $1, $2)
     ON CONFLICT (shard) DO UPDATE
       SET chunks = lexical_totals.chunks + excluded.chunks, tokens = lexical_totals.tokens + excluded.tokens`,
    [delta.chunks, delta.tokens],
  );
}
