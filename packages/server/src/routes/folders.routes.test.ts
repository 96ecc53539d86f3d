import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../problem.schema.js';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles, type DocumentBody } from '../testing/upload.js';

interface FolderBody {
  id: string;
  name: string;
  parent_id: string | null;
  collection_id: string | null;
  path: string;
}

interface FolderTreeBody extends FolderBody {
  children: FolderTreeBody[];
}

/** A tree as nested names, to compare shapes. */
type Shape = { [name: string]: Shape };
const shape = (nodes: FolderTreeBody[]): Shape =>
  Object.fromEntries(nodes.map((n) => [n.name, shape(n.children)]));

describe('folders API', () => {
  let t: TestServer;
  const api = () => `${t.url}/api/v1`;
  let counter = 0;
  const uniqueName = (prefix: string) => `${prefix}-${++counter}`;

  const send = <T>(method: string, url: string, body?: unknown) =>
    fetchJson<T>(`${api()}${url}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });

  async function createFolder(name: string, parentId: string | null = null, collectionId?: string) {
    const res = await send<FolderBody>('POST', '/folders', {
      name,
      parent_id: parentId,
      ...(collectionId ? { collection_id: collectionId } : {}),
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  const getFolder = async (id: string) => (await send<FolderBody>('GET', `/folders/${id}`)).body;

  async function upload(name: string, folderId: string): Promise<string> {
    const res = await uploadFiles(api(), [{ name, data: `${name} lives here` }], { folder_id: folderId });
    expect(res.status).toBe(202);
    return res.body.items[0]!.document_id!;
  }

  const documentsIn = async (folderId: string) =>
    (await fetchJson<{ items: DocumentBody[] }>(`${api()}/documents?folder_id=${folderId}`)).body.items
      .map((d) => d.filename)
      .sort();

  beforeAll(async () => {
    t = await startTestServer({ env: { SIFT_WORKERS: 'false' } });
  });
  afterAll(() => t.close());

  it('creates nested folders with their paths and returns them as a tree', async () => {
    const root = await createFolder(uniqueName('projects'));
    const child = await createFolder('alpha', root.id);
    const grandchild = await createFolder('drafts', child.id);
    const sibling = await createFolder('beta', root.id);
    expect(child).toMatchObject({ parent_id: root.id, path: `/${root.name}/alpha` });
    expect(grandchild.path).toBe(`/${root.name}/alpha/drafts`);

    const tree = await send<{ items: FolderTreeBody[] }>('GET', '/folders/tree');
    expect(tree.status).toBe(200);
    const node = tree.body.items.find((n) => n.id === root.id)!;
    expect(shape([node])).toEqual({ [root.name]: { alpha: { drafts: {} }, beta: {} } });
    expect(node.children.map((c) => c.id)).toEqual([child.id, sibling.id]);

    const flat = await send<{ items: FolderBody[] }>('GET', '/folders');
    expect(flat.body.items.map((f) => f.id)).toEqual(
      expect.arrayContaining([root.id, child.id, grandchild.id, sibling.id]),
    );
  });

  it('renames a folder and rewrites the paths of its whole subtree', async () => {
    const root = await createFolder(uniqueName('old'));
    const child = await createFolder('child', root.id);
    const grandchild = await createFolder('grandchild', child.id);
    const newName = uniqueName('new');

    const renamed = await send<FolderBody>('PATCH', `/folders/${root.id}`, { name: newName });

    expect(renamed).toMatchObject({ status: 200, body: { name: newName, path: `/${newName}` } });
    expect((await getFolder(child.id)).path).toBe(`/${newName}/child`);
    expect((await getFolder(grandchild.id)).path).toBe(`/${newName}/child/grandchild`);
  });

  it('moves a folder under another one, and back to the root', async () => {
    const a = await createFolder(uniqueName('a'));
    const b = await createFolder(uniqueName('b'));
    const moving = await createFolder('moving', a.id);
    const inner = await createFolder('inner', moving.id);

    const moved = await send<FolderBody>('PATCH', `/folders/${moving.id}`, { parent_id: b.id });

    expect(moved.body).toMatchObject({ parent_id: b.id, path: `/${b.name}/moving` });
    expect((await getFolder(inner.id)).path).toBe(`/${b.name}/moving/inner`);
    const tree = await send<{ items: FolderTreeBody[] }>('GET', '/folders/tree');
    expect(shape(tree.body.items.filter((n) => n.id === a.id || n.id === b.id))).toEqual({
      [a.name]: {},
      [b.name]: { moving: { inner: {} } },
    });

    const toRoot = await send<FolderBody>('PATCH', `/folders/${inner.id}`, { parent_id: null });
    expect(toRoot.body).toMatchObject({ parent_id: null, path: '/inner' });
  });

  it('refuses to move a folder into itself or its subtree (400 FOLDER_CYCLE)', async () => {
    const top = await createFolder(uniqueName('top'));
    const mid = await createFolder('mid', top.id);
    const leaf = await createFolder('leaf', mid.id);
    for (const target of [top.id, mid.id, leaf.id]) {
      const res = await send<Problem>('PATCH', `/folders/${top.id}`, { parent_id: target });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('FOLDER_CYCLE');
    }
    expect(await getFolder(top.id)).toMatchObject({ parent_id: null, path: `/${top.name}` });
  });

  it('refuses a second sibling with the same name (409 FOLDER_NAME_TAKEN), on create, rename and move', async () => {
    const parent = await createFolder(uniqueName('parent'));
    await createFolder('taken', parent.id);
    const dup = await send<Problem>('POST', '/folders', { name: 'taken', parent_id: parent.id });
    expect(dup).toMatchObject({ status: 409, body: { code: 'FOLDER_NAME_TAKEN' } });
    const rootName = uniqueName('root');
    await createFolder(rootName);
    expect(await send<Problem>('POST', '/folders', { name: rootName })).toMatchObject({
      status: 409,
      body: { code: 'FOLDER_NAME_TAKEN' },
    });

    const other = await createFolder('other', parent.id);
    const rename = await send<Problem>('PATCH', `/folders/${other.id}`, { name: 'taken' });
    expect(rename).toMatchObject({ status: 409, body: { code: 'FOLDER_NAME_TAKEN' } });
    const elsewhere = await createFolder(uniqueName('elsewhere'));
    const clash = await createFolder('taken', elsewhere.id);
    const move = await send<Problem>('PATCH', `/folders/${clash.id}`, { parent_id: parent.id });
    expect(move).toMatchObject({ status: 409, body: { code: 'FOLDER_NAME_TAKEN' } });
    expect(await getFolder(clash.id)).toMatchObject({ parent_id: elsewhere.id });
  });

  it('lists the documents of a folder including those of its subfolders', async () => {
    const top = await createFolder(uniqueName('docs'));
    const sub = await createFolder('sub', top.id);
    const subsub = await createFolder('subsub', sub.id);
    const unrelated = await createFolder(uniqueName('unrelated'));
    await upload('top.txt', top.id);
    await upload('sub.txt', sub.id);
    await upload('subsub.txt', subsub.id);
    await upload('unrelated.txt', unrelated.id);

    expect(await documentsIn(top.id)).toEqual(['sub.txt', 'subsub.txt', 'top.txt']);
    expect(await documentsIn(sub.id)).toEqual(['sub.txt', 'subsub.txt']);
    const missing = await send<Problem>('GET', '/documents?folder_id=no-such-folder');
    expect(missing).toMatchObject({ status: 404, body: { code: 'FOLDER_NOT_FOUND' } });
  });

  it('deletes a folder with its subfolders; the documents stay, outside any folder', async () => {
    const top = await createFolder(uniqueName('doomed'));
    const sub = await createFolder('sub', top.id);
    const docId = await upload('kept.txt', sub.id);

    const del = await fetch(`${api()}/folders/${top.id}`, { method: 'DELETE' });

    expect(del.status).toBe(204);
    for (const id of [top.id, sub.id]) {
      expect(await send<Problem>('GET', `/folders/${id}`)).toMatchObject({
        status: 404,
        body: { code: 'FOLDER_NOT_FOUND' },
      });
    }
    const doc = await fetchJson<{ folder_id: string | null }>(`${api()}/documents/${docId}`);
    expect(doc).toMatchObject({ status: 200, body: { folder_id: null } });
    expect(await send<Problem>('DELETE', `/folders/${top.id}`)).toMatchObject({ status: 404 });
  });

  it('keeps a subfolder in its parent collection and lists folders by collection', async () => {
    const collection = await send<{ id: string }>('POST', '/collections', { name: uniqueName('coll') });
    const top = await createFolder(uniqueName('in-coll'), null, collection.body.id);
    const sub = await createFolder('sub', top.id);
    expect(sub.collection_id).toBe(collection.body.id);
    const listed = await send<{ items: FolderBody[] }>('GET', `/folders?collection_id=${collection.body.id}`);
    expect(listed.body.items.map((f) => f.id)).toEqual([top.id, sub.id]);
    const tree = await send<{ items: FolderTreeBody[] }>(
      'GET',
      `/folders/tree?collection_id=${collection.body.id}`,
    );
    expect(shape(tree.body.items)).toEqual({ [top.name]: { sub: {} } });
  });

  it('answers bad input with stable codes: unknown parent, bad names, malformed bodies', async () => {
    expect(await send<Problem>('POST', '/folders', { name: 'x', parent_id: 'no-such-folder' })).toMatchObject(
      {
        status: 404,
        body: { code: 'FOLDER_NOT_FOUND' },
      },
    );
    expect(await send<Problem>('POST', '/folders', { name: 'a/b' })).toMatchObject({
      status: 400,
      body: { code: 'FOLDER_NAME_INVALID' },
    });
    expect(await send<Problem>('POST', '/folders', { name: '..' })).toMatchObject({
      status: 400,
      body: { code: 'FOLDER_NAME_INVALID' },
    });
    const empty = await send<Problem>('POST', '/folders', { name: '' });
    expect(empty.status).toBe(400);
    expect(empty.headers.get('content-type')).toContain('application/problem+json');
    expect(empty.body.code).toBe('VALIDATION_FAILED');
    expect(empty.body.errors?.map((e) => e.field)).toEqual(['name']);
    expect(await send<Problem>('PATCH', '/folders/no-such-folder', { name: 'y' })).toMatchObject({
      status: 404,
      body: { code: 'FOLDER_NOT_FOUND' },
    });
    const f = await createFolder(uniqueName('f'));
    expect(await send<Problem>('PATCH', `/folders/${f.id}`, { parent_id: 'no-such-folder' })).toMatchObject({
      status: 404,
      body: { code: 'FOLDER_NOT_FOUND' },
    });
  });
});
