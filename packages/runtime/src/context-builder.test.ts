import { LOCAL_USER_ID, buildContext, countTokens, type ChunkRecord, type SearchHit } from '@sift/core';
import { FakeEmbedder } from '@sift/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchFixture, type SearchFixture } from './search-test-support.js';

const DAM =
  'Alpha ridge trail climbs north from the lodge. Beavers built a dam on the creek below the ridge. ' +
  'The dam floods the meadow every spring and the creek turns into a pond. Hikers cross the flooded ' +
  'meadow on wooden planks laid by the rangers.';
// Overlapping windows over DAM, as the chunker cuts them (each shares some text with the next).
const DAM_RANGES: [number, number][] = [
  [0, 96],
  [80, 170],
  [150, DAM.length],
];

/** buildContext over the real SQLite store: chunks and texts as the pipeline saves them. */
describe('buildContext', () => {
  let f: SearchFixture;
  let seq = 0;

  /** A processed document whose chunks are the given ranges of `text` (pages 1, 2, … in order). */
  async function addDocument(filename: string, text: string, ranges: [number, number][]) {
    const doc = await f.stores.metadata.documents.insert({
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
      size: text.length,
      sha256: (++seq).toString(16).padStart(64, '0'),
      status: 'queued',
      metadata: {},
      tags: [],
    });
    await f.stores.metadata.documents.saveContent(doc.id, {
      text: { text, blocks: [], pages: [], extractor: { name: 'test', version: '1' } },
      chunks: ranges.map(([start, end], index) => ({
        index,
        content: text.slice(start, end),
        startChar: start,
        endChar: end,
        pageFrom: index + 1,
        pageTo: index + 1,
        headingPath: [],
        timeStartMs: null,
        timeEndMs: null,
        tokenCount: countTokens(text.slice(start, end)),
        confidence: null,
        origin: null,
      })),
      patch: { status: 'processed', title: filename.replace(/\..*$/, '') },
    });
    return { id: doc.id, chunks: await f.stores.metadata.documents.listChunks(doc.id) };
  }

  /** Hits as search returns them, ranked in the given order (fused scores falling). */
  function hitsOf(ranked: { chunk: ChunkRecord; filename: string }[]): SearchHit[] {
    return ranked.map(({ chunk, filename }, i) => ({
      chunkId: chunk.id,
      documentId: chunk.documentId,
      title: filename.replace(/\..*$/, ''),
      filename,
      contentType: 'text/plain',
      pageFrom: chunk.pageFrom,
      pageTo: chunk.pageTo,
      headingPath: chunk.headingPath,
      origin: chunk.origin,
      startChar: chunk.startChar,
      endChar: chunk.endChar,
      content: chunk.content,
      snippet: chunk.content,
      scores: { lexical: null, vector: null, fused: 1 / (i + 2), rerank: null },
    }));
  }

  beforeEach(async () => {
    f = await searchFixture(new FakeEmbedder({ dimensions: 8 }));
  });
  afterEach(async () => f.close());

  it('merges overlapping chunks of one document into one passage cut exactly from its text', async () => {
    const dam = await addDocument('dam.txt', DAM, DAM_RANGES.slice(0, 2));
    const pond = await addDocument('pond.txt', 'A pond is a small body of still water.', [[0, 38]]);
    // What a real search ranks: both dam chunks match, the pond chunk too.
    const { hits } = await f.service.search({
      query: 'beavers dam creek pond',
      mode: 'lexical',
      filter: {},
      limit: 10,
    });
    expect(hits.map((h) => h.chunkId).sort()).toEqual(
      [...dam.chunks, ...pond.chunks].map((c) => c.id).sort(),
    );

    const passages = await buildContext(f.stores.metadata, hits, { maxTokens: 1000 });
    expect(passages.map((p) => p.n)).toEqual([1, 2]);
    const merged = passages.find((p) => p.documentId === dam.id)!;
    expect(merged).toMatchObject({
      startChar: 0,
      endChar: 170,
      content: DAM.slice(0, 170),
      pageFrom: 1,
      pageTo: 2,
      filename: 'dam.txt',
      title: 'dam',
    });
    // The passage is cited by its best-ranked chunk and remembers every chunk merged into it.
    const damHits = hits.filter((h) => h.documentId === dam.id);
    expect(merged.chunkId).toBe(damHits[0]!.chunkId);
    expect(merged.chunkIds).toEqual(damHits.map((h) => h.chunkId));
    expect(merged.score).toBe(damHits[0]!.scores.fused);
    const single = passages.find((p) => p.documentId === pond.id)!;
    expect(single).toMatchObject({
      content: 'A pond is a small body of still water.',
      startChar: 0,
      endChar: 38,
    });
    // Passages keep the rank of their best chunk.
    expect(passages[0]!.documentId).toBe(hits[0]!.documentId);
  });

  it('merges a chunk that bridges two earlier passages of its document into one', async () => {
    const dam = await addDocument('dam.txt', DAM, DAM_RANGES);
    const [a, b, c] = dam.chunks;
    // Ranked A, C, then B between them: A and C start apart, B joins all three.
    const passages = await buildContext(
      f.stores.metadata,
      hitsOf([a!, c!, b!].map((chunk) => ({ chunk, filename: 'dam.txt' }))),
      { maxTokens: 1000 },
    );
    expect(passages).toHaveLength(1);
    expect(passages[0]).toMatchObject({
      n: 1,
      startChar: 0,
      endChar: DAM.length,
      content: DAM,
      chunkId: a!.id,
    });
    expect(new Set(passages[0]!.chunkIds)).toEqual(new Set([a!.id, b!.id, c!.id]));
  });

  it('merges chunks that only touch, and keeps apart chunks of one document with a gap between', async () => {
    const text = 'First part of the text. Second part of the text. Third part, far away.';
    const doc = await addDocument('parts.txt', text, [
      [0, 24],
      [24, 48],
      [55, text.length],
    ]);
    const [a, b, c] = doc.chunks;
    const passages = await buildContext(
      f.stores.metadata,
      hitsOf([a!, c!, b!].map((chunk) => ({ chunk, filename: 'parts.txt' }))),
      { maxTokens: 1000 },
    );
    expect(passages.map((p) => [p.n, p.startChar, p.endChar, p.content])).toEqual([
      [1, 0, 48, text.slice(0, 48)],
      [2, 55, text.length, text.slice(55)],
    ]);
    expect(passages[0]!.chunkIds).toEqual([a!.id, b!.id]);
  });

  it('spends the token budget best first, skipping a passage that does not fit and numbering the rest 1..n', async () => {
    const long = await addDocument('long.txt', 'word '.repeat(120).trim(), [[0, 599]]);
    const short1 = await addDocument('short1.txt', 'Otters hold hands while they sleep.', [[0, 35]]);
    const short2 = await addDocument('short2.txt', 'Sea lions bark loudly at night.', [[0, 31]]);
    const hits = hitsOf([
      { chunk: short1.chunks[0]!, filename: 'short1.txt' },
      { chunk: long.chunks[0]!, filename: 'long.txt' },
      { chunk: short2.chunks[0]!, filename: 'short2.txt' },
    ]);
    const budget =
      countTokens('Otters hold hands while they sleep.') + countTokens('Sea lions bark loudly at night.');
    expect(countTokens(long.chunks[0]!.content)).toBeGreaterThan(budget);

    const passages = await buildContext(f.stores.metadata, hits, { maxTokens: budget });
    expect(passages.map((p) => [p.n, p.filename])).toEqual([
      [1, 'short1.txt'],
      [2, 'short2.txt'],
    ]);
    const used = passages.reduce((sum, p) => sum + countTokens(p.content), 0);
    expect(used).toBeLessThanOrEqual(budget);
    expect(await buildContext(f.stores.metadata, hits, { maxTokens: budget - 1 })).toHaveLength(1);
    expect(await buildContext(f.stores.metadata, hits, { maxTokens: 0 })).toEqual([]);
  });

  it('falls back to the best chunk alone when the document text is gone', async () => {
    const dam = await addDocument('dam.txt', DAM, DAM_RANGES.slice(0, 2));
    const hits = hitsOf(dam.chunks.map((chunk) => ({ chunk, filename: 'dam.txt' })));
    await f.stores.metadata.documents.delete(dam.id);
    const passages = await buildContext(f.stores.metadata, hits, { maxTokens: 1000 });
    expect(passages).toHaveLength(1);
    expect(passages[0]).toMatchObject({
      n: 1,
      chunkId: dam.chunks[0]!.id,
      content: DAM.slice(0, 96),
      startChar: 0,
      endChar: 96,
    });
  });
});
