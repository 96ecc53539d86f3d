import type { DocumentFilter, DocumentRecord } from '@sift/core';
import { expect, it } from 'vitest';
import {
  afterMillisecond,
  newDocument,
  OTHER_OWNER,
  OWNER,
  SETTINGS,
  type StoreFixture,
} from './metadata-store.fixture.js';

/** documents.list: order, paging and every filter field. */
export function listCases(f: StoreFixture): void {
  const ids = async (filter: DocumentFilter) => (await f.store.documents.list(filter)).items.map((d) => d.id);

  /** Every page of a listing from `filter.cursor` on, following cursors to the end. */
  const allPages = async (filter: DocumentFilter): Promise<DocumentRecord[][]> => {
    const pages: DocumentRecord[][] = [];
    let cursor = filter.cursor;
    do {
      const page = await f.store.documents.list({ ...filter, cursor });
      pages.push(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return pages;
  };

  it('lists newest upload first, insertion order breaking ties, and pages without gaps or repeats', async () => {
    const inserted: DocumentRecord[] = [];
    for (let i = 0; i < 7; i++) {
      inserted.push(await f.store.documents.insert(newDocument()));
      if (i === 3) await afterMillisecond(Date.parse(inserted[i]!.uploadedAt));
    }
    const newestFirst = [...inserted].reverse().map((d) => d.id);
    expect(await ids({})).toEqual(newestFirst);
    const pages = await allPages({ limit: 3 });
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((d) => d.id)).toEqual(newestFirst);
    expect(pages.flat()[0]).toEqual(inserted[6]);
  });

  it('continues a listing without repeats or gaps while documents are added and deleted', async () => {
    const older: DocumentRecord[] = [];
    for (let i = 0; i < 6; i++) older.push(await f.store.documents.insert(newDocument()));
    const first = await f.store.documents.list({ limit: 2 });
    expect(first.items.map((d) => d.id)).toEqual([older[5]!.id, older[4]!.id]);
    await f.store.documents.insert(newDocument());
    await f.store.documents.delete(older[5]!.id);
    await f.store.documents.delete(older[2]!.id);
    const rest = await allPages({ limit: 2, cursor: first.nextCursor! });
    expect(rest.flat().map((d) => d.id)).toEqual([older[3]!.id, older[1]!.id, older[0]!.id]);
  });

  it('returns 50 documents by default and at most 500 per page', async () => {
    for (let i = 0; i < 501; i++) await f.store.documents.insert(newDocument());
    const byDefault = await f.store.documents.list({});
    expect(byDefault.items).toHaveLength(50);
    expect(byDefault.nextCursor).not.toBeNull();
    const capped = await f.store.documents.list({ limit: 10_000 });
    expect(capped.items).toHaveLength(500);
    const last = await f.store.documents.list({ limit: 10_000, cursor: capped.nextCursor! });
    expect(last).toEqual({ items: [expect.any(Object)], nextCursor: null });
    expect((await f.store.documents.list({ limit: 0 })).items).toHaveLength(1);
  });

  it('filters by owner, status, and type as content type or category', async () => {
    const pdf = await f.store.documents.insert(newDocument({ status: 'processed' }));
    const png = await f.store.documents.insert(
      newDocument({ contentType: 'image/png', category: 'image', status: 'failed' }),
    );
    const mp3 = await f.store.documents.insert(newDocument({ contentType: 'audio/mpeg', category: 'audio' }));
    const theirs = await f.store.documents.insert(newDocument({ ownerId: OTHER_OWNER }));
    expect(await ids({ ownerId: OTHER_OWNER })).toEqual([theirs.id]);
    expect(await ids({ ownerId: OWNER })).toEqual([mp3.id, png.id, pdf.id]);
    expect(await ids({ status: ['processed', 'failed'] })).toEqual([png.id, pdf.id]);
    expect(await ids({ status: ['processing'] })).toEqual([]);
    expect(await ids({ type: ['application/pdf'], ownerId: OWNER })).toEqual([pdf.id]);
    expect(await ids({ type: ['image', 'audio/mpeg'] })).toEqual([mp3.id, png.id]);
    expect(await ids({ type: ['image'], status: ['processed'] })).toEqual([]);
  });

  it('filters by collection, folders, tag and source', async () => {
    const collection = await f.store.collections.create({ ownerId: OWNER, name: 'c', settings: SETTINGS });
    const a = await f.store.folders.create({ ownerId: OWNER, name: 'a', parentId: null, collectionId: null });
    const b = await f.store.folders.create({ ownerId: OWNER, name: 'b', parentId: null, collectionId: null });
    const source = await f.store.sources.create({
      ownerId: OWNER,
      collectionId: collection.id,
      path: '/srv',
    });
    const inCollection = await f.store.documents.insert(
      newDocument({ collectionId: collection.id, tags: ['x', 'y'] }),
    );
    const inA = await f.store.documents.insert(newDocument({ folderId: a.id, tags: ['y'] }));
    const inB = await f.store.documents.insert(newDocument({ folderId: b.id, tags: ['xy'] }));
    const fromSource = await f.store.documents.insert(
      newDocument({ collectionId: collection.id, sourceId: source.id, sourcePath: 'f.pdf' }),
    );
    expect(await ids({ collectionId: collection.id })).toEqual([fromSource.id, inCollection.id]);
    expect(await ids({ folderIds: [a.id] })).toEqual([inA.id]);
    expect(await ids({ folderIds: [a.id, b.id] })).toEqual([inB.id, inA.id]);
    expect(await ids({ tag: 'y' })).toEqual([inA.id, inCollection.id]);
    expect(await ids({ tag: 'x' })).toEqual([inCollection.id]);
    expect(await ids({ sourceId: source.id })).toEqual([fromSource.id]);
    expect(await ids({ collectionId: collection.id, tag: 'y' })).toEqual([inCollection.id]);
  });

  it('filters archive members by parent, or leaves them out with topLevelOnly', async () => {
    const archive = await f.store.documents.insert(newDocument());
    const m1 = await f.store.documents.insert(newDocument({ parentDocumentId: archive.id, sourcePath: '1' }));
    const m2 = await f.store.documents.insert(newDocument({ parentDocumentId: archive.id, sourcePath: '2' }));
    const nested = await f.store.documents.insert(newDocument({ parentDocumentId: m1.id, sourcePath: 'n' }));
    const single = await f.store.documents.insert(newDocument());
    expect(await ids({ parentDocumentId: archive.id })).toEqual([m2.id, m1.id]);
    expect(await ids({ topLevelOnly: true })).toEqual([single.id, archive.id]);
    expect(await ids({})).toEqual([single.id, nested.id, m2.id, m1.id, archive.id]);
  });

  it('filters by language, any of several, leaving out documents without one', async () => {
    const inLanguage = async (language: string | null) => {
      const doc = await f.store.documents.insert(newDocument());
      await f.store.documents.update(doc.id, { language });
      return doc.id;
    };
    const en = await inLanguage('en');
    const de = await inLanguage('de');
    const none = await inLanguage(null);
    const fr = await inLanguage('fr');
    expect(await ids({ languages: ['en'] })).toEqual([en]);
    expect(await ids({ languages: ['en', 'de'] })).toEqual([de, en]);
    expect(await ids({ languages: ['it'] })).toEqual([]);
    expect(await ids({ languages: [] })).toEqual([fr, none, de, en]);
    expect(await ids({ languages: ['de'], status: ['processed'] })).toEqual([]);
  });

  it('filters by upload time, both bounds inclusive', async () => {
    const a = await f.store.documents.insert(newDocument());
    await afterMillisecond(Date.parse(a.uploadedAt));
    const b = await f.store.documents.insert(newDocument());
    await afterMillisecond(Date.parse(b.uploadedAt));
    const c = await f.store.documents.insert(newDocument());
    expect(await ids({ uploadedFrom: b.uploadedAt })).toEqual([c.id, b.id]);
    expect(await ids({ uploadedTo: b.uploadedAt })).toEqual([b.id, a.id]);
    expect(await ids({ uploadedFrom: b.uploadedAt, uploadedTo: b.uploadedAt })).toEqual([b.id]);
    expect(await ids({ uploadedFrom: new Date(Date.parse(c.uploadedAt) + 1).toISOString() })).toEqual([]);
  });

  it('refuses a cursor it did not issue (INVALID_CURSOR) and a time that is not ISO-8601 (DOCUMENT_FILTER_INVALID)', async () => {
    await expect(f.store.documents.list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
      category: 'user',
    });
    await expect(f.store.documents.list({ uploadedFrom: 'last tuesday' })).rejects.toMatchObject({
      code: 'DOCUMENT_FILTER_INVALID',
      category: 'user',
    });
    await expect(f.store.documents.list({ uploadedTo: '' })).rejects.toMatchObject({
      code: 'DOCUMENT_FILTER_INVALID',
    });
  });
}
