import type { DocumentRecord, SearchFilter } from '@sift/core';
import { expect, it } from 'vitest';
import { indexDocument, searchIds, type LexicalFixture } from './lexical-index.fixture.js';
import { afterMillisecond, OTHER_OWNER, OWNER, SETTINGS } from './metadata-store.fixture.js';

/** SearchFilter: every field, their combination, and filtering before the limit. */
export function filterCases(f: LexicalFixture): void {
  /**
   * Four documents that all hold "harbour", each uploaded a millisecond after the one before:
   * `pdf` (collection A, folder in A, tags alpha+beta, English, {project apollo, year 2020, draft false}),
   * `png` (collection B, image, tag beta, German, {project gemini, year 2021, draft true}),
   * `mp3` (no collection, audio, no tags or language, {year "2020"}), `theirs` (the other owner).
   */
  async function world() {
    const a = await f.store.collections.create({ ownerId: OWNER, name: 'A', settings: SETTINGS });
    const b = await f.store.collections.create({ ownerId: OWNER, name: 'B', settings: SETTINGS });
    const folder = await f.store.folders.create({
      ownerId: OWNER,
      name: 'reports',
      parentId: null,
      collectionId: a.id,
    });
    const add = async (doc: Parameters<typeof indexDocument>[2]): Promise<DocumentRecord> => {
      const indexed = await indexDocument(f, ['Boats in the harbour at dawn.'], doc);
      await afterMillisecond(Date.parse(indexed.doc.uploadedAt));
      return indexed.doc;
    };
    const pdf = await add({
      language: 'en',
      doc: {
        collectionId: a.id,
        folderId: folder.id,
        tags: ['alpha', 'beta'],
        metadata: { project: 'apollo', year: 2020, draft: false },
      },
    });
    const png = await add({
      language: 'de',
      doc: {
        collectionId: b.id,
        contentType: 'image/png',
        category: 'image',
        tags: ['beta'],
        metadata: { project: 'gemini', year: 2021, draft: true },
      },
    });
    const mp3 = await add({
      doc: { contentType: 'audio/mpeg', category: 'audio', metadata: { year: '2020' } },
    });
    const theirs = await add({ doc: { ownerId: OTHER_OWNER } });
    return { collections: { a, b }, folder, pdf, png, mp3, theirs };
  }

  /** Ids of the documents whose chunks a "harbour" search finds within `filter`, sorted. */
  const found = async (filter: SearchFilter) => {
    const hits = await f.index.search('harbour', { filter, limit: 50 });
    return [...new Set(hits.map((h) => h.documentId))].sort();
  };
  const sorted = (...docs: DocumentRecord[]) => docs.map((d) => d.id).sort();

  it('filters by owner, collections, folders and documents', async () => {
    const w = await world();
    expect(await found({})).toEqual(sorted(w.pdf, w.png, w.mp3, w.theirs));
    expect(await found({ ownerId: OWNER })).toEqual(sorted(w.pdf, w.png, w.mp3));
    expect(await found({ ownerId: OTHER_OWNER })).toEqual(sorted(w.theirs));
    expect(await found({ collectionIds: [w.collections.a.id] })).toEqual(sorted(w.pdf));
    expect(await found({ collectionIds: [w.collections.a.id, w.collections.b.id] })).toEqual(
      sorted(w.pdf, w.png),
    );
    expect(await found({ folderIds: [w.folder.id] })).toEqual(sorted(w.pdf));
    expect(await found({ documentIds: [w.png.id, w.mp3.id] })).toEqual(sorted(w.png, w.mp3));
    expect(await found({ excludeDocumentIds: [w.pdf.id, w.theirs.id] })).toEqual(sorted(w.png, w.mp3));
  });

  it('matches nothing for an empty list, except an empty exclusion, which excludes nothing', async () => {
    const w = await world();
    expect(await found({ collectionIds: [] })).toEqual([]);
    expect(await found({ documentIds: [] })).toEqual([]);
    expect(await found({ tags: [] })).toEqual([]);
    expect(await found({ excludeDocumentIds: [] })).toEqual(sorted(w.pdf, w.png, w.mp3, w.theirs));
  });

  it('filters by type (content type or category), tags and languages', async () => {
    const w = await world();
    expect(await found({ types: ['application/pdf'], ownerId: OWNER })).toEqual(sorted(w.pdf));
    expect(await found({ types: ['image', 'audio/mpeg'] })).toEqual(sorted(w.png, w.mp3));
    expect(await found({ tags: ['alpha'] })).toEqual(sorted(w.pdf));
    expect(await found({ tags: ['beta', 'gamma'] })).toEqual(sorted(w.pdf, w.png));
    expect(await found({ tags: ['gamma'] })).toEqual([]);
    expect(await found({ languages: ['de'] })).toEqual(sorted(w.png));
    expect(await found({ languages: ['en', 'de'] })).toEqual(sorted(w.pdf, w.png));
  });

  it('filters by upload time, both bounds inclusive', async () => {
    const w = await world();
    expect(await found({ uploadedFrom: w.png.uploadedAt })).toEqual(sorted(w.png, w.mp3, w.theirs));
    expect(await found({ uploadedTo: w.png.uploadedAt })).toEqual(sorted(w.pdf, w.png));
    expect(await found({ uploadedFrom: w.png.uploadedAt, uploadedTo: w.mp3.uploadedAt })).toEqual(
      sorted(w.png, w.mp3),
    );
  });

  it('filters by top-level metadata values of the same JSON type, every pair matching', async () => {
    const w = await world();
    expect(await found({ metadata: { project: 'apollo' } })).toEqual(sorted(w.pdf));
    // The number 2020 is not the string "2020".
    expect(await found({ metadata: { year: 2020 } })).toEqual(sorted(w.pdf));
    expect(await found({ metadata: { year: '2020' } })).toEqual(sorted(w.mp3));
    expect(await found({ metadata: { draft: true } })).toEqual(sorted(w.png));
    expect(await found({ metadata: { draft: false, year: 2020 } })).toEqual(sorted(w.pdf));
    expect(await found({ metadata: { project: 'apollo', year: 2021 } })).toEqual([]);
  });

  it('combines fields with AND', async () => {
    const w = await world();
    expect(await found({ ownerId: OWNER, tags: ['beta'], languages: ['de'] })).toEqual(sorted(w.png));
    expect(await found({ collectionIds: [w.collections.a.id], types: ['image'] })).toEqual([]);
    expect(
      await found({ tags: ['beta'], excludeDocumentIds: [w.png.id], uploadedTo: w.pdf.uploadedAt }),
    ).toEqual(sorted(w.pdf));
  });

  it('filters before the limit: a filtered page is full although better hits lie outside the filter', async () => {
    const a = await f.store.collections.create({ ownerId: OWNER, name: 'A', settings: SETTINGS });
    const outside: string[] = [];
    for (let i = 0; i < 30; i++) {
      // Short chunks that say "kelp" twice outrank every chunk of the collection.
      outside.push(...(await indexDocument(f, [`kelp kelp ${i}`])).chunkIds);
    }
    const inside = await indexDocument(
      f,
      ['Notes on kelp forests and their fish.', 'Kelp grows fast in cold water.', 'A kelp harvest.'],
      { doc: { collectionId: a.id } },
    );
    const unfiltered = await searchIds(f.index, 'kelp', { limit: 3 });
    expect(unfiltered.every((id) => outside.includes(id))).toBe(true);
    const filtered = await searchIds(f.index, 'kelp', { limit: 3, filter: { collectionIds: [a.id] } });
    expect(filtered.sort()).toEqual([...inside.chunkIds].sort());
  });

  it('refuses an upload bound that is not an ISO-8601 timestamp (SEARCH_FILTER_INVALID)', async () => {
    await indexDocument(f, ['Boats in the harbour at dawn.']);
    for (const filter of [{ uploadedFrom: 'yesterday' }, { uploadedTo: '2024-13-45' }]) {
      await expect(f.index.search('harbour', { filter, limit: 10 })).rejects.toMatchObject({
        code: 'SEARCH_FILTER_INVALID',
        category: 'user',
      });
    }
  });
}
