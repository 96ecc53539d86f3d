import {
  Access,
  AppError,
  DEFAULT_CHUNKING,
  LOCAL_USER_ID,
  resolveSearchScope,
  type Collection,
  type Folder,
} from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStores, type Stores } from './stores.js';
import { tempConfig } from './test-support.js';

const OWNER = Access.operator(LOCAL_USER_ID);
const STRANGER = Access.of(
  { kind: 'user', userId: 'someone-else', role: 'editor', scopes: ['read', 'write'] },
  new Map(),
);

/** Rejects with an AppError carrying `code`, or fails the test. */
async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

/** resolveSearchScope over the real SQLite metadata store in a temp data dir. */
describe('resolveSearchScope on SQLite', () => {
  let stores: Stores;
  let cleanup: () => Promise<void>;
  let research: Collection;
  let archive: Collection;

  beforeEach(async () => {
    const t = await tempConfig();
    cleanup = t.cleanup;
    stores = await openStores(t.config);
    const settings = { chunking: DEFAULT_CHUNKING, ocrLanguages: [] };
    research = await stores.metadata.collections.create({
      ownerId: LOCAL_USER_ID,
      name: 'research',
      settings,
    });
    archive = await stores.metadata.collections.create({ ownerId: LOCAL_USER_ID, name: 'archive', settings });
  });
  afterEach(async () => {
    await stores.close();
    await cleanup();
  });

  function folder(
    name: string,
    parent: Folder | null,
    collection: Collection | null = null,
  ): Promise<Folder> {
    return stores.metadata.folders.create({
      ownerId: LOCAL_USER_ID,
      name,
      parentId: parent?.id ?? null,
      collectionId: parent ? null : (collection?.id ?? null),
    });
  }

  it('restricts an editor to what it may read, inside the filter the indexes apply', async () => {
    expect(await resolveSearchScope(stores.metadata, STRANGER)).toEqual({
      access: { ownerId: 'someone-else', collectionIds: [] },
    });
  });

  it('sets nothing for the operator with no or empty filters (it reads everything)', async () => {
    expect(await resolveSearchScope(stores.metadata, OWNER)).toEqual({});
    expect(
      await resolveSearchScope(stores.metadata, OWNER, {
        collections: [],
        folders: [],
        documents: [],
        types: [],
        tags: [],
        languages: [],
        uploadedFrom: '',
        uploadedTo: '',
        metadata: {},
      }),
    ).toEqual({});
  });

  it('resolves collections given by id or by name to their ids, in the order given', async () => {
    const filter = await resolveSearchScope(stores.metadata, OWNER, {
      collections: ['archive', research.id],
    });

    expect(filter).toEqual({ collectionIds: [archive.id, research.id] });
  });

  it('refuses an unknown collection with COLLECTION_NOT_FOUND naming it, even beside known ones', async () => {
    const err = await expectAppError(
      resolveSearchScope(stores.metadata, OWNER, { collections: ['research', 'reserch'] }),
      'COLLECTION_NOT_FOUND',
    );

    expect(err.category).toBe('not_found');
    expect(err.details).toEqual({ collection: 'reserch' });
    expect(err.message).toContain('"reserch"');
  });

  it("treats another owner's collection as missing, by id and by name", async () => {
    for (const ref of [research.id, 'research']) {
      await expectAppError(
        resolveSearchScope(stores.metadata, STRANGER, { collections: [ref] }),
        'COLLECTION_NOT_FOUND',
      );
    }
  });

  it('expands each folder to its whole subtree, once per folder however they overlap', async () => {
    const reports = await folder('reports', null, research);
    const y2024 = await folder('2024', reports);
    const q1 = await folder('q1', y2024);
    const drafts = await folder('drafts', reports);
    const unrelated = await folder('unrelated', null, research);

    const whole = await resolveSearchScope(stores.metadata, OWNER, { folders: [reports.id] });
    expect([...whole.folderIds!].sort()).toEqual([reports.id, y2024.id, q1.id, drafts.id].sort());
    expect(whole.folderIds).not.toContain(unrelated.id);

    const branch = await resolveSearchScope(stores.metadata, OWNER, { folders: [y2024.id] });
    expect([...branch.folderIds!].sort()).toEqual([y2024.id, q1.id].sort());

    const leaf = await resolveSearchScope(stores.metadata, OWNER, { folders: [q1.id] });
    expect(leaf).toEqual({ folderIds: [q1.id] });

    const overlapping = await resolveSearchScope(stores.metadata, OWNER, {
      folders: [y2024.id, reports.id, unrelated.id],
    });
    expect([...overlapping.folderIds!].sort()).toEqual(
      [reports.id, y2024.id, q1.id, drafts.id, unrelated.id].sort(),
    );
  });

  it('refuses an unknown folder with FOLDER_NOT_FOUND naming it', async () => {
    const known = await folder('known', null);
    const missing = '00000000-0000-4000-8000-00000000dead';

    const err = await expectAppError(
      resolveSearchScope(stores.metadata, OWNER, { folders: [known.id, missing] }),
      'FOLDER_NOT_FOUND',
    );

    expect(err.category).toBe('not_found');
    expect(err.details).toEqual({ folderId: missing });
    // Another owner's folder is missing for them too: its existence is not confirmed.
    await expectAppError(
      resolveSearchScope(stores.metadata, STRANGER, { folders: [known.id] }),
      'FOLDER_NOT_FOUND',
    );
  });

  it('refuses uploadedFrom after uploadedTo with SEARCH_FILTER_INVALID, and keeps a valid range', async () => {
    const err = await expectAppError(
      resolveSearchScope(stores.metadata, OWNER, {
        uploadedFrom: '2024-06-01T00:00:00.000Z',
        uploadedTo: '2024-01-01T00:00:00.000Z',
      }),
      'SEARCH_FILTER_INVALID',
    );
    expect(err.category).toBe('user');
    expect(err.details).toEqual({
      uploadedFrom: '2024-06-01T00:00:00.000Z',
      uploadedTo: '2024-01-01T00:00:00.000Z',
    });

    const sameInstant = '2024-03-01T12:00:00.000Z';
    expect(
      await resolveSearchScope(stores.metadata, OWNER, {
        uploadedFrom: sameInstant,
        uploadedTo: sameInstant,
      }),
    ).toEqual({ uploadedFrom: sameInstant, uploadedTo: sameInstant });
    // An open-ended range is no conflict either way.
    expect(
      await resolveSearchScope(stores.metadata, OWNER, { uploadedTo: '2020-01-01T00:00:00.000Z' }),
    ).toEqual({ uploadedTo: '2020-01-01T00:00:00.000Z' });
  });

  it('passes documents, types, tags, languages and metadata through alongside resolved ids', async () => {
    const notes = await folder('notes', null, archive);

    const filter = await resolveSearchScope(stores.metadata, OWNER, {
      collections: ['archive'],
      folders: [notes.id],
      documents: ['doc-1', 'doc-2'],
      types: ['application/pdf', 'image'],
      tags: ['urgent'],
      languages: ['en', 'de'],
      uploadedFrom: '2024-01-01T00:00:00.000Z',
      metadata: { author: 'Ada', pages: 3, draft: false },
    });

    expect(filter).toEqual({
      collectionIds: [archive.id],
      folderIds: [notes.id],
      documentIds: ['doc-1', 'doc-2'],
      types: ['application/pdf', 'image'],
      tags: ['urgent'],
      languages: ['en', 'de'],
      uploadedFrom: '2024-01-01T00:00:00.000Z',
      metadata: { author: 'Ada', pages: 3, draft: false },
    });
  });
});
