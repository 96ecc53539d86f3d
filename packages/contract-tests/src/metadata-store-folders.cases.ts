import type { Folder } from '@sift/core';
import { expect, it } from 'vitest';
import { newDocument, OTHER_OWNER, OWNER, SETTINGS, type StoreFixture } from './metadata-store.fixture.js';

/** folders: paths, sibling names, moves, cycles, subtrees, deletes. */
export function folderCases(f: StoreFixture): void {
  const folder = (name: string, parent: Folder | null = null, collectionId: string | null = null) =>
    f.store.folders.create({ ownerId: OWNER, name, parentId: parent?.id ?? null, collectionId });
  const paths = async () => (await f.store.folders.list(OWNER)).map((x) => x.path);

  it('creates nested folders with their path from the root and reads them back', async () => {
    const root = await folder('contracts');
    const year = await folder('2024', root);
    expect(year).toEqual({
      id: expect.any(String),
      ownerId: OWNER,
      collectionId: null,
      parentId: root.id,
      name: '2024',
      path: '/contracts/2024',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(root.path).toBe('/contracts');
    expect(await f.store.folders.get(year.id)).toEqual(year);
    expect(await f.store.folders.get('no-such-folder')).toBeNull();
    expect(await f.store.folders.list(OWNER)).toEqual([root, year]);
    expect(await f.store.folders.list(OTHER_OWNER)).toEqual([]);
  });

  it('lists the folders of one collection, subfolders taking their parent’s collection', async () => {
    const collection = await f.store.collections.create({ ownerId: OWNER, name: 'c', settings: SETTINGS });
    const inside = await folder('inside', null, collection.id);
    const child = await folder('child', inside);
    await folder('outside');
    expect(child.collectionId).toBe(collection.id);
    expect(await f.store.folders.list(OWNER, { collectionId: collection.id })).toEqual(
      [child, inside].sort((a, b) => a.path.localeCompare(b.path)),
    );
  });

  it('refuses a subfolder declared in another collection than its parent (FOLDER_COLLECTION_MISMATCH)', async () => {
    const collection = await f.store.collections.create({ ownerId: OWNER, name: 'c', settings: SETTINGS });
    const other = await f.store.collections.create({ ownerId: OWNER, name: 'd', settings: SETTINGS });
    const parent = await folder('p', null, collection.id);
    await expect(folder('x', parent, other.id)).rejects.toMatchObject({
      code: 'FOLDER_COLLECTION_MISMATCH',
      category: 'user',
    });
    await expect(folder('y', null, 'no-such-collection')).rejects.toMatchObject({
      code: 'COLLECTION_NOT_FOUND',
      category: 'not_found',
    });
  });

  it('keeps sibling names unique (FOLDER_NAME_TAKEN), at the root as below a parent', async () => {
    const root = await folder('a');
    await folder('b', root);
    await expect(folder('a')).rejects.toMatchObject({ code: 'FOLDER_NAME_TAKEN', category: 'conflict' });
    await expect(folder('b', root)).rejects.toMatchObject({ code: 'FOLDER_NAME_TAKEN' });
    // The same name elsewhere, or of another owner, is fine.
    await folder('b');
    await folder('a', root);
    await f.store.folders.create({ ownerId: OTHER_OWNER, name: 'a', parentId: null, collectionId: null });
    expect(await paths()).toEqual(['/a', '/a/a', '/a/b', '/b']);
  });

  it('refuses a missing parent (FOLDER_NOT_FOUND) and a name with a slash or none (FOLDER_NAME_INVALID)', async () => {
    await expect(
      f.store.folders.create({ ownerId: OWNER, name: 'x', parentId: 'no-such-folder', collectionId: null }),
    ).rejects.toMatchObject({ code: 'FOLDER_NOT_FOUND', category: 'not_found' });
    const theirs = await f.store.folders.create({
      ownerId: OTHER_OWNER,
      name: 't',
      parentId: null,
      collectionId: null,
    });
    await expect(
      f.store.folders.create({ ownerId: OWNER, name: 'x', parentId: theirs.id, collectionId: null }),
    ).rejects.toMatchObject({ code: 'FOLDER_NOT_FOUND' });
    await expect(folder('a/b')).rejects.toMatchObject({ code: 'FOLDER_NAME_INVALID', category: 'user' });
    await expect(folder('')).rejects.toMatchObject({ code: 'FOLDER_NAME_INVALID' });
    expect(await paths()).toEqual([]);
  });

  it('renames a folder and rewrites the paths of its whole subtree', async () => {
    const a = await folder('a');
    const b = await folder('b', a);
    const c = await folder('c', b);
    const other = await folder('ab');
    const renamed = await f.store.folders.update(a.id, { name: 'x' });
    expect(renamed).toMatchObject({ id: a.id, name: 'x', path: '/x', parentId: null });
    expect((await f.store.folders.get(b.id))?.path).toBe('/x/b');
    expect((await f.store.folders.get(c.id))?.path).toBe('/x/b/c');
    expect((await f.store.folders.get(other.id))?.path).toBe('/ab');
  });

  it('moves a folder with its subtree under another parent and back to the root', async () => {
    const a = await folder('a');
    const b = await folder('b', a);
    const c = await folder('c', b);
    const target = await folder('target');
    expect(await f.store.folders.update(b.id, { parentId: target.id })).toMatchObject({
      parentId: target.id,
      path: '/target/b',
    });
    expect((await f.store.folders.get(c.id))?.path).toBe('/target/b/c');
    expect(await f.store.folders.update(b.id, { parentId: null, name: 'top' })).toMatchObject({
      parentId: null,
      path: '/top',
    });
    expect(await paths()).toEqual(['/a', '/target', '/top', '/top/c']);
  });

  it('refuses to move a folder into itself or its subtree (FOLDER_CYCLE) and changes nothing', async () => {
    const a = await folder('a');
    const b = await folder('b', a);
    const c = await folder('c', b);
    for (const parent of [a, b, c]) {
      await expect(f.store.folders.update(a.id, { parentId: parent.id })).rejects.toMatchObject({
        code: 'FOLDER_CYCLE',
        category: 'user',
      });
    }
    expect(await paths()).toEqual(['/a', '/a/b', '/a/b/c']);
  });

  it('refuses a move to a missing parent (FOLDER_NOT_FOUND) or onto a taken name (FOLDER_NAME_TAKEN)', async () => {
    const a = await folder('a');
    const b = await folder('b');
    await folder('b', a);
    await expect(f.store.folders.update(b.id, { parentId: 'no-such-folder' })).rejects.toMatchObject({
      code: 'FOLDER_NOT_FOUND',
    });
    await expect(f.store.folders.update(b.id, { parentId: a.id })).rejects.toMatchObject({
      code: 'FOLDER_NAME_TAKEN',
      category: 'conflict',
    });
    await expect(f.store.folders.update(b.id, { name: 'a' })).rejects.toMatchObject({
      code: 'FOLDER_NAME_TAKEN',
    });
    expect(await paths()).toEqual(['/a', '/a/b', '/b']);
    expect(await f.store.folders.update('no-such-folder', { name: 'z' })).toBeNull();
  });

  it('refuses to move a folder under a folder of another collection (FOLDER_COLLECTION_MISMATCH)', async () => {
    const collection = await f.store.collections.create({ ownerId: OWNER, name: 'c', settings: SETTINGS });
    const inside = await folder('inside', null, collection.id);
    const outside = await folder('outside');
    await expect(f.store.folders.update(outside.id, { parentId: inside.id })).rejects.toMatchObject({
      code: 'FOLDER_COLLECTION_MISMATCH',
    });
  });

  it('returns the ids of a folder and all its descendants', async () => {
    const a = await folder('a');
    const b = await folder('b', a);
    const c = await folder('c', b);
    const d = await folder('d', a);
    await folder('e');
    expect((await f.store.folders.subtreeIds(a.id)).sort()).toEqual([a.id, b.id, c.id, d.id].sort());
    expect((await f.store.folders.subtreeIds(b.id)).sort()).toEqual([b.id, c.id].sort());
    expect(await f.store.folders.subtreeIds(c.id)).toEqual([c.id]);
    expect(await f.store.folders.subtreeIds('no-such-folder')).toEqual([]);
  });

  it('deletes a folder with its subfolders, keeping their documents with no folder', async () => {
    const a = await folder('a');
    const b = await folder('b', a);
    const keep = await folder('keep');
    const inB = await f.store.documents.insert(newDocument({ folderId: b.id }));
    const inKeep = await f.store.documents.insert(newDocument({ folderId: keep.id }));
    expect(await f.store.folders.delete(a.id)).toBe(true);
    expect(await f.store.folders.get(b.id)).toBeNull();
    expect(await paths()).toEqual(['/keep']);
    expect((await f.store.documents.get(inB.id))?.folderId).toBeNull();
    expect((await f.store.documents.get(inKeep.id))?.folderId).toBe(keep.id);
    expect(await f.store.folders.delete(a.id)).toBe(false);
  });
}
