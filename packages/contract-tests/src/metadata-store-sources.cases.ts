import { expect, it } from 'vitest';
import { isoWithin } from './job-queue.fixture.js';
import { newDocument, OWNER, SETTINGS, type StoreFixture } from './metadata-store.fixture.js';

/** sources: one per (collection, path), scans, deletes. */
export function sourceCases(f: StoreFixture): void {
  const collection = (name: string) =>
    f.store.collections.create({ ownerId: OWNER, name, settings: SETTINGS });

  it('creates a source and finds it by id, by path and in the lists', async () => {
    const c = await collection('c');
    const d = await collection('d');
    const before = Date.now();
    const source = await f.store.sources.create({ ownerId: OWNER, collectionId: c.id, path: '/srv/docs' });
    expect(source).toEqual({
      id: expect.any(String),
      ownerId: OWNER,
      collectionId: c.id,
      path: '/srv/docs',
      lastScanAt: null,
      lastScan: null,
      createdAt: expect.any(String),
    });
    expect(isoWithin(source.createdAt, before, Date.now())).toBe(true);
    const other = await f.store.sources.create({ ownerId: OWNER, collectionId: d.id, path: '/srv/other' });
    expect(await f.store.sources.get(source.id)).toEqual(source);
    expect(await f.store.sources.get('no-such-source')).toBeNull();
    expect(await f.store.sources.findByPath(c.id, '/srv/docs')).toEqual(source);
    expect(await f.store.sources.findByPath(d.id, '/srv/docs')).toBeNull();
    expect(await f.store.sources.list(c.id)).toEqual([source]);
    expect((await f.store.sources.list()).map((s) => s.id).sort()).toEqual([source.id, other.id].sort());
  });

  it('keeps one source per path in a collection (SOURCE_EXISTS), while another collection may add the same path', async () => {
    const c = await collection('c');
    const d = await collection('d');
    await f.store.sources.create({ ownerId: OWNER, collectionId: c.id, path: '/srv/docs' });
    await expect(
      f.store.sources.create({ ownerId: OWNER, collectionId: c.id, path: '/srv/docs' }),
    ).rejects.toMatchObject({ code: 'SOURCE_EXISTS', category: 'conflict' });
    await f.store.sources.create({ ownerId: OWNER, collectionId: d.id, path: '/srv/docs' });
    expect(await f.store.sources.list(c.id)).toHaveLength(1);
  });

  it('refuses a source for a missing collection with COLLECTION_NOT_FOUND', async () => {
    await expect(
      f.store.sources.create({ ownerId: OWNER, collectionId: 'no-such-collection', path: '/srv' }),
    ).rejects.toMatchObject({ code: 'COLLECTION_NOT_FOUND', category: 'not_found' });
    expect(await f.store.sources.list()).toEqual([]);
  });

  it('records the summary and time of the latest scan', async () => {
    const c = await collection('c');
    const source = await f.store.sources.create({ ownerId: OWNER, collectionId: c.id, path: '/srv' });
    const summary = { added: 3, changed: 1, removed: 2, unchanged: 10, failed: 1 };
    const before = Date.now();
    await f.store.sources.recordScan(source.id, summary);
    const after = Date.now();
    const scanned = await f.store.sources.get(source.id);
    expect(scanned).toEqual({ ...source, lastScan: summary, lastScanAt: expect.any(String) });
    expect(isoWithin(scanned!.lastScanAt, before, after)).toBe(true);
    const next = { added: 0, changed: 0, removed: 0, unchanged: 16, failed: 0 };
    await f.store.sources.recordScan(source.id, next);
    expect((await f.store.sources.get(source.id))?.lastScan).toEqual(next);
  });

  it('refuses to record a scan of a missing source with SOURCE_NOT_FOUND', async () => {
    await expect(
      f.store.sources.recordScan('no-such-source', {
        added: 0,
        changed: 0,
        removed: 0,
        unchanged: 0,
        failed: 0,
      }),
    ).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND', category: 'not_found' });
  });

  it('deletes a source, keeping its documents with no source', async () => {
    const c = await collection('c');
    const source = await f.store.sources.create({ ownerId: OWNER, collectionId: c.id, path: '/srv' });
    const doc = await f.store.documents.insert(
      newDocument({ collectionId: c.id, sourceId: source.id, sourcePath: 'a.pdf' }),
    );
    expect(await f.store.sources.delete(source.id)).toBe(true);
    expect(await f.store.sources.get(source.id)).toBeNull();
    expect(await f.store.documents.get(doc.id)).toMatchObject({
      sourceId: null,
      sourcePath: 'a.pdf',
      collectionId: c.id,
    });
    expect(await f.store.sources.delete(source.id)).toBe(false);
  });

  it('removes the sources and folders of a deleted collection, keeping the documents', async () => {
    const c = await collection('c');
    const source = await f.store.sources.create({ ownerId: OWNER, collectionId: c.id, path: '/srv' });
    const folder = await f.store.folders.create({
      ownerId: OWNER,
      name: 'f',
      parentId: null,
      collectionId: c.id,
    });
    const doc = await f.store.documents.insert(
      newDocument({ collectionId: c.id, folderId: folder.id, sourceId: source.id, sourcePath: 'a.pdf' }),
    );
    await f.store.collections.delete(c.id);
    expect(await f.store.sources.list()).toEqual([]);
    expect(await f.store.folders.get(folder.id)).toBeNull();
    expect(await f.store.documents.get(doc.id)).toMatchObject({
      collectionId: null,
      folderId: null,
      sourceId: null,
    });
  });
}
