import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../problem.schema.js';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles, waitForDocument, type DocumentBody } from '../testing/upload.js';
import type { TaskResponse } from './tasks.schema.js';

interface CollectionBody {
  id: string;
  name: string;
  description: string | null;
  settings: { chunking: { strategy: string; size: number; overlap: number }; ocr_languages: string[] };
  document_count: number;
}

interface SourceBody {
  id: string;
  collection_id: string;
  path: string;
  last_scan_at: string | null;
  last_scan: { added: number; changed: number; removed: number; unchanged: number; failed: number } | null;
}

/** Eight paragraphs of about 120 characters: one chunk at the default size, many at size 200. */
const LONG_TEXT = Array.from(
  { length: 8 },
  (_, i) =>
    `Paragraph ${i + 1} talks about sifting through documents, finding the passages that matter and citing them.`,
).join('\n\n');

describe('collections API', () => {
  let t: TestServer;
  let folder: string;
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

  async function createCollection(body: Record<string, unknown> = {}): Promise<CollectionBody> {
    const res = await send<CollectionBody>('POST', '/collections', { name: uniqueName('c'), ...body });
    expect(res.status).toBe(201);
    return res.body;
  }

  /** Polls a task until it ends (or the time runs out, which fails the test). */
  async function waitForTask(id: string, timeoutMs = 30_000): Promise<TaskResponse> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await fetchJson<TaskResponse>(`${api()}/tasks/${id}`);
      if (!['pending', 'running'].includes(body.status)) return body;
      if (Date.now() > until) throw new Error(`task ${id} still ${body.status} after ${timeoutMs} ms`);
      await delay(50);
    }
  }

  const listDocuments = async (query: string) =>
    (await fetchJson<{ items: DocumentBody[] }>(`${api()}/documents?${query}`)).body.items;

  beforeAll(async () => {
    // The source folder is the server's one source root; by real path, as the API answers with it.
    folder = await realpath(await mkdtemp(path.join(tmpdir(), 'sift-source-')));
    t = await startTestServer({
      startWorkers: true,
      env: { SIFT_QUEUE_POLL_MS: '50', SIFT_SOURCE_ROOTS: folder },
    });
  });
  afterAll(async () => {
    await t.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('creates a collection with the default settings and lists it with its document count', async () => {
    const created = await send<CollectionBody>('POST', '/collections', {
      name: 'Research papers',
      description: 'PDFs I read',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Research papers',
      description: 'PDFs I read',
      settings: { chunking: { strategy: 'structure', size: 1000, overlap: 200 } },
      document_count: 0,
    });
    expect(created.body.settings.ocr_languages.length).toBeGreaterThan(0);

    const up = await uploadFiles(api(), [{ name: 'paper.txt', data: 'a paper about retrieval' }], {
      collection_id: created.body.id,
    });
    expect(up.status).toBe(202);
    const list = await send<{ items: CollectionBody[] }>('GET', '/collections');
    expect(list.body.items.find((c) => c.id === created.body.id)).toMatchObject({ document_count: 1 });
    const one = await send<CollectionBody>('GET', `/collections/${created.body.id}`);
    expect(one.body).toMatchObject({ name: 'Research papers', document_count: 1 });
  });

  it('refuses a second collection with the same name (409 COLLECTION_NAME_TAKEN)', async () => {
    const first = await createCollection();
    const dup = await send<Problem>('POST', '/collections', { name: first.name });
    expect(dup.status).toBe(409);
    expect(dup.headers.get('content-type')).toContain('application/problem+json');
    expect(dup.body.code).toBe('COLLECTION_NAME_TAKEN');
    const other = await createCollection();
    const rename = await send<Problem>('PATCH', `/collections/${other.id}`, { name: first.name });
    expect(rename).toMatchObject({ status: 409, body: { code: 'COLLECTION_NAME_TAKEN' } });
  });

  it('merges patched settings over the current ones', async () => {
    const c = await createCollection();
    const patched = await send<CollectionBody>('PATCH', `/collections/${c.id}`, {
      settings: { chunking: { size: 600 }, ocr_languages: ['eng', 'deu'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.settings).toEqual({
      chunking: { strategy: 'structure', size: 600, overlap: 200 },
      ocr_languages: ['eng', 'deu'],
    });
    const again = await send<CollectionBody>('PATCH', `/collections/${c.id}`, {
      settings: { chunking: { strategy: 'recursive' } },
    });
    expect(again.body.settings).toEqual({
      chunking: { strategy: 'recursive', size: 600, overlap: 200 },
      ocr_languages: ['eng', 'deu'],
    });
  });

  it('refuses invalid chunking settings with CHUNKING_SETTINGS_INVALID and keeps the old ones', async () => {
    const c = await createCollection();
    for (const chunking of [{ size: 10 }, { size: 300, overlap: 300 }, { overlap: -1 }]) {
      const res = await send<Problem>('PATCH', `/collections/${c.id}`, { settings: { chunking } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('CHUNKING_SETTINGS_INVALID');
    }
    const created = await send<Problem>('POST', '/collections', {
      name: uniqueName('bad'),
      settings: { chunking: { size: 10 } },
    });
    expect(created).toMatchObject({ status: 400, body: { code: 'CHUNKING_SETTINGS_INVALID' } });
    const languages = await send<Problem>('PATCH', `/collections/${c.id}`, {
      settings: { ocr_languages: ['../../etc'] },
    });
    expect(languages).toMatchObject({ status: 400, body: { code: 'COLLECTION_SETTINGS_INVALID' } });
    const unchanged = await send<CollectionBody>('GET', `/collections/${c.id}`);
    expect(unchanged.body.settings.chunking).toEqual({ strategy: 'structure', size: 1000, overlap: 200 });
  });

  it('answers a malformed body with a VALIDATION_FAILED problem naming the field', async () => {
    const res = await send<Problem>('POST', '/collections', {
      name: uniqueName('v'),
      settings: { chunking: { strategy: 'magic' } },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors?.map((e) => e.field)).toContain('settings.chunking.strategy');
    const unknown = await send<Problem>('POST', '/collections', { name: uniqueName('v'), colour: 'red' });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const slash = await send<Problem>('POST', '/collections', { name: 'a/b' });
    expect(slash).toMatchObject({ status: 400, body: { code: 'COLLECTION_NAME_INVALID' } });
  });

  it('answers 404 COLLECTION_NOT_FOUND for an unknown collection', async () => {
    for (const [method, body] of [['GET'], ['PATCH', { name: 'x' }], ['DELETE']] as const) {
      const res = await send<Problem>(method, '/collections/no-such-collection', body);
      expect(res).toMatchObject({ status: 404, body: { code: 'COLLECTION_NOT_FOUND' } });
    }
    const up = await uploadFiles(api(), [{ name: 'lost.txt', data: 'nowhere to go' }], {
      collection_id: 'no-such-collection',
    });
    expect(up).toMatchObject({ status: 404, body: { code: 'COLLECTION_NOT_FOUND' } });
  });

  it('uploads into a collection and lists the documents of that collection only', async () => {
    const a = await createCollection();
    const b = await createCollection();
    await uploadFiles(api(), [{ name: 'in-a.txt', data: 'only in collection a' }], { collection_id: a.id });
    await uploadFiles(api(), [{ name: 'in-b.txt', data: 'only in collection b' }], { collection_id: b.id });
    expect((await listDocuments(`collection_id=${a.id}`)).map((d) => d.filename)).toEqual(['in-a.txt']);
    expect((await listDocuments(`collection_id=${b.id}`)).map((d) => d.filename)).toEqual(['in-b.txt']);
  });

  it("chunks with the collection's own settings", async () => {
    const fine = await createCollection({ settings: { chunking: { size: 200, overlap: 40 } } });
    const standard = await createCollection();
    const [small, large] = await Promise.all(
      [fine, standard].map(async (c) => {
        const up = await uploadFiles(api(), [{ name: 'same.txt', data: LONG_TEXT }], { collection_id: c.id });
        return waitForDocument(api(), up.body.items[0]!.document_id!);
      }),
    );
    expect(small!.status).toBe('processed');
    expect(large!.status).toBe('processed');
    expect(large!.chunk_count).toBeGreaterThan(0);
    expect(small!.chunk_count).toBeGreaterThan(large!.chunk_count);
    const chunks = await fetchJson<{ items: { content: string }[] }>(
      `${api()}/documents/${small!.id}/chunks`,
    );
    expect(chunks.body.items.every((c) => c.content.length <= 200)).toBe(true);
  });

  it('deletes a collection and keeps its documents, outside any collection', async () => {
    const c = await createCollection();
    const up = await uploadFiles(api(), [{ name: 'survivor.txt', data: 'I outlive my collection' }], {
      collection_id: c.id,
    });
    const id = up.body.items[0]!.document_id!;
    const del = await fetch(`${api()}/collections/${c.id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await send<Problem>('GET', `/collections/${c.id}`)).status).toBe(404);
    const doc = await fetchJson<{ collection_id: string | null }>(`${api()}/documents/${id}`);
    expect(doc).toMatchObject({ status: 200, body: { collection_id: null } });
  });

  describe('directory sources', () => {
    it('syncs a server folder into a collection, then rescans only what changed', async () => {
      const c = await createCollection();
      await mkdir(path.join(folder, 'sub'), { recursive: true });
      await writeFile(path.join(folder, 'one.txt'), 'first file of the folder');
      await writeFile(path.join(folder, 'sub', 'two.md'), '# Two\n\nsecond file of the folder');

      const added = await send<{ source: SourceBody; task: TaskResponse }>(
        'POST',
        `/collections/${c.id}/sources`,
        { path: folder },
      );
      expect(added.status).toBe(202);
      expect(added.body.source).toMatchObject({ collection_id: c.id, path: folder, last_scan: null });
      expect(added.body.task).toMatchObject({ type: 'source.scan' });
      expect(await waitForTask(added.body.task.id)).toMatchObject({
        status: 'succeeded',
        result: { added: 2, changed: 0, removed: 0, unchanged: 0, failed: 0 },
      });
      const docs = await listDocuments(`collection_id=${c.id}`);
      expect(docs.map((d) => d.source_path).sort()).toEqual(['one.txt', 'sub/two.md']);
      for (const d of docs) expect((await waitForDocument(api(), d.id)).status).toBe('processed');

      await writeFile(path.join(folder, 'three.txt'), 'a file added later');
      const rescan = await send<{ task: TaskResponse }>('POST', `/sources/${added.body.source.id}/scan`);
      expect(rescan.status).toBe(202);
      expect(await waitForTask(rescan.body.task.id)).toMatchObject({
        status: 'succeeded',
        result: { added: 1, changed: 0, removed: 0, unchanged: 2, failed: 0 },
      });
      const after = await listDocuments(`collection_id=${c.id}`);
      expect(after.map((d) => d.source_path).sort()).toEqual(['one.txt', 'sub/two.md', 'three.txt']);
      const three = after.find((d) => d.source_path === 'three.txt')!;
      expect((await waitForDocument(api(), three.id)).status).toBe('processed');
      expect(
        after
          .filter((d) => d.id !== three.id)
          .map((d) => d.id)
          .sort(),
      ).toEqual(docs.map((d) => d.id).sort());

      const sources = await send<{ items: SourceBody[] }>('GET', `/collections/${c.id}/sources`);
      expect(sources.body.items).toHaveLength(1);
      expect(sources.body.items[0]).toMatchObject({
        id: added.body.source.id,
        last_scan_at: expect.any(String),
        last_scan: { added: 1, changed: 0, removed: 0, unchanged: 2, failed: 0 },
      });

      // Registering the same folder again finds the existing source.
      const again = await send<{ source: SourceBody; task: TaskResponse }>(
        'POST',
        `/collections/${c.id}/sources`,
        { path: folder },
      );
      expect(again.body.source.id).toBe(added.body.source.id);
      await waitForTask(again.body.task.id);

      const stop = await fetch(`${api()}/sources/${added.body.source.id}`, { method: 'DELETE' });
      expect(stop.status).toBe(204);
      expect((await send<{ items: SourceBody[] }>('GET', `/collections/${c.id}/sources`)).body.items).toEqual(
        [],
      );
      expect(await listDocuments(`collection_id=${c.id}`)).toHaveLength(3);
    });

    it('refuses a path that is not a directory with 400 SOURCE_PATH_INVALID', async () => {
      const c = await createCollection();
      const res = await send<Problem>('POST', `/collections/${c.id}/sources`, {
        path: path.join(folder, 'does-not-exist'),
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('SOURCE_PATH_INVALID');
      const empty = await send<Problem>('POST', `/collections/${c.id}/sources`, { path: '' });
      expect(empty).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    });

    it('answers 404 for an unknown collection or source', async () => {
      const noCollection = await send<Problem>('POST', '/collections/nope/sources', { path: folder });
      expect(noCollection).toMatchObject({ status: 404, body: { code: 'COLLECTION_NOT_FOUND' } });
      const list = await send<Problem>('GET', '/collections/nope/sources');
      expect(list).toMatchObject({ status: 404, body: { code: 'COLLECTION_NOT_FOUND' } });
      const scan = await send<Problem>('POST', '/sources/nope/scan');
      expect(scan).toMatchObject({ status: 404, body: { code: 'SOURCE_NOT_FOUND' } });
      const del = await send<Problem>('DELETE', '/sources/nope');
      expect(del).toMatchObject({ status: 404, body: { code: 'SOURCE_NOT_FOUND' } });
    });
  });
});
