import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withTransaction, type PgPool } from './pg-database.js';
import { PgLexicalIndex } from './pg-lexical-index.adapter.js';
import { reindexLexicalIfAnalysisChanged } from './pg-lexical-rebuild.js';
import { indexLexicalChunks, pgLexicalAnalyzer, unindexLexicalChunks } from './pg-lexical-rows.js';
import { createTestPgDatabase, postgresAvailable, type TestPgDatabase } from './testing/pg-test-database.js';

const available = await postgresAvailable();
const SHA = 'a'.repeat(64);

/**
 * The BM25 tables and their statistics, written as the store writes them (rows inserted directly, then
 * indexLexicalChunks in the same transaction) and read by PgLexicalIndex. The behaviour shared with FTS5 is
 * the contract suite's (pg-lexical-index.contract.test.ts); these cases pin what is PostgreSQL's own: exact
 * FTS5 scores, counters kept incrementally, pruned ranking, concurrent writers.
 */
describe.skipIf(!available)('PgLexicalIndex (needs PostgreSQL, #14)', () => {
  let db: TestPgDatabase;
  let pool: PgPool;

  beforeEach(async () => {
    db = await createTestPgDatabase();
    pool = db.pool;
    await pool.query(
      `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
       VALUES ('u1', 'u1@example.test', 'u1', 'U', 0, 0), ('u2', 'u2@example.test', 'u2', 'U', 0, 0)`,
    );
    await pool.query(`INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES ($1, 1, 100, 0)`, [SHA]);
  });

  afterEach(async () => {
    await db.cleanup();
  });

  /** A document with one chunk per text, indexed in the same transaction; returns the chunk ids. */
  async function add(
    texts: string[],
    options: { title?: string | null; language?: string | null; owner?: string } = {},
  ): Promise<{ documentId: string; chunkIds: string[] }> {
    const documentId = randomUUID();
    const chunkIds = texts.map(() => randomUUID());
    await withTransaction(pool, async (client) => {
      await client.query(
        `INSERT INTO documents (id, owner_id, filename, original_filename, content_type, size, sha256, title,
           language, uploaded_at, created_at, updated_at)
         VALUES ($1, $2, 'f', 'f', 'text/plain', 1, $3, $4, $5, 0, 0, 0)`,
        [documentId, options.owner ?? 'u1', SHA, options.title ?? null, options.language ?? null],
      );
      await client.query(
        `INSERT INTO document_chunks (id, document_id, chunk_index, content, content_sha256, created_at)
         SELECT id, $1, ord - 1, content, 'x', 0 FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t (id, content, ord)`,
        [documentId, chunkIds, texts],
      );
      await indexLexicalChunks(
        client,
        texts.map((content, i) => ({
          chunkId: chunkIds[i]!,
          documentId,
          title: options.title ?? null,
          headingPath: [],
          content,
          language: options.language ?? null,
        })),
      );
    });
    return { documentId, chunkIds };
  }

  const counters = async () => {
    const totals = await pool.query<{ chunks: number; tokens: number }>(
      'SELECT sum(chunks) AS chunks, sum(tokens) AS tokens FROM lexical_totals',
    );
    const terms = await pool.query<{ term: string; chunks: number }>(
      'SELECT term, sum(chunks) AS chunks FROM lexical_term_stats GROUP BY term HAVING sum(chunks) <> 0 ORDER BY term',
    );
    return { ...totals.rows[0], terms: Object.fromEntries(terms.rows.map((r) => [r.term, r.chunks])) };
  };

  it("scores with FTS5's bm25(): column weights, k1 1.2, b 0.75, its idf and average length", async () => {
    // Lengths in tokens, stop word placeholders included: 4 + title 2, 3, 5.
    const a = await add(['the zeppelin flew north'], { title: 'Zeppelin log' });
    await add(['boats sail south']);
    await add(['trains run east and west']);
    const [hit] = await new PgLexicalIndex(pool).search('zeppelin', { filter: {}, limit: 10 });
    const n = 3;
    const df = 1;
    const idf = Math.log((n - df + 0.5) / (df + 0.5));
    const avgdl = (6 + 3 + 5) / 3;
    const f = 1 * 1 + 3 * 1; // once in the content, once in the title (weight 3)
    const expected = (idf * (f * 2.2)) / (f + 1.2 * (0.25 + (0.75 * 6) / avgdl));
    expect(hit!.chunkId).toBe(a.chunkIds[0]);
    expect(hit!.score).toBeCloseTo(expected, 12);
  });

  it('keeps term, chunk and token counts exact through indexing, re-indexing and removal', async () => {
    const one = await add(['red green', 'green blue']);
    await add(['blue sky']);
    expect(await counters()).toEqual({ chunks: 3, tokens: 6, terms: { blue: 2, green: 2, red: 1, sky: 1 } });
    await withTransaction(pool, async (client) => {
      await indexLexicalChunks(client, [
        {
          chunkId: one.chunkIds[0]!,
          documentId: one.documentId,
          title: 'Sky',
          headingPath: [],
          content: 'red',
          language: null,
        },
      ]);
    });
    expect(await counters()).toEqual({ chunks: 3, tokens: 6, terms: { blue: 2, green: 1, red: 1, sky: 2 } });
    await withTransaction(pool, (client) => unindexLexicalChunks(client, one.chunkIds));
    expect(await counters()).toEqual({ chunks: 1, tokens: 2, terms: { blue: 1, sky: 1 } });
    const postings = await pool.query('SELECT count(*)::int AS n FROM lexical_postings');
    expect(postings.rows[0].n).toBe(2);
  });

  it('refuses to commit a chunk deleted without being unindexed', async () => {
    const { chunkIds } = await add(['orphan words']);
    await expect(
      withTransaction(pool, (client) =>
        client.query('DELETE FROM document_chunks WHERE id = $1', [chunkIds[0]]),
      ),
    ).rejects.toThrow(/foreign key/);
  });

  it('ranks the same page with pruning as without when the rare terms find the best chunks', async () => {
    for (let i = 0; i < 40; i++) await add([`common filler ${i}`, `common words again ${i}`]);
    const rare = await add(['common rare unicorn', 'rare unicorn sighting']);
    const pruned = new PgLexicalIndex(pool, { pruning: { commonShare: 0.1, minRows: 0, candidates: 5 } });
    const exact = new PgLexicalIndex(pool, { pruning: null });
    expect(await pruned.queryTerms('common unicorn')).toEqual(['common', 'unicorn']);
    const page = { filter: {}, limit: 2 };
    const a = await pruned.search('common unicorn', page);
    const b = await exact.search('common unicorn', page);
    expect(a).toEqual(b);
    expect(a.map((h) => h.chunkId).sort()).toEqual([...rare.chunkIds].sort());
    // A page deeper than the candidates is ranked exactly.
    expect(await pruned.search('common unicorn', { filter: {}, limit: 10, offset: 5 })).toEqual(
      await exact.search('common unicorn', { filter: {}, limit: 10, offset: 5 }),
    );
  });

  it('applies authorization inside the ranking: a page is full of what the principal may read', async () => {
    for (let i = 0; i < 20; i++) await add([`kelp kelp ${i}`], { owner: 'u2' });
    const mine = await add(['kelp forest', 'kelp harvest', 'more kelp here']);
    const hits = await new PgLexicalIndex(pool).search('kelp', {
      filter: { access: { ownerId: 'u1', collectionIds: [] } },
      limit: 3,
    });
    expect(hits.map((h) => h.chunkId).sort()).toEqual([...mine.chunkIds].sort());
  });

  it('lets concurrent writers index chunks sharing terms without deadlock', async () => {
    const texts = (i: number) => [`alpha beta gamma ${i}`, `gamma delta alpha ${i}`, `beta epsilon ${i}`];
    await Promise.all(Array.from({ length: 8 }, (_, i) => add(texts(i))));
    expect((await counters()).terms).toMatchObject({ alpha: 16, beta: 16, gamma: 16 });
  });

  it('rebuilds the index when the diacritics option changes, once, and records the analysis', async () => {
    const { chunkIds } = await add(['W umowie nie określono kar.'], { language: 'pl', title: 'Umowa' });
    const ids = async (index: PgLexicalIndex, query: string) =>
      (await index.search(query, { filter: {}, limit: 10 })).map((h) => h.chunkId);
    // Indexed before any analysis was recorded: rebuilt, since nothing says how it was built.
    expect(await reindexLexicalIfAnalysisChanged(pool)).toBe(1);
    expect(await reindexLexicalIfAnalysisChanged(pool)).toBeNull();
    const plainAnalyzer = pgLexicalAnalyzer({ foldDiacritics: false });
    const plain = new PgLexicalIndex(pool, { analysis: { foldDiacritics: false } });
    expect(await ids(plain, 'określono')).toEqual([]);
    const [first, second] = await Promise.all([
      reindexLexicalIfAnalysisChanged(pool, plainAnalyzer),
      reindexLexicalIfAnalysisChanged(pool, plainAnalyzer),
    ]);
    expect([first, second].sort()).toEqual([1, null]);
    expect(await ids(plain, 'określono')).toEqual(chunkIds);
    expect(await ids(plain, 'okreslono')).toEqual([]);
    expect(await reindexLexicalIfAnalysisChanged(pool)).toBe(1);
    expect(await ids(new PgLexicalIndex(pool), 'okreslono')).toEqual(chunkIds);
    expect((await counters()).chunks).toBe(1);
  });

  it('records the analysis of an empty index without rebuilding it', async () => {
    expect(await reindexLexicalIfAnalysisChanged(pool)).toBeNull();
    const stored = await pool.query(
      `SELECT value #>> '{}' AS v FROM settings WHERE key = 'lexical.analysis'`,
    );
    expect(stored.rows[0].v).toBe(pgLexicalAnalyzer().signature);
  });
});
