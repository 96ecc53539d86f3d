import type { SearchFilter } from '@sift/core';
import { beforeEach, expect, it } from 'vitest';
import { OTHER_OWNER, OWNER, SETTINGS, afterMillisecond } from './metadata-store.fixture.js';
import {
  addDocument,
  angle,
  documentsOf,
  search,
  type VectorDocument,
  type VectorFixture,
} from './vector-index.fixture.js';

/** Every SearchFilter field, applied inside the index: `limit` hits whenever that many chunks match. */
export function filterCases(f: VectorFixture): void {
  const docs: Record<string, VectorDocument> = {};
  const ids = (...names: string[]) => names.map((n) => docs[n]!.doc.id).sort();
  const found = async (filter: SearchFilter) => documentsOf(await search(f, angle(0), { filter }));
  let inbox = '';
  let archive = '';
  let folder = '';
  let subfolder = '';

  // Each document has two chunks: the filter must let both through or neither.
  beforeEach(async () => {
    inbox = (await f.store.collections.create({ ownerId: OWNER, name: 'Inbox', settings: SETTINGS })).id;
    archive = (await f.store.collections.create({ ownerId: OWNER, name: 'Archive', settings: SETTINGS })).id;
    folder = (
      await f.store.folders.create({ ownerId: OWNER, name: 'F', parentId: null, collectionId: inbox })
    ).id;
    subfolder = (
      await f.store.folders.create({ ownerId: OWNER, name: 'G', parentId: folder, collectionId: inbox })
    ).id;
    const pair = (d: number) => [angle(d), angle(d + 1)];
    docs.report = await addDocument(f, pair(0), {
      doc: {
        collectionId: inbox,
        folderId: folder,
        tags: ['finance', 'q3'],
        metadata: { project: 'apollo', year: 1969, final: true },
      },
      language: 'en',
    });
    await afterMillisecond();
    docs.scan = await addDocument(f, pair(10), {
      doc: {
        collectionId: inbox,
        folderId: subfolder,
        contentType: 'image/png',
        category: 'image',
        tags: ['finance'],
        metadata: { project: 'gemini', year: '1969' },
      },
      language: 'de',
    });
    await afterMillisecond();
    docs.memo = await addDocument(f, pair(20), {
      doc: {
        collectionId: archive,
        contentType: 'audio/mpeg',
        category: 'audio',
        metadata: { year: 1969, final: false },
      },
      language: 'en',
    });
    await afterMillisecond();
    docs.theirs = await addDocument(f, pair(30), {
      doc: { ownerId: OTHER_OWNER, tags: ['finance'], metadata: { project: 'apollo' } },
      language: 'fr',
    });
  });

  it('lets everything through with an empty filter', async () => {
    expect(await found({})).toEqual(ids('report', 'scan', 'memo', 'theirs'));
  });

  it('narrows by owner, collections, folders and documents', async () => {
    expect(await found({ ownerId: OWNER })).toEqual(ids('report', 'scan', 'memo'));
    expect(await found({ ownerId: OTHER_OWNER })).toEqual(ids('theirs'));
    expect(await found({ collectionIds: [inbox] })).toEqual(ids('report', 'scan'));
    expect(await found({ collectionIds: [inbox, archive] })).toEqual(ids('report', 'scan', 'memo'));
    expect(await found({ folderIds: [folder, subfolder] })).toEqual(ids('report', 'scan'));
    expect(await found({ folderIds: [subfolder] })).toEqual(ids('scan'));
    expect(await found({ documentIds: ids('memo', 'theirs') })).toEqual(ids('memo', 'theirs'));
  });

  it('matches types by content type or by category', async () => {
    expect(await found({ types: ['application/pdf'] })).toEqual(ids('report', 'theirs'));
    expect(await found({ types: ['image', 'audio/mpeg'] })).toEqual(ids('scan', 'memo'));
  });

  it('matches any of the tags and any of the languages', async () => {
    expect(await found({ tags: ['finance'] })).toEqual(ids('report', 'scan', 'theirs'));
    expect(await found({ tags: ['q3', 'none'] })).toEqual(ids('report'));
    expect(await found({ languages: ['de', 'fr'] })).toEqual(ids('scan', 'theirs'));
  });

  it('bounds the upload time inclusively', async () => {
    const at = (name: string) => docs[name]!.doc.uploadedAt;
    expect(await found({ uploadedFrom: at('scan') })).toEqual(ids('scan', 'memo', 'theirs'));
    expect(await found({ uploadedTo: at('scan') })).toEqual(ids('report', 'scan'));
    expect(await found({ uploadedFrom: at('scan'), uploadedTo: at('memo') })).toEqual(ids('scan', 'memo'));
  });

  it('matches top-level metadata by key and typed value, all pairs together', async () => {
    expect(await found({ metadata: { project: 'apollo' } })).toEqual(ids('report', 'theirs'));
    expect(await found({ metadata: { year: 1969 } })).toEqual(ids('report', 'memo'));
    expect(await found({ metadata: { year: '1969' } })).toEqual(ids('scan'));
    expect(await found({ metadata: { final: false } })).toEqual(ids('memo'));
    expect(await found({ metadata: { project: 'apollo', final: true } })).toEqual(ids('report'));
  });

  it('combines fields with AND and leaves out excluded documents', async () => {
    expect(await found({ ownerId: OWNER, tags: ['finance'], languages: ['en'] })).toEqual(ids('report'));
    expect(await found({ excludeDocumentIds: ids('report', 'memo') })).toEqual(ids('scan', 'theirs'));
    expect(await found({ tags: ['finance'], excludeDocumentIds: ids('scan') })).toEqual(
      ids('report', 'theirs'),
    );
  });

  it('returns `limit` hits under a selective filter even when many nearer chunks are filtered out', async () => {
    // 300 chunks right next to the query in one document, 12 matching chunks far away in another.
    const near = await addDocument(
      f,
      Array.from({ length: 300 }, (_, i) => angle(0.1 + i / 1000)),
    );
    const far = await addDocument(
      f,
      Array.from({ length: 12 }, (_, i) => angle(100 + i)),
      { doc: { tags: ['rare'] } },
    );
    for (const filter of [
      { tags: ['rare'] },
      { excludeDocumentIds: [near.doc.id, ...ids('report', 'scan', 'memo', 'theirs')] },
    ]) {
      const hits = await search(f, angle(0), { filter, limit: 10 });
      expect(hits.map((h) => h.chunkId)).toEqual(far.chunkIds.slice(0, 10));
    }
    const everything = await search(f, angle(0), { filter: { documentIds: [far.doc.id] }, limit: 50 });
    expect(everything.map((h) => h.chunkId)).toEqual(far.chunkIds);
  });

  it('finds nothing when a list filter is empty, and nothing of a deleted document', async () => {
    expect(await found({ collectionIds: [] })).toEqual([]);
    await f.store.documents.delete(docs.report!.doc.id);
    expect(await found({ documentIds: ids('scan') })).toEqual(ids('scan'));
    expect(await found({})).toEqual(ids('scan', 'memo', 'theirs'));
  });

  it('refuses an upload bound that is not a timestamp (SEARCH_FILTER_INVALID)', async () => {
    await expect(found({ uploadedFrom: 'last tuesday' })).rejects.toMatchObject({
      code: 'SEARCH_FILTER_INVALID',
      category: 'user',
    });
  });
}
