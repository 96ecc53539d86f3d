import type { VectorSpace } from '@sift/core';
import { expect, it } from 'vitest';
import { contentOf, newDocument } from './metadata-store.fixture.js';
import {
  SPACE,
  addDocument,
  angle,
  cosine,
  saveVectors,
  search,
  vec,
  type VectorFixture,
} from './vector-index.fixture.js';

const OTHER_SPACE: VectorSpace = { id: 'other-model@3', dimensions: 3 };

/** Writing, reading, replacing and deleting vectors, atomically with their chunks. */
export function storageCases(f: VectorFixture): void {
  it('stores vectors saved with the chunks, normalised, and finds them', async () => {
    const { doc, chunkIds } = await addDocument(f, [vec(3, 4, 0, 0), vec(0, 0, 2, 0)]);
    expect(await f.index.count(SPACE)).toBe(2);
    expect(Array.from((await f.index.get(SPACE, chunkIds[0]!))!)).toEqual(
      Array.from(Float32Array.from([0.6, 0.8, 0, 0])),
    );
    const hits = await search(f, vec(0, 0, 1, 0));
    expect(hits.map((h) => [h.chunkId, h.documentId])).toEqual([
      [chunkIds[1], doc.id],
      [chunkIds[0], doc.id],
    ]);
    expect(hits[0]!.score).toBeCloseTo(1, 6);
    expect(hits[1]!.score).toBeCloseTo(0, 6);
  });

  it('upserts vectors of existing chunks, replacing earlier ones, and skips chunks that are gone', async () => {
    const { chunkIds } = await addDocument(f, [angle(0), angle(90)]);
    const gone = await addDocument(f, [angle(45)]);
    await f.store.documents.delete(gone.doc.id);
    await f.index.upsert(SPACE, [
      { chunkId: chunkIds[0]!, vector: angle(180) },
      { chunkId: gone.chunkIds[0]!, vector: angle(0) },
      { chunkId: 'no-such-chunk', vector: angle(0) },
    ]);
    expect(await f.index.count(SPACE)).toBe(2);
    const stored = (await f.index.get(SPACE, chunkIds[0]!))!;
    expect(stored[0]).toBeCloseTo(-1, 6);
    expect(await f.index.get(SPACE, gone.chunkIds[0]!)).toBeNull();
    const hits = await search(f, angle(0));
    expect(hits.map((h) => h.chunkId)).toEqual([chunkIds[1], chunkIds[0]]);
    expect(hits[1]!.score).toBeCloseTo(-1, 6);
  });

  it('adds vectors to chunks saved without any, through upsert', async () => {
    const doc = await f.store.documents.insert(newDocument());
    await f.store.documents.saveContent(doc.id, contentOf('ab', [1, 1], { status: 'processed' }));
    const chunks = await f.store.documents.listChunks(doc.id);
    expect(await f.index.count(SPACE)).toBe(0);
    expect(await search(f, angle(0))).toEqual([]);
    await f.index.upsert(
      SPACE,
      chunks.map((c, i) => ({ chunkId: c.id, vector: angle(i * 30) })),
    );
    expect(await f.index.count(SPACE)).toBe(2);
    expect((await search(f, angle(30), { limit: 1 })).map((h) => h.chunkId)).toEqual([chunks[1]!.id]);
  });

  it('replaces a document’s vectors when its content is saved again, with or without vectors', async () => {
    const first = await addDocument(f, [angle(0), angle(10)]);
    const second = await saveVectors(f, first.doc.id, [angle(90)]);
    expect(await f.index.count(SPACE)).toBe(1);
    for (const old of first.chunkIds) expect(await f.index.get(SPACE, old)).toBeNull();
    expect((await search(f, angle(0))).map((h) => h.chunkId)).toEqual(second.chunkIds);
    await f.store.documents.saveContent(first.doc.id, contentOf('abc', [3]));
    expect(await f.index.count(SPACE)).toBe(0);
    expect(await search(f, angle(0))).toEqual([]);
  });

  it('refuses content whose vectors do not fit, writing nothing (DOCUMENT_CONTENT_INVALID)', async () => {
    const kept = await addDocument(f, [angle(0), angle(90)]);
    const before = await f.store.documents.get(kept.doc.id);
    const content = contentOf('new', [1, 2], { status: 'failed', title: 'Never' });
    const attempts = [
      { space: SPACE, vectors: [angle(0)] }, // one vector for two chunks
      { space: SPACE, vectors: [angle(0), vec(1, 0, 0)] }, // a 3-dimensional vector in a 4-dimensional space
      { space: SPACE, vectors: [angle(0), vec(1, Number.NaN, 0, 0)] },
      { space: { ...SPACE, dimensions: 3 }, vectors: [vec(1, 0, 0), vec(0, 1, 0)] }, // the space has 4
    ];
    for (const vectors of attempts) {
      await expect(f.store.documents.saveContent(kept.doc.id, { ...content, vectors })).rejects.toMatchObject(
        { code: 'DOCUMENT_CONTENT_INVALID', category: 'system', retryable: false },
      );
    }
    expect(await f.store.documents.get(kept.doc.id)).toEqual(before);
    expect((await f.store.documents.listChunks(kept.doc.id)).map((c) => c.id)).toEqual(kept.chunkIds);
    expect(await f.index.count(SPACE)).toBe(2);
    expect((await search(f, angle(90), { limit: 1 })).map((h) => h.chunkId)).toEqual([kept.chunkIds[1]]);
  });

  it('deletes vectors with their document and its members: none left behind, none found', async () => {
    const archive = await addDocument(f, [angle(0)]);
    const member = await addDocument(f, [angle(1), angle(2)], {
      doc: { parentDocumentId: archive.doc.id, sourcePath: 'inner.txt' },
    });
    const bystander = await addDocument(f, [angle(60)]);
    expect(await f.index.count(SPACE)).toBe(4);
    await f.store.documents.delete(archive.doc.id);
    expect(await f.index.count(SPACE)).toBe(1);
    for (const id of [...archive.chunkIds, ...member.chunkIds])
      expect(await f.index.get(SPACE, id)).toBeNull();
    expect((await search(f, angle(0))).map((h) => h.chunkId)).toEqual(bystander.chunkIds);
  });

  it('keeps spaces apart: same chunks, other vectors, other dimensions', async () => {
    const { chunkIds } = await addDocument(f, [angle(0), angle(90)]);
    await f.index.upsert(OTHER_SPACE, [
      { chunkId: chunkIds[0]!, vector: vec(0, 0, 1) },
      { chunkId: chunkIds[1]!, vector: vec(1, 0, 0) },
    ]);
    expect(await f.index.count(SPACE)).toBe(2);
    expect(await f.index.count(OTHER_SPACE)).toBe(2);
    expect((await search(f, vec(1, 0, 0), { space: OTHER_SPACE, limit: 1 }))[0]!.chunkId).toBe(chunkIds[1]);
    expect((await search(f, angle(0), { limit: 1 }))[0]!.chunkId).toBe(chunkIds[0]);
    expect(Array.from((await f.index.get(OTHER_SPACE, chunkIds[0]!))!)).toEqual([0, 0, 1]);
    // Saving new content replaces the document's chunks, so their vectors go in every space.
    await saveVectors(f, (await f.store.documents.getChunk(chunkIds[0]!))!.documentId, [angle(45)]);
    expect(await f.index.count(OTHER_SPACE)).toBe(0);
    expect(await f.index.count(SPACE)).toBe(1);
  });

  it('drops a whole space and leaves the others', async () => {
    const { chunkIds } = await addDocument(f, [angle(0), angle(90)]);
    await f.index.upsert(OTHER_SPACE, [{ chunkId: chunkIds[0]!, vector: vec(1, 0, 0) }]);
    await f.index.dropSpace(SPACE);
    expect(await f.index.count(SPACE)).toBe(0);
    expect(await f.index.get(SPACE, chunkIds[0]!)).toBeNull();
    expect(await search(f, angle(0))).toEqual([]);
    expect(await f.index.count(OTHER_SPACE)).toBe(1);
    // The space can be filled again, even with other dimensions.
    const wider: VectorSpace = { id: SPACE.id, dimensions: 5 };
    await f.index.upsert(wider, [{ chunkId: chunkIds[1]!, vector: vec(0, 0, 0, 0, 1) }]);
    expect((await f.index.search(wider, vec(0, 0, 0, 0, 1), { filter: {}, limit: 5 }))[0]).toMatchObject({
      chunkId: chunkIds[1],
    });
    await f.index.dropSpace({ id: 'never-used', dimensions: 2 });
  });

  it('refuses vectors and queries of other dimensions (VECTOR_DIMENSION_MISMATCH) and NaN (VECTOR_INVALID)', async () => {
    const { chunkIds } = await addDocument(f, [angle(0)]);
    const mismatch = { code: 'VECTOR_DIMENSION_MISMATCH', category: 'user', retryable: false };
    await expect(
      f.index.upsert(SPACE, [
        { chunkId: chunkIds[0]!, vector: angle(90) },
        { chunkId: chunkIds[0]!, vector: vec(1, 0) },
      ]),
    ).rejects.toMatchObject(mismatch);
    await expect(
      f.index.upsert({ ...SPACE, dimensions: 2 }, [{ chunkId: chunkIds[0]!, vector: vec(1, 0) }]),
    ).rejects.toMatchObject(mismatch);
    await expect(search(f, vec(1, 0, 0))).rejects.toMatchObject(mismatch);
    await expect(
      f.index.search({ ...SPACE, dimensions: 2 }, vec(1, 0), { filter: {}, limit: 1 }),
    ).rejects.toMatchObject(mismatch);
    await expect(
      f.index.upsert(SPACE, [{ chunkId: chunkIds[0]!, vector: vec(1, Number.POSITIVE_INFINITY, 0, 0) }]),
    ).rejects.toMatchObject({ code: 'VECTOR_INVALID', category: 'user' });
    await expect(search(f, vec(Number.NaN, 0, 0, 0))).rejects.toMatchObject({ code: 'VECTOR_INVALID' });
    // Nothing of the refused upserts landed.
    expect(cosine((await f.index.get(SPACE, chunkIds[0]!))!, angle(0))).toBeCloseTo(1, 6);
  });

  it('answers an unknown space and chunk with nothing', async () => {
    const unknown: VectorSpace = { id: 'unknown@4', dimensions: 4 };
    expect(await f.index.count(unknown)).toBe(0);
    expect(await f.index.get(unknown, 'no-such-chunk')).toBeNull();
    expect(await f.index.search(unknown, angle(0), { filter: {}, limit: 3 })).toEqual([]);
  });
}
