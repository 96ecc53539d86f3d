import { expect, it } from 'vitest';
import { isoWithin } from './job-queue.fixture.js';
import { newDocument, OTHER_OWNER, OWNER, SETTINGS, type StoreFixture } from './metadata-store.fixture.js';

/** collections: create, read, rename, settings, counts, delete. */
export function collectionCases(f: StoreFixture): void {
  it('creates a collection with its settings and reads it back by id, by name and in the list', async () => {
    const settings = {
      chunking: { strategy: 'token' as const, size: 512, overlap: 64 },
      ocrLanguages: ['eng', 'deu'],
    };
    const before = Date.now();
    const created = await f.store.collections.create({
      ownerId: OWNER,
      name: 'Research',
      description: 'papers to read',
      settings,
    });
    expect(created).toEqual({
      id: expect.any(String),
      ownerId: OWNER,
      name: 'Research',
      description: 'papers to read',
      settings,
      embeddingModel: null,
      embeddingDim: null,
      documentCount: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(isoWithin(created.createdAt, before, Date.now())).toBe(true);
    expect(await f.store.collections.get(created.id)).toEqual(created);
    expect(await f.store.collections.getByName(OWNER, 'Research')).toEqual(created);
    expect(await f.store.collections.getByName(OTHER_OWNER, 'Research')).toBeNull();
    expect(await f.store.collections.get('no-such-collection')).toBeNull();
    const plain = await f.store.collections.create({ ownerId: OWNER, name: 'Archive', settings: SETTINGS });
    expect(plain.description).toBeNull();
    expect(await f.store.collections.list(OWNER)).toEqual([plain, created]);
    expect(await f.store.collections.list(OTHER_OWNER)).toEqual([]);
  });

  it('keeps names unique per owner (COLLECTION_NAME_TAKEN), while another owner may reuse one', async () => {
    await f.store.collections.create({ ownerId: OWNER, name: 'Inbox', settings: SETTINGS });
    await expect(
      f.store.collections.create({ ownerId: OWNER, name: 'Inbox', settings: SETTINGS }),
    ).rejects.toMatchObject({
      code: 'COLLECTION_NAME_TAKEN',
      category: 'conflict',
      details: { ownerId: OWNER, name: 'Inbox' },
    });
    const theirs = await f.store.collections.create({
      ownerId: OTHER_OWNER,
      name: 'Inbox',
      settings: SETTINGS,
    });
    expect(await f.store.collections.list(OTHER_OWNER)).toEqual([theirs]);
    expect(await f.store.collections.list(OWNER)).toHaveLength(1);
  });

  it('counts the documents of a collection, archive members included', async () => {
    const collection = await f.store.collections.create({ ownerId: OWNER, name: 'c', settings: SETTINGS });
    const archive = await f.store.documents.insert(newDocument({ collectionId: collection.id }));
    await f.store.documents.insert(
      newDocument({ collectionId: collection.id, parentDocumentId: archive.id, sourcePath: 'm' }),
    );
    await f.store.documents.insert(newDocument());
    expect((await f.store.collections.get(collection.id))?.documentCount).toBe(2);
    expect((await f.store.collections.list(OWNER))[0]?.documentCount).toBe(2);
  });

  it('updates name, description, settings and embedding model, keeping what the patch leaves out', async () => {
    const created = await f.store.collections.create({ ownerId: OWNER, name: 'Old', settings: SETTINGS });
    const settings = { ...SETTINGS, ocrLanguages: ['fra'] };
    const updated = await f.store.collections.update(created.id, {
      name: 'New',
      settings,
      embeddingModel: 'bge-small-en-v1.5',
      embeddingDim: 384,
    });
    expect(updated).toEqual({
      ...created,
      name: 'New',
      settings,
      embeddingModel: 'bge-small-en-v1.5',
      embeddingDim: 384,
      updatedAt: expect.any(String),
    });
    expect(await f.store.collections.get(created.id)).toEqual(updated);
    expect(await f.store.collections.update(created.id, { description: 'now described' })).toMatchObject({
      name: 'New',
      description: 'now described',
      settings,
    });
    expect(await f.store.collections.update('no-such-collection', { name: 'x' })).toBeNull();
  });

  it('refuses a rename onto a taken name with COLLECTION_NAME_TAKEN and keeps the old name', async () => {
    await f.store.collections.create({ ownerId: OWNER, name: 'A', settings: SETTINGS });
    const b = await f.store.collections.create({ ownerId: OWNER, name: 'B', settings: SETTINGS });
    await expect(f.store.collections.update(b.id, { name: 'A' })).rejects.toMatchObject({
      code: 'COLLECTION_NAME_TAKEN',
      category: 'conflict',
    });
    expect((await f.store.collections.get(b.id))?.name).toBe('B');
  });

  it('deletes a collection but keeps its documents, now in no collection', async () => {
    const collection = await f.store.collections.create({ ownerId: OWNER, name: 'c', settings: SETTINGS });
    const doc = await f.store.documents.insert(newDocument({ collectionId: collection.id }));
    expect(await f.store.collections.delete(collection.id)).toBe(true);
    expect(await f.store.collections.get(collection.id)).toBeNull();
    expect(await f.store.documents.get(doc.id)).toMatchObject({ id: doc.id, collectionId: null });
    expect(await f.store.collections.delete(collection.id)).toBe(false);
    // The name is free again.
    await f.store.collections.create({ ownerId: OWNER, name: 'c', settings: SETTINGS });
  });
}
