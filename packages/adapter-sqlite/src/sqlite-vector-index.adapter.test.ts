import fs from 'node:fs';
import path from 'node:path';
import type { SearchFilter, VectorSpace } from '@sift/core';
import { contentOf, newDocument, unitVectors } from '@sift/contract-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { SqliteVectorIndex, type SqliteVectorIndexOptions } from './sqlite-vector-index.adapter.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

const SPACE: VectorSpace = { id: 'model/v1@16', dimensions: 16 };

/** The ANN side of the SQLite vector index: files, staleness, routing between ANN and exact search. */
describe('SqliteVectorIndex ANN', () => {
  let temp: TempDatabase;
  let store: SqliteMetadataStore;
  let indexDir: string;
  const open: SqliteVectorIndex[] = [];
  const next = unitVectors(7, SPACE.dimensions);

  const openIndex = (options: Omit<SqliteVectorIndexOptions, 'indexDir'> = {}) => {
    const index = new SqliteVectorIndex(temp.db, {
      indexDir,
      annThreshold: 0,
      minRebuildIntervalMs: 0,
      ...options,
    });
    open.push(index);
    return index;
  };
  /** A document with `n` random chunk vectors; returns its id and chunk ids. */
  const addDocument = async (n: number, tags: string[] = []) => {
    const doc = await store.documents.insert(newDocument({ tags }));
    const content = contentOf('x'.repeat(n), Array<number>(n).fill(1), { status: 'processed' });
    const vectors = Array.from({ length: n }, next);
    await store.documents.saveContent(doc.id, { ...content, vectors: { space: SPACE, vectors } });
    return { id: doc.id, chunkIds: (await store.documents.listChunks(doc.id)).map((c) => c.id) };
  };
  const ids = async (
    index: SqliteVectorIndex,
    query: Float32Array,
    filter: SearchFilter = {},
    exact = false,
  ) => (await index.search(SPACE, query, { filter, limit: 10, exact })).map((h) => h.chunkId);
  const files = () => ({
    index: path.join(indexDir, `${encodeURIComponent(SPACE.id)}.usearch`),
    sidecar: path.join(indexDir, `${encodeURIComponent(SPACE.id)}.usearch.json`),
  });

  beforeEach(async () => {
    temp = createTempDatabase();
    indexDir = path.join(temp.dir, 'data', 'indexes');
    store = new SqliteMetadataStore(temp.db);
    await store.ensureLocalUser();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((index) => index.close()));
    temp.cleanup();
  });

  it('builds the HNSW file and its sidecar, and answers from it like exact search', async () => {
    await addDocument(300);
    const index = openIndex({ waitForAnn: true });
    for (let q = 0; q < 5; q += 1) {
      const query = next();
      expect(await ids(index, query)).toEqual(await ids(index, query, {}, true));
    }
    expect(index.stats).toMatchObject({ ann: 5, exact: 5, annFallbacks: 0 });
    const sidecar = JSON.parse(fs.readFileSync(files().sidecar, 'utf8')) as Record<string, unknown>;
    expect(sidecar).toMatchObject({ format: 1, space: SPACE.id, dimensions: 16, count: 300 });
    expect(fs.statSync(files().index).size).toBeGreaterThan(300 * 16 * 4);
    expect(fs.readdirSync(indexDir).sort()).toEqual([
      'model%2Fv1%4016.usearch',
      'model%2Fv1%4016.usearch.json',
    ]);
  });

  it('answers exactly while a stale index is rebuilt in the background, then from the new index', async () => {
    await addDocument(200);
    const index = openIndex();
    await index.buildAnn(SPACE);
    const query = next();
    await ids(index, query);
    expect(index.stats).toMatchObject({ ann: 1, exact: 0 });

    // The new chunk is the query itself: it must come first, which the old index cannot know.
    const doc = await store.documents.insert(newDocument());
    const content = contentOf('y', [1], { status: 'processed' });
    await store.documents.saveContent(doc.id, { ...content, vectors: { space: SPACE, vectors: [query] } });
    const [newChunk] = await store.documents.listChunks(doc.id);
    expect((await ids(index, query))[0]).toBe(newChunk!.id);
    expect(index.stats).toMatchObject({ ann: 1, exact: 1 });

    await index.buildAnn(SPACE); // joins the rebuild the search started
    expect((await ids(index, query))[0]).toBe(newChunk!.id);
    expect(index.stats).toMatchObject({ ann: 2, exact: 1 });
  });

  it('reuses the persisted file after a restart without rebuilding', async () => {
    await addDocument(100);
    await openIndex().buildAnn(SPACE);
    const built = fs.statSync(files().index).mtimeMs;
    const restarted = openIndex();
    const query = next();
    expect(await ids(restarted, query)).toEqual(await ids(restarted, query, {}, true));
    expect(restarted.stats.ann).toBe(1);
    expect(fs.statSync(files().index).mtimeMs).toBe(built);
  });

  it('searches a selective filter exactly, a broad one through the ANN, both returning `limit` hits', async () => {
    await addDocument(400);
    const rare = await addDocument(12, ['rare']);
    const index = openIndex({ waitForAnn: true, selectiveCount: 50 });
    await index.buildAnn(SPACE);
    const query = next();
    expect(await ids(index, query, { tags: ['rare'] })).toEqual(
      await ids(index, query, { tags: ['rare'] }, true),
    );
    expect((await ids(index, query, { tags: ['rare'] })).every((id) => rare.chunkIds.includes(id))).toBe(
      true,
    );
    expect(index.stats).toMatchObject({ ann: 0, exact: 3 });
    const broad = { excludeDocumentIds: [rare.id] };
    expect(await ids(index, query, broad)).toEqual(await ids(index, query, broad, true));
    expect(index.stats).toMatchObject({ ann: 1, exact: 4 });
  });

  it('falls back to exact search when the filtered ANN runs out of candidates', async () => {
    await addDocument(500);
    const rare = await addDocument(10, ['rare']);
    const index = openIndex({ waitForAnn: true, selectiveCount: 0, selectiveFraction: 0, maxCandidates: 40 });
    const hits = await ids(index, next(), { tags: ['rare'] });
    expect([...hits].sort()).toEqual([...rare.chunkIds].sort());
    expect(index.stats).toMatchObject({ annFallbacks: 1, exact: 1, ann: 0 });
  });

  it('rebuilds an index file that is unreadable, and ignores files of a dropped space created again', async () => {
    await addDocument(50);
    const index = openIndex({ waitForAnn: true });
    await index.buildAnn(SPACE);
    fs.writeFileSync(files().index, 'not an index');
    const restarted = openIndex({ waitForAnn: true });
    const query = next();
    expect(await ids(restarted, query)).toEqual(await ids(restarted, query, {}, true));
    expect(restarted.stats.ann).toBe(1);

    // Same space id, same number of changes, but another incarnation: the old files must not answer.
    const sidecar = fs.readFileSync(files().sidecar, 'utf8');
    const saved = fs.readFileSync(files().index);
    await restarted.dropSpace(SPACE);
    expect(fs.existsSync(files().index)).toBe(false);
    const again = await addDocument(50);
    fs.writeFileSync(files().index, saved);
    fs.writeFileSync(files().sidecar, sidecar);
    const fresh = openIndex({ waitForAnn: true });
    const hits = await ids(fresh, query);
    expect(hits.every((id) => again.chunkIds.includes(id))).toBe(true);
    expect(JSON.parse(fs.readFileSync(files().sidecar, 'utf8'))).not.toEqual(JSON.parse(sidecar));
  });

  it('keeps answering exactly when the index cannot be built, and reports VECTOR_INDEX_BUILD_FAILED', async () => {
    await addDocument(30);
    fs.mkdirSync(path.dirname(indexDir), { recursive: true });
    fs.writeFileSync(indexDir, 'a file where the index directory should be');
    const index = openIndex({ waitForAnn: true });
    const query = next();
    expect(await ids(index, query)).toEqual(await ids(index, query, {}, true));
    expect(index.stats).toMatchObject({ ann: 0, exact: 2 });
    await expect(index.buildAnn(SPACE)).rejects.toMatchObject({
      code: 'VECTOR_INDEX_BUILD_FAILED',
      category: 'system',
    });
  });

  it('uses no ANN below the threshold or when exact is asked for', async () => {
    await addDocument(40);
    const index = openIndex({ annThreshold: 40, waitForAnn: true });
    await ids(index, next());
    expect(index.stats).toMatchObject({ ann: 0, exact: 1 });
    expect(fs.existsSync(indexDir)).toBe(false);
    await addDocument(1);
    await ids(index, next(), {}, true);
    await ids(index, next());
    expect(index.stats).toMatchObject({ ann: 1, exact: 2 });
  });
});
