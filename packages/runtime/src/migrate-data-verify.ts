import { SqliteLexicalIndex, SqliteVectorIndex, type SqliteDatabase } from '@sift/adapter-sqlite';
import { PgLexicalIndex, type PgPool } from '@sift/adapter-postgres';
import type { LexicalIndex, VectorIndex, VectorSpace } from '@sift/core';
import { sourceCount, targetCount, TABLES } from './migrate-data-tables.js';

/** One table whose row counts differ, or one search whose top ids differ. */
export interface CountMismatch {
  table: string;
  source: number;
  target: number;
}
export interface SearchMismatch {
  kind: 'lexical' | 'vector';
  /** The query text, or `<space> vector of chunk <id>`. */
  query: string;
  source: string[];
  target: string[];
}

export interface Verification {
  ok: boolean;
  counts: { table: string; source: number; target: number }[];
  countMismatches: CountMismatch[];
  searches: { lexical: number; vector: number };
  searchMismatches: SearchMismatch[];
}

export interface VerifyOptions {
  source: SqliteDatabase;
  /** Where the source's ANN files live (searches here are exact, so they are not read). */
  sourceIndexDir: string;
  target: PgPool;
  targetVectors: VectorIndex;
  lexical: { foldDiacritics: boolean };
  /** Lexical queries to compare (default 20) and stored vectors per space (default 5). */
  lexicalSamples?: number;
  vectorSamples?: number;
}

const TOP = 10;

/**
 * Proves the copy: every table holds as many rows on both sides (each space as many vectors), and a sample of
 * searches returns the same top-10 chunk ids in the same order: lexical queries made of words of chunks spread
 * over the corpus, and vector searches with stored vectors as queries, on the source's exact index and on the
 * target's serving index (Chroma when configured, which the outbox filled).
 */
export async function verifyMigration(options: VerifyOptions): Promise<Verification> {
  const { source, target } = options;
  const counts: Verification['counts'] = [];
  for (const spec of TABLES) {
    counts.push({
      table: spec.table,
      source: sourceCount(source, spec),
      target: await targetCount(target, spec),
    });
  }
  const spaces = source
    .prepare('SELECT id, dimensions FROM vector_spaces ORDER BY id')
    .all() as VectorSpace[];
  for (const space of spaces) {
    const src = source.prepare('SELECT count(*) AS n FROM chunk_vectors WHERE space = ?').get(space.id) as {
      n: number;
    };
    const dst = await target.query<{ n: number }>(
      'SELECT vector_count AS n FROM vector_spaces WHERE id = $1',
      [space.id],
    );
    counts.push({
      table: `vector_spaces[${space.id}].vector_count`,
      source: src.n,
      target: dst.rows[0]?.n ?? 0,
    });
  }
  const countMismatches = counts.filter((c) => c.source !== c.target);

  const searchMismatches: SearchMismatch[] = [];
  const lexicalQueries = sampleQueries(source, options.lexicalSamples ?? 20);
  const sourceLexical: LexicalIndex = new SqliteLexicalIndex(source);
  const targetLexical: LexicalIndex = new PgLexicalIndex(target, { analysis: options.lexical });
  for (const query of lexicalQueries) {
    const a = (await sourceLexical.search(query, { filter: {}, limit: TOP })).map((h) => h.chunkId);
    const b = (await targetLexical.search(query, { filter: {}, limit: TOP })).map((h) => h.chunkId);
    if (!sameIds(a, b)) searchMismatches.push({ kind: 'lexical', query, source: a, target: b });
  }

  let vectorSearches = 0;
  const sourceVectors = new SqliteVectorIndex(source, { indexDir: options.sourceIndexDir });
  try {
    for (const space of spaces) {
      for (const probe of sampleVectors(source, space.id, options.vectorSamples ?? 5)) {
        // Copied into an aligned buffer: a Buffer's offset in its pool need not be a multiple of 4.
        const query = new Float32Array(new Uint8Array(probe.vector).buffer);
        const search = { filter: {}, limit: TOP };
        const a = (await sourceVectors.search(space, query, { ...search, exact: true })).map(
          (h) => h.chunkId,
        );
        const b = (await options.targetVectors.search(space, query, search)).map((h) => h.chunkId);
        vectorSearches += 1;
        if (!sameIds(a, b)) {
          searchMismatches.push({
            kind: 'vector',
            query: `${space.id} vector of chunk ${probe.chunkId}`,
            source: a,
            target: b,
          });
        }
      }
    }
  } finally {
    await sourceVectors.close();
  }
  return {
    ok: countMismatches.length === 0 && searchMismatches.length === 0,
    counts,
    countMismatches,
    searches: { lexical: lexicalQueries.length, vector: vectorSearches },
    searchMismatches,
  };
}

function sameIds(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * Up to `n` queries of two or three words (four letters or more) from chunks spread evenly over the corpus:
 * real vocabulary in real combinations, some rare, some common.
 */
export function sampleQueries(source: SqliteDatabase, n: number): string[] {
  const total = (source.prepare('SELECT count(*) AS n FROM document_chunks').get() as { n: number }).n;
  if (total === 0 || n <= 0) return [];
  const pick = source.prepare('SELECT content FROM document_chunks ORDER BY seq LIMIT 1 OFFSET ?').pluck();
  const queries = new Set<string>();
  const step = Math.max(1, total / n);
  for (let i = 0; i < n && Math.floor(i * step) < total; i += 1) {
    const content = pick.get(Math.floor(i * step)) as string;
    const words = content.match(/\p{L}{4,}/gu) ?? [];
    if (words.length === 0) continue;
    // Alternate the part of the chunk the words come from, and how many.
    const start = i % 2 === 0 ? 0 : Math.floor(words.length / 2);
    const query = words.slice(start, start + 2 + (i % 2)).join(' ');
    if (query) queries.add(query);
  }
  return [...queries];
}

function sampleVectors(
  source: SqliteDatabase,
  space: string,
  n: number,
): { chunkId: string; vector: Buffer }[] {
  const total = (
    source.prepare('SELECT count(*) AS n FROM chunk_vectors WHERE space = ?').get(space) as { n: number }
  ).n;
  if (total === 0 || n <= 0) return [];
  const pick = source.prepare(
    `SELECT c.id AS chunkId, v.vector AS vector FROM chunk_vectors v JOIN document_chunks c ON c.seq = v.chunk_seq
     WHERE v.space = ? ORDER BY v.chunk_seq LIMIT 1 OFFSET ?`,
  );
  const step = Math.max(1, total / n);
  const out: { chunkId: string; vector: Buffer }[] = [];
  for (let i = 0; i < n && Math.floor(i * step) < total; i += 1) {
    out.push(pick.get(space, Math.floor(i * step)) as { chunkId: string; vector: Buffer });
  }
  return out;
}
