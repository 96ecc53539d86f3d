import { expect, it } from 'vitest';
import { contentOf, newDocument, sha256Hex, type StoreFixture } from './metadata-store.fixture.js';

const TEXT = 'Alpha beta gamma. Delta epsilon zeta. Eta theta iota.';

/** saveContent, getText, listChunks, getChunk and delete. */
export function contentCases(f: StoreFixture): void {
  it('saves text, chunks and the patch together, and reads each back', async () => {
    const doc = await f.store.documents.insert(newDocument());
    const content = contentOf(TEXT, [18, 19, 16], {
      status: 'processed',
      stage: null,
      progress: 1,
      title: 'Greek letters',
      language: 'en',
      processedAt: '2024-01-02T03:04:05.006Z',
    });
    content.chunks[1] = {
      ...content.chunks[1]!,
      headingPath: ['Part 1', 'Letters'],
      pageFrom: 1,
      pageTo: 2,
      timeStartMs: 1000,
      timeEndMs: 2500,
      confidence: 0.87,
    };
    // A chunk of footer text keeps saying so.
    content.chunks[2] = { ...content.chunks[2]!, origin: 'footer' };
    const saved = await f.store.documents.saveContent(doc.id, content);
    expect(saved).toEqual({
      ...doc,
      status: 'processed',
      stage: null,
      progress: 1,
      title: 'Greek letters',
      language: 'en',
      processedAt: '2024-01-02T03:04:05.006Z',
      chunkCount: 3,
      updatedAt: expect.any(String),
    });
    expect(await f.store.documents.get(doc.id)).toEqual(saved);
    expect(await f.store.documents.getText(doc.id)).toEqual({ documentId: doc.id, ...content.text });

    const chunks = await f.store.documents.listChunks(doc.id);
    expect(chunks).toEqual(
      content.chunks.map((draft) => ({
        ...draft,
        id: expect.any(String),
        documentId: doc.id,
        contentSha256: sha256Hex(draft.content),
      })),
    );
    expect(new Set(chunks.map((c) => c.id)).size).toBe(3);
    for (const chunk of chunks) {
      expect(TEXT.slice(chunk.startChar, chunk.endChar)).toBe(chunk.content);
      expect(await f.store.documents.getChunk(chunk.id)).toEqual(chunk);
    }
  });

  it('replaces the previous text and chunks when content is saved again', async () => {
    const doc = await f.store.documents.insert(newDocument());
    await f.store.documents.saveContent(doc.id, contentOf(TEXT, [18, 19, 16], { status: 'processed' }));
    const old = await f.store.documents.listChunks(doc.id);
    const text = 'Completely new text.';
    const saved = await f.store.documents.saveContent(doc.id, contentOf(text, [20], { title: 'New' }));
    expect(saved).toMatchObject({ chunkCount: 1, title: 'New', status: 'processed' });
    expect((await f.store.documents.getText(doc.id))?.text).toBe(text);
    const chunks = await f.store.documents.listChunks(doc.id);
    expect(chunks.map((c) => c.content)).toEqual([text]);
    for (const chunk of old) expect(await f.store.documents.getChunk(chunk.id)).toBeNull();
    // Saving no chunks at all leaves none.
    expect(await f.store.documents.saveContent(doc.id, contentOf('', []))).toMatchObject({ chunkCount: 0 });
    expect(await f.store.documents.listChunks(doc.id)).toEqual([]);
  });

  it('returns null from saveContent for a deleted document and writes nothing', async () => {
    const doc = await f.store.documents.insert(newDocument());
    await f.store.documents.delete(doc.id);
    expect(
      await f.store.documents.saveContent(doc.id, contentOf(TEXT, [53], { status: 'processed' })),
    ).toBeNull();
    expect(await f.store.documents.getText(doc.id)).toBeNull();
    expect(await f.store.documents.listChunks(doc.id)).toEqual([]);
    expect(await f.store.documents.get(doc.id)).toBeNull();
  });

  it('keeps the old text, chunks and status when saving new content fails midway (DOCUMENT_CONTENT_INVALID)', async () => {
    const doc = await f.store.documents.insert(newDocument());
    const before = await f.store.documents.saveContent(
      doc.id,
      contentOf(TEXT, [18, 35], { status: 'processed' }),
    );
    const oldChunks = await f.store.documents.listChunks(doc.id);
    const broken = contentOf('Other text that never lands.', [5, 10, 13], {
      status: 'failed',
      title: 'Never',
    });
    broken.chunks[2] = { ...broken.chunks[2]!, index: 1 }; // two chunks with index 1
    await expect(f.store.documents.saveContent(doc.id, broken)).rejects.toMatchObject({
      code: 'DOCUMENT_CONTENT_INVALID',
      category: 'system',
      retryable: false,
    });
    expect(await f.store.documents.get(doc.id)).toEqual(before);
    expect((await f.store.documents.getText(doc.id))?.text).toBe(TEXT);
    expect(await f.store.documents.listChunks(doc.id)).toEqual(oldChunks);
  });

  it('pages through chunks in index order with offset and limit', async () => {
    const doc = await f.store.documents.insert(newDocument());
    await f.store.documents.saveContent(doc.id, contentOf('abcdefghij', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]));
    const contents = async (options: { offset?: number; limit?: number }) =>
      (await f.store.documents.listChunks(doc.id, options)).map((c) => c.content).join('');
    expect(await contents({})).toBe('abcdefghij');
    expect(await contents({ limit: 3 })).toBe('abc');
    expect(await contents({ offset: 3, limit: 4 })).toBe('defg');
    expect(await contents({ offset: 8 })).toBe('ij');
    expect(await contents({ offset: 20 })).toBe('');
    expect(await f.store.documents.listChunks('no-such-document')).toEqual([]);
    expect(await f.store.documents.getChunk('no-such-chunk')).toBeNull();
    expect(await f.store.documents.getText('no-such-document')).toBeNull();
  });

  it('deletes a document with its members, texts and chunks, releasing one blob reference per document', async () => {
    const shared = sha256Hex('shared by archive and member');
    const elsewhere = sha256Hex('also kept by another document');
    const archive = await f.store.documents.insert(newDocument({ sha256: shared }));
    const member = await f.store.documents.insert(
      newDocument({ parentDocumentId: archive.id, sourcePath: 'inner.zip', sha256: elsewhere }),
    );
    const nested = await f.store.documents.insert(
      newDocument({ parentDocumentId: member.id, sourcePath: 'deep.txt' }),
    );
    const twin = await f.store.documents.insert(
      newDocument({ parentDocumentId: archive.id, sourcePath: 'twin', sha256: shared }),
    );
    const bystander = await f.store.documents.insert(newDocument({ sha256: elsewhere }));
    for (const doc of [archive, member, nested, twin, bystander]) {
      await f.store.documents.saveContent(doc.id, contentOf(TEXT, [53]));
    }
    const nestedChunk = (await f.store.documents.listChunks(nested.id))[0]!;

    const result = await f.store.documents.delete(archive.id);
    expect(result?.deleted.map((d) => d.id)).toEqual([archive.id, member.id, twin.id, nested.id]);
    expect(result?.deleted[0]).toMatchObject({ id: archive.id, chunkCount: 1, sha256: shared });
    expect(result?.unreferencedBlobs.sort()).toEqual([shared, nested.sha256].sort());
    expect(await f.store.blobRefCount(shared)).toBe(0);
    expect(await f.store.blobRefCount(nested.sha256)).toBe(0);
    expect(await f.store.blobRefCount(elsewhere)).toBe(1);
    for (const doc of [archive, member, nested, twin]) {
      expect(await f.store.documents.get(doc.id)).toBeNull();
      expect(await f.store.documents.getText(doc.id)).toBeNull();
      expect(await f.store.documents.listChunks(doc.id)).toEqual([]);
    }
    expect(await f.store.documents.getChunk(nestedChunk.id)).toBeNull();
    expect(await f.store.documents.get(bystander.id)).toEqual(
      expect.objectContaining({ id: bystander.id, chunkCount: 1 }),
    );
    expect(await f.store.documents.listChunks(bystander.id)).toHaveLength(1);
  });

  it('deletes a member without touching its archive, and returns null for a document that is gone', async () => {
    const archive = await f.store.documents.insert(newDocument());
    const member = await f.store.documents.insert(
      newDocument({ parentDocumentId: archive.id, sourcePath: 'm.txt' }),
    );
    const result = await f.store.documents.delete(member.id);
    expect(result).toEqual({ deleted: [member], unreferencedBlobs: [member.sha256] });
    expect(await f.store.documents.get(archive.id)).toEqual(archive);
    expect(await f.store.documents.findChild(archive.id, 'm.txt')).toBeNull();
    expect(await f.store.documents.delete(member.id)).toBeNull();
    expect(await f.store.documents.delete('no-such-document')).toBeNull();
  });
}
