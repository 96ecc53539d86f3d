import { mkdir, mkdtemp, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOCAL_USER_ID } from '@sift/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../problem.schema.js';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import { waitForDocument, type DocumentBody } from '../testing/upload.js';
import type { TaskResponse } from './tasks.schema.js';

const SECRET = 'TOP SECRET: the launch codes are 0000';

interface SourceBody {
  id: string;
  path: string;
}

/**
 * Directory sources over HTTP must stay inside `SIFT_SOURCE_ROOTS`: whatever path a client sends (system
 * directories, `..`, a sibling sharing the root's name as a prefix, symbolic links leading out), nothing outside
 * the roots is registered, scanned, or served back through `/documents/:id/file`.
 */
describe('directory sources confined to the configured roots', () => {
  /** Holds `root` (the one configured root), `root2` (a prefix sibling) and `outside` (with the secret). */
  let base: string;
  let root: string;
  let outside: string;
  let confined: TestServer;
  let disabled: TestServer;

  beforeAll(async () => {
    // Real paths throughout: the API answers with the real path it registered.
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'sift-roots-')));
    root = path.join(base, 'root');
    outside = path.join(base, 'outside');
    await mkdir(path.join(root, 'legit', 'sub'), { recursive: true });
    await mkdir(path.join(base, 'root2'), { recursive: true });
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, 'secret.txt'), SECRET);
    await writeFile(path.join(base, 'root2', 'secret.txt'), SECRET);
    await writeFile(path.join(root, 'legit', 'notes.txt'), 'ordinary notes about sifting documents');
    await writeFile(path.join(root, 'legit', 'sub', 'more.txt'), 'more ordinary notes');
    await symlink(outside, path.join(root, 'escape'));
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'legit', 'leak.txt'));
    await symlink(outside, path.join(root, 'legit', 'sub', 'leak-dir'));
    const env = { SIFT_QUEUE_POLL_MS: '50' };
    confined = await startTestServer({ startWorkers: true, env: { ...env, SIFT_SOURCE_ROOTS: root } });
    disabled = await startTestServer({ startWorkers: true, env });
  });
  afterAll(async () => {
    await confined?.close();
    await disabled?.close();
    await rm(base, { recursive: true, force: true });
  });

  const send = <T>(t: TestServer, method: string, url: string, body?: unknown) =>
    fetchJson<T>(`${t.url}/api/v1${url}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });

  let counter = 0;
  async function createCollection(t: TestServer): Promise<string> {
    const res = await send<{ id: string }>(t, 'POST', '/collections', { name: `sources-${++counter}` });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function documentsOf(t: TestServer, collectionId: string): Promise<DocumentBody[]> {
    return (
      await fetchJson<{ items: DocumentBody[] }>(`${t.url}/api/v1/documents?collection_id=${collectionId}`)
    ).body.items;
  }

  async function waitForTask(t: TestServer, id: string): Promise<TaskResponse> {
    const until = Date.now() + 30_000;
    for (;;) {
      const { body } = await fetchJson<TaskResponse>(`${t.url}/api/v1/tasks/${id}`);
      if (!['pending', 'running'].includes(body.status)) return body;
      if (Date.now() > until) throw new Error(`task ${id} still ${body.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function scanTaskCount(t: TestServer): Promise<number> {
    const tasks = await fetchJson<{ items: TaskResponse[] }>(
      `${t.url}/api/v1/tasks?type=source.scan&limit=200`,
    );
    return tasks.body.items.length;
  }

  /** No source, no document and no scan task came out of the refused requests. */
  async function expectNothingCreated(
    t: TestServer,
    collectionId: string,
    scansBefore: number,
  ): Promise<void> {
    expect(await t.runtime.metadata.sources.list(collectionId)).toEqual([]);
    expect(await documentsOf(t, collectionId)).toEqual([]);
    expect(await scanTaskCount(t)).toBe(scansBefore);
  }

  it('refuses every source with SOURCES_DISABLED when no roots are configured, creating nothing', async () => {
    const c = await createCollection(disabled);
    const scansBefore = await scanTaskCount(disabled);
    for (const p of [path.join(root, 'legit'), '/etc', '/']) {
      const res = await send<Problem>(disabled, 'POST', `/collections/${c}/sources`, { path: p });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('SOURCES_DISABLED');
    }
    await expectNothingCreated(disabled, c, scansBefore);
  });

  it('refuses system paths, `..` tricks, a prefix sibling and a link leading out with SOURCE_OUTSIDE_ROOTS', async () => {
    const c = await createCollection(confined);
    const scansBefore = await scanTaskCount(confined);
    const attempts = [
      '/etc',
      '/',
      '/root',
      '/proc/self',
      `${root}/../../`,
      `${root}/legit/../..`,
      '../../',
      path.join(base, 'root2'),
      path.join(root, 'escape'),
      path.join(root, 'escape', 'no-such-dir'),
      path.join(root, 'legit', 'sub', 'leak-dir'),
    ];
    for (const p of attempts) {
      const res = await send<Problem>(confined, 'POST', `/collections/${c}/sources`, { path: p });
      expect({ p, status: res.status, code: res.body.code }).toEqual({
        p,
        status: 403,
        code: 'SOURCE_OUTSIDE_ROOTS',
      });
      // Only the path the client sent comes back: neither the roots nor where a link leads.
      expect(res.body).toMatchObject({ path: p });
      const { path: _sent, detail, ...rest } = res.body as Problem & { path: string };
      expect(JSON.stringify(rest)).not.toContain(base);
      expect(detail.replace(p, '')).not.toContain(base);
    }
    await expectNothingCreated(confined, c, scansBefore);
  });

  it('refuses a missing directory inside a root with SOURCE_PATH_INVALID', async () => {
    const c = await createCollection(confined);
    const scansBefore = await scanTaskCount(confined);
    const res = await send<Problem>(confined, 'POST', `/collections/${c}/sources`, {
      path: path.join(root, 'no-such-dir'),
    });
    expect(res).toMatchObject({ status: 400, body: { code: 'SOURCE_PATH_INVALID' } });
    await expectNothingCreated(confined, c, scansBefore);
  });

  it('accepts a directory inside a root and skips, reporting them, symlinks that lead out of it', async () => {
    const c = await createCollection(confined);
    const added = await send<{ source: SourceBody; task: TaskResponse }>(
      confined,
      'POST',
      `/collections/${c}/sources`,
      // A `..` that stays inside the root is fine: the path is resolved before it is checked.
      { path: `${root}/legit/sub/..` },
    );
    expect(added.status).toBe(202);
    expect(added.body.source.path).toBe(path.join(root, 'legit'));

    const task = await waitForTask(confined, added.body.task.id);
    expect(task).toMatchObject({
      status: 'succeeded',
      result: { added: 2, failed: 2, removed: 0 },
    });
    const errors = (task.result as { errors: { path: string; code: string; message: string }[] }).errors;
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['leak.txt', 'SOURCE_LINK_OUTSIDE'],
      ['sub/leak-dir', 'SOURCE_LINK_OUTSIDE'],
    ]);
    expect(JSON.stringify(errors)).not.toContain(outside);

    const docs = await documentsOf(confined, c);
    expect(docs.map((d) => d.source_path).sort()).toEqual(['notes.txt', 'sub/more.txt']);
    for (const d of docs) {
      expect((await waitForDocument(`${confined.url}/api/v1`, d.id)).status).toBe('processed');
      const file = await fetch(`${confined.url}/api/v1/documents/${d.id}/file`);
      expect(await file.text()).not.toContain(SECRET);
    }
  });

  it('refuses to rescan a registered source whose directory was replaced by a link leading out', async () => {
    const c = await createCollection(confined);
    const dir = path.join(root, 'swapped');
    await mkdir(dir);
    await writeFile(path.join(dir, 'fine.txt'), 'fine content');
    const added = await send<{ source: SourceBody; task: TaskResponse }>(
      confined,
      'POST',
      `/collections/${c}/sources`,
      { path: dir },
    );
    expect(await waitForTask(confined, added.body.task.id)).toMatchObject({ status: 'succeeded' });
    await rename(dir, `${dir}-old`);
    await symlink(outside, dir);

    const rescan = await send<Problem>(confined, 'POST', `/sources/${added.body.source.id}/scan`);

    expect(rescan).toMatchObject({ status: 403, body: { code: 'SOURCE_OUTSIDE_ROOTS' } });
    const docs = await documentsOf(confined, c);
    expect(docs.map((d) => d.source_path)).toEqual(['fine.txt']);
  });

  it('refuses to scan a source registered outside the roots (before they existed), reading nothing', async () => {
    const c = await createCollection(confined);
    // As a data dir from before the roots would hold it: registered straight in the store.
    const legacy = await confined.runtime.metadata.sources.create({
      ownerId: LOCAL_USER_ID,
      collectionId: c,
      path: outside,
    });

    const rescan = await send<Problem>(confined, 'POST', `/sources/${legacy.id}/scan`);
    expect(rescan).toMatchObject({ status: 403, body: { code: 'SOURCE_OUTSIDE_ROOTS' } });

    // The worker's own check holds too, for a scan task queued some other way.
    const task = await confined.runtime.tasks.enqueue('source.scan', { sourceId: legacy.id });
    expect(await waitForTask(confined, task.id)).toMatchObject({
      status: 'failed',
      error: { code: 'SOURCE_OUTSIDE_ROOTS' },
    });
    expect(await documentsOf(confined, c)).toEqual([]);
  });
});
