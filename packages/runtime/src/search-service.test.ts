import path from 'node:path';
import {
  openSqliteDatabase,
  SqliteLexicalIndex,
  SqliteMetadataStore,
  SqliteVectorIndex,
} from '@sift/adapter-sqlite';
import { LOCAL_USER_ID, SearchService, type ChunkDraft } from '@sift/core';
import { FakeEmbedder } from '@sift/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempConfig } from './test-support.js';

function chunk(index: number, content: string, start: number): ChunkDraft {
  return {
    index,
    content,
    startChar: start,
    endChar: start + content.length,
    pageFrom: 1,
    pageTo: 1,
    headingPath: ['Intro'],
    timeStartMs: null,
    timeEndMs: null,
    tokenCount: content.split(' ').length,
    confidence: null,
  };
}

/** SearchService over the real embedded indexes (SQLite FTS5 + vectors); the embedder is a deterministic fake. */
describe('SearchService on SQLite', () => {
  let cleanup: () => Promise<void>;
  let metadata: SqliteMetadataStore;
  let service: SearchService;
  let closeAll: () => Promise<void>;
  const embedder = new FakeEmbedder({ dimensions: 8 });

  async function addDocument(filename: string, title: string, texts: string[]): Promise<string> {
    const doc = await metadata.documents.insert({
      ownerId: LOCAL_USER_ID,
      collectionId: null,
      folderId: null,
      parentDocumentId: null,
      sourceId: null,
      sourcePath: null,
      sourceMtimeMs: null,
      filename,
      originalFilename: filename,
      contentType: 'text/plain',
      category: 'document',
      size: 10,
      sha256: filename
        .padEnd(64, '0')
        .replace(/[^0-9a-f]/g, 'a')
        .slice(0, 64),
      status: 'queued',
      metadata: {},
      tags: [],
    });
    const text = texts.join('\n\n');
    let at = 0;
    const chunks = texts.map((t, i) => {
      const c = chunk(i, t, at);
      at += t.length + 2;
      return c;
    });
    const space = await service.space();
    await metadata.documents.saveContent(doc.id, {
      text: { text, blocks: [], pages: [], extractor: { name: 'test', version: '1' } },
      chunks,
      patch: { status: 'processed', title },
      vectors: { space, vectors: await embedder.embed(texts, { kind: 'passage' }) },
    });
    return doc.id;
  }

  beforeEach(async () => {
    const t = await tempConfig();
    cleanup = t.cleanup;
    const db = openSqliteDatabase(path.join(t.config.dataDir, 'sift.db'));
    metadata = new SqliteMetadataStore(db);
    await metadata.migrate();
    await metadata.ensureLocalUser();
    const lexical = new SqliteLexicalIndex(db);
    const vectors = new SqliteVectorIndex(db, { indexDir: path.join(t.config.dataDir, 'indexes') });
    service = new SearchService({ metadata, lexical, vectors, embedder });
    closeAll = async () => {
      await vectors.close();
      await metadata.close();
      if (db.open) db.close();
    };
  });
  afterEach(async () => {
    await closeAll();
    await cleanup();
  });

  it('finds chunks lexically with offsets, pages, heading path, snippet and score breakdown', async () => {
    const id = await addDocument('bees.txt', 'Bees', [
      'Honey bees pollinate almond orchards.',
      'Wasps do not make honey.',
    ]);
    await addDocument('cars.txt', 'Cars', ['Electric cars need charging stations.']);
    const hits = await service.search({ query: 'pollinate orchards', mode: 'lexical', filter: {}, limit: 5 });
    expect(hits[0]).toMatchObject({
      documentId: id,
      title: 'Bees',
      content: 'Honey bees pollinate almond orchards.',
      startChar: 0,
      endChar: 37,
      pageFrom: 1,
      headingPath: ['Intro'],
      scores: { vector: null, rerank: null },
    });
    expect(hits[0]!.snippet).toContain('<mark>pollinate</mark>');
    expect(hits[0]!.scores.lexical).toBeGreaterThan(0);
  });

  it('ranks by vector similarity in semantic mode and fuses both legs in hybrid mode', async () => {
    await addDocument('a.txt', 'A', ['alpha passage about rivers', 'beta passage about mountains']);
    const semantic = await service.search({ query: 'mountains', mode: 'semantic', filter: {}, limit: 2 });
    expect(semantic).toHaveLength(2);
    expect(semantic.every((h) => h.scores.lexical === null && h.scores.vector !== null)).toBe(true);
    expect(semantic[0]!.scores.vector!).toBeGreaterThanOrEqual(semantic[1]!.scores.vector!);

    const hybrid = await service.search({ query: 'mountains', mode: 'hybrid', filter: {}, limit: 2 });
    const both = hybrid.find((h) => h.content === 'beta passage about mountains')!;
    expect(both.scores.lexical).toBeGreaterThan(0);
    expect(both.scores.vector).not.toBeNull();
    // Found by both legs, it outranks the chunk only the vector leg returned.
    expect(hybrid[0]!.content).toBe('beta passage about mountains');
  });

  it('applies filters, grouping by document and paging', async () => {
    const keep = await addDocument('keep.txt', 'Keep', ['shared words one', 'shared words two']);
    await addDocument('drop.txt', 'Drop', ['shared words three']);
    const filtered = await service.search({
      query: 'shared words',
      mode: 'hybrid',
      filter: { documentIds: [keep] },
      limit: 10,
    });
    expect(new Set(filtered.map((h) => h.documentId))).toEqual(new Set([keep]));
    const grouped = await service.search({
      query: 'shared words',
      mode: 'lexical',
      filter: {},
      limit: 10,
      groupByDocument: true,
    });
    expect(grouped).toHaveLength(2);
    const page2 = await service.search({
      query: 'shared words',
      mode: 'lexical',
      filter: {},
      limit: 1,
      offset: 1,
    });
    const all = await service.search({ query: 'shared words', mode: 'lexical', filter: {}, limit: 3 });
    expect(page2[0]!.chunkId).toBe(all[1]!.chunkId);
  });

  it('refuses an empty query', async () => {
    await expect(service.search({ query: '  ', mode: 'hybrid', filter: {}, limit: 5 })).rejects.toMatchObject(
      {
        code: 'SEARCH_QUERY_EMPTY',
      },
    );
  });
});
