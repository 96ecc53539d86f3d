import { expect, it } from 'vitest';
import { isoWithin } from './job-queue.fixture.js';
import {
  newDocument,
  OTHER_OWNER,
  OWNER,
  SETTINGS,
  sha256Hex,
  type StoreFixture,
} from './metadata-store.fixture.js';

/** insert, get, findBySha, findChild, update. */
export function documentCases(f: StoreFixture): void {
  it('stores every field of a new document, with defaults for the rest, and returns the same from get', async () => {
    const collection = await f.store.collections.create({
      ownerId: OWNER,
      name: 'papers',
      settings: SETTINGS,
    });
    const folder = await f.store.folders.create({
      ownerId: OWNER,
      name: 'inbox',
      parentId: null,
      collectionId: collection.id,
    });
    const source = await f.store.sources.create({
      ownerId: OWNER,
      collectionId: collection.id,
      path: '/srv/docs',
    });
    const input = newDocument({
      id: '7f0c3f8e-2b0a-4d8e-9a51-0c1f0a7e0001',
      collectionId: collection.id,
      folderId: folder.id,
      sourceId: source.id,
      sourcePath: 'reports/2024.pdf',
      sourceMtimeMs: 1_700_000_000_123,
      filename: '2024.pdf',
      originalFilename: 'reports/2024.pdf',
      contentType: 'application/pdf',
      category: 'document',
      size: 4096,
      status: 'queued',
      metadata: { author: 'Ada', nested: { pages: [1, 2] } },
      tags: ['finance', 'q4'],
    });
    const before = Date.now();
    const doc = await f.store.documents.insert(input);
    const after = Date.now();
    expect(doc).toEqual({
      id: input.id,
      ownerId: OWNER,
      collectionId: collection.id,
      folderId: folder.id,
      parentDocumentId: null,
      sourceId: source.id,
      sourcePath: 'reports/2024.pdf',
      sourceMtimeMs: 1_700_000_000_123,
      filename: '2024.pdf',
      originalFilename: 'reports/2024.pdf',
      contentType: 'application/pdf',
      category: 'document',
      size: 4096,
      sha256: input.sha256,
      status: 'queued',
      stage: null,
      progress: 0,
      errorCode: null,
      errorMessage: null,
      metadata: { author: 'Ada', nested: { pages: [1, 2] } },
      tags: ['finance', 'q4'],
      title: null,
      language: null,
      chunkCount: 0,
      processingMs: null,
      taskId: null,
      uploadedAt: expect.any(String),
      processedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(isoWithin(doc.uploadedAt, before, after)).toBe(true);
    expect(doc.createdAt).toBe(doc.uploadedAt);
    expect(doc.updatedAt).toBe(doc.uploadedAt);
    expect(await f.store.documents.get(doc.id)).toEqual(doc);
  });

  it('generates an id when none is given, and returns null for an unknown id', async () => {
    const a = await f.store.documents.insert(newDocument());
    const b = await f.store.documents.insert(newDocument());
    expect(a.id).toMatch(/^\S+$/);
    expect(a.id).not.toBe(b.id);
    expect(await f.store.documents.get('no-such-document')).toBeNull();
  });

  it('takes one blob reference per document in the same step as the insert', async () => {
    const shared = sha256Hex('shared bytes');
    expect(await f.store.blobRefCount(shared)).toBe(0);
    await f.store.documents.insert(newDocument({ sha256: shared, size: 10 }));
    expect(await f.store.blobRefCount(shared)).toBe(1);
    await f.store.documents.insert(newDocument({ sha256: shared, size: 10, collectionId: null }));
    expect(await f.store.blobRefCount(shared)).toBe(2);
  });

  it('refuses a document referring to a missing collection with DOCUMENT_REFERENCE_NOT_FOUND, taking no blob reference', async () => {
    const input = newDocument({ collectionId: 'no-such-collection' });
    await expect(f.store.documents.insert(input)).rejects.toMatchObject({
      code: 'DOCUMENT_REFERENCE_NOT_FOUND',
      category: 'not_found',
    });
    expect(await f.store.blobRefCount(input.sha256)).toBe(0);
    await expect(
      f.store.documents.insert(newDocument({ parentDocumentId: 'no-such-parent' })),
    ).rejects.toMatchObject({ code: 'DOCUMENT_REFERENCE_NOT_FOUND' });
  });

  it('refuses a second member with the same path in one archive with DOCUMENT_EXISTS, taking no blob reference', async () => {
    const archive = await f.store.documents.insert(
      newDocument({ category: 'archive', contentType: 'application/zip' }),
    );
    const member = newDocument({ parentDocumentId: archive.id, sourcePath: 'a/b.txt' });
    await f.store.documents.insert(member);
    const again = newDocument({ parentDocumentId: archive.id, sourcePath: 'a/b.txt' });
    await expect(f.store.documents.insert(again)).rejects.toMatchObject({
      code: 'DOCUMENT_EXISTS',
      category: 'conflict',
    });
    expect(await f.store.blobRefCount(again.sha256)).toBe(0);
    // The same path in another archive, and another path in the same archive, are fine.
    const other = await f.store.documents.insert(
      newDocument({ category: 'archive', contentType: 'application/zip' }),
    );
    await f.store.documents.insert(newDocument({ parentDocumentId: other.id, sourcePath: 'a/b.txt' }));
    await f.store.documents.insert(newDocument({ parentDocumentId: archive.id, sourcePath: 'a/c.txt' }));
  });

  it('refuses a second document for one file of a directory source with DOCUMENT_EXISTS', async () => {
    const collection = await f.store.collections.create({
      ownerId: OWNER,
      name: 'synced',
      settings: SETTINGS,
    });
    const source = await f.store.sources.create({
      ownerId: OWNER,
      collectionId: collection.id,
      path: '/data',
    });
    const base = { collectionId: collection.id, sourceId: source.id };
    await f.store.documents.insert(newDocument({ ...base, sourcePath: 'x.pdf' }));
    await expect(
      f.store.documents.insert(newDocument({ ...base, sourcePath: 'x.pdf' })),
    ).rejects.toMatchObject({
      code: 'DOCUMENT_EXISTS',
    });
    await f.store.documents.insert(newDocument({ ...base, sourcePath: 'y.pdf' }));
  });

  it('refuses an id that is taken with DOCUMENT_EXISTS', async () => {
    const doc = await f.store.documents.insert(newDocument());
    await expect(f.store.documents.insert(newDocument({ id: doc.id }))).rejects.toMatchObject({
      code: 'DOCUMENT_EXISTS',
      category: 'conflict',
    });
  });

  it('finds the oldest top-level document with the same bytes in the same owner and collection only', async () => {
    const bytes = sha256Hex('same bytes');
    const collection = await f.store.collections.create({ ownerId: OWNER, name: 'c', settings: SETTINGS });
    expect(await f.store.documents.findBySha(OWNER, null, bytes)).toBeNull();
    const first = await f.store.documents.insert(newDocument({ sha256: bytes }));
    await f.store.documents.insert(newDocument({ sha256: bytes }));
    const inCollection = await f.store.documents.insert(
      newDocument({ sha256: bytes, collectionId: collection.id }),
    );
    const theirs = await f.store.documents.insert(newDocument({ sha256: bytes, ownerId: OTHER_OWNER }));
    const archive = await f.store.documents.insert(newDocument());
    await f.store.documents.insert(
      newDocument({ sha256: sha256Hex('member'), parentDocumentId: archive.id, sourcePath: 'm' }),
    );

    expect((await f.store.documents.findBySha(OWNER, null, bytes))?.id).toBe(first.id);
    expect((await f.store.documents.findBySha(OWNER, collection.id, bytes))?.id).toBe(inCollection.id);
    expect((await f.store.documents.findBySha(OTHER_OWNER, null, bytes))?.id).toBe(theirs.id);
    expect(await f.store.documents.findBySha(OTHER_OWNER, collection.id, bytes)).toBeNull();
    // Archive members never count as duplicates of an upload.
    expect(await f.store.documents.findBySha(OWNER, null, sha256Hex('member'))).toBeNull();
  });

  it('finds the child of a parent by its path inside the parent', async () => {
    const archive = await f.store.documents.insert(newDocument());
    const child = await f.store.documents.insert(
      newDocument({ parentDocumentId: archive.id, sourcePath: 'dir/a.txt' }),
    );
    expect(await f.store.documents.findChild(archive.id, 'dir/a.txt')).toEqual(child);
    expect(await f.store.documents.findChild(archive.id, 'dir/b.txt')).toBeNull();
    expect(await f.store.documents.findChild(child.id, 'dir/a.txt')).toBeNull();
  });

  it('applies a patch, keeps the fields it leaves out, and moves updatedAt', async () => {
    const collection = await f.store.collections.create({ ownerId: OWNER, name: 'c', settings: SETTINGS });
    const doc = await f.store.documents.insert(newDocument({ tags: ['keep'], metadata: { a: 1 } }));
    const processedAt = '2024-05-06T07:08:09.010Z';
    const updated = await f.store.documents.update(doc.id, {
      status: 'failed',
      stage: 'extract',
      progress: 0.25,
      errorCode: 'EXTRACTION_FAILED',
      errorMessage: 'broken xref table',
      title: 'Annual report',
      language: 'en',
      processingMs: 1234,
      processedAt,
      taskId: 'task-1',
      collectionId: collection.id,
      sourceMtimeMs: 42,
    });
    expect(updated).toEqual({
      ...doc,
      status: 'failed',
      stage: 'extract',
      progress: 0.25,
      errorCode: 'EXTRACTION_FAILED',
      errorMessage: 'broken xref table',
      title: 'Annual report',
      language: 'en',
      processingMs: 1234,
      processedAt,
      taskId: 'task-1',
      collectionId: collection.id,
      sourceMtimeMs: 42,
      updatedAt: expect.any(String),
    });
    expect(Date.parse(updated!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(doc.updatedAt));
    expect(await f.store.documents.get(doc.id)).toEqual(updated);

    const cleared = await f.store.documents.update(doc.id, {
      errorCode: null,
      errorMessage: null,
      processedAt: null,
      collectionId: null,
      tags: ['a', 'b'],
      metadata: { b: [true] },
    });
    expect(cleared).toMatchObject({
      status: 'failed',
      title: 'Annual report',
      errorCode: null,
      errorMessage: null,
      processedAt: null,
      collectionId: null,
      tags: ['a', 'b'],
      metadata: { b: [true] },
    });
  });

  it('returns null when updating a document that does not exist', async () => {
    expect(await f.store.documents.update('no-such-document', { status: 'processed' })).toBeNull();
  });

  it('refuses an impossible patch with DOCUMENT_INVALID and changes nothing', async () => {
    const doc = await f.store.documents.insert(newDocument());
    await expect(f.store.documents.update(doc.id, { progress: 1.5 })).rejects.toMatchObject({
      code: 'DOCUMENT_INVALID',
      category: 'user',
    });
    await expect(f.store.documents.update(doc.id, { processedAt: 'yesterday' })).rejects.toMatchObject({
      code: 'DOCUMENT_INVALID',
    });
    expect(await f.store.documents.get(doc.id)).toEqual(doc);
  });

  it('refuses a patch moving the document to a missing folder with DOCUMENT_REFERENCE_NOT_FOUND', async () => {
    const doc = await f.store.documents.insert(newDocument());
    await expect(f.store.documents.update(doc.id, { folderId: 'no-such-folder' })).rejects.toMatchObject({
      code: 'DOCUMENT_REFERENCE_NOT_FOUND',
      category: 'not_found',
    });
    expect(await f.store.documents.get(doc.id)).toEqual(doc);
  });
}
