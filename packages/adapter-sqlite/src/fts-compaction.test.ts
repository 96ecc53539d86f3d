import { indexDocument, type LexicalFixture } from '@sift/contract-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compactFtsIndex, countFtsSegments, FtsCompactionPolicy } from './fts-compaction.js';
import { SqliteLexicalIndex } from './sqlite-lexical-index.adapter.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

// A real index on a real file, written a document per transaction as ingestion writes it: each write leaves
// a segment and automerge keeps several, which is what compaction folds into one.
describe('FTS index compaction', () => {
  let temp: TempDatabase;
  let f: LexicalFixture & { index: SqliteLexicalIndex };

  const write = async (documents: number, from = 0) => {
    for (let d = from; d < from + documents; d++) {
      const chunks = Array.from(
        { length: 5 },
        (_, i) => `otter ${'river '.repeat(1 + ((d + i) % 4))}note${d} `,
      );
      await indexDocument(f, chunks, { title: `Report ${d}` });
    }
  };
  const search = (query: string) => f.index.search(query, { filter: {}, limit: 50 });

  beforeEach(async () => {
    temp = createTempDatabase();
    const store = new SqliteMetadataStore(temp.db);
    await store.ensureLocalUser();
    f = { store, index: new SqliteLexicalIndex(temp.db) };
  });

  afterEach(() => temp.cleanup());

  it('merges every segment into one, and searches answer exactly as before', async () => {
    await write(40);
    const before = countFtsSegments(temp.db);
    expect(before).toBeGreaterThan(1);
    const queries = ['otter', 'river note7', 'report 12', 'note39 river'];
    const answers = await Promise.all(queries.map(search));

    // One page per step: many small steps, each its own transaction.
    const result = await compactFtsIndex(temp.db, { pagesPerStep: 1 });
    expect(result).toMatchObject({ segmentsBefore: before, segmentsAfter: 1 });
    expect(result.steps).toBeGreaterThan(1);
    expect(await Promise.all(queries.map(search))).toEqual(answers);
    // FTS5's own check of the merged index against the chunks it was built from (throws when they differ).
    const check = "INSERT INTO document_chunks_fts (document_chunks_fts, rank) VALUES ('integrity-check', 1)";
    expect(() => temp.db.prepare(check).run()).not.toThrow();

    // Nothing left to merge: no step runs.
    expect(await compactFtsIndex(temp.db)).toMatchObject({ segmentsBefore: 1, segmentsAfter: 1, steps: 0 });
  });

  it('stops between steps when aborted, leaving a searchable index', async () => {
    await write(40);
    const before = countFtsSegments(temp.db);
    const abort = new AbortController();
    abort.abort();
    const result = await compactFtsIndex(temp.db, { pagesPerStep: 1, signal: abort.signal });
    expect(result).toMatchObject({ segmentsBefore: before, segmentsAfter: before, steps: 0 });
    expect(await search('otter')).toHaveLength(50);
  });

  it('rejects a step size that is not a positive integer', async () => {
    for (const pagesPerStep of [0, -5, 1.5]) {
      await expect(compactFtsIndex(temp.db, { pagesPerStep })).rejects.toThrow(/pagesPerStep/);
    }
  });

  it('compacts only a fragmented index that was not written since the last tick', async () => {
    const policy = new FtsCompactionPolicy(temp.db, { minSegments: 3 });
    // Quiet, but nothing to merge (an empty index; then one segment).
    expect(await policy.tick()).toBeNull();
    expect(await policy.tick()).toBeNull();
    await write(2);
    await compactFtsIndex(temp.db);
    expect(await policy.tick()).toBeNull();
    expect(await policy.tick()).toBeNull();

    await write(30, 2);
    const fragmented = countFtsSegments(temp.db);
    expect(fragmented).toBeGreaterThanOrEqual(3);
    // Written since the last tick: waits for a quiet interval.
    expect(await policy.tick()).toBeNull();
    await write(1, 32);
    expect(await policy.tick()).toBeNull();
    const done = await policy.tick();
    expect(done).toMatchObject({ segmentsAfter: 1 });
    expect(done!.segmentsBefore).toBeGreaterThanOrEqual(3);
    expect(await policy.tick()).toBeNull();
    expect(await search('note32')).toHaveLength(5);
  });
});
