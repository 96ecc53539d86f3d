import { createHash } from 'node:crypto';
import {
  mkdir,
  mkdtemp,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DocumentRecord } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { tempConfig, until } from './test-support.js';

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

/** Polls `fn` until it returns a truthy value, failing after `timeoutMs`. */
/** Writes `files` (relative path → content) below `root`, creating directories. */
async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, data] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), data);
  }
}

/**
 * DirectorySyncService on a real runtime (SQLite, blob files, in-process workers) over real folders: what a
 * scan adds, skips, re-ingests and removes, and that an unchanged folder costs no work.
 */
describe('directory sync', () => {
  let runtime: SiftRuntime;
  let dir: string;
  let collectionId: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    // The folder is the one source root, as a server would be configured (scope `roots`, the default).
    dir = await realpath(await mkdtemp(path.join(tmpdir(), 'sift-source-')));
    const { config, cleanup } = await tempConfig({ SIFT_QUEUE_POLL_MS: '50', SIFT_SOURCE_ROOTS: dir });
    cleanups.push(cleanup, () => rm(dir, { recursive: true, force: true }));
    runtime = await createRuntime(config);
    cleanups.push(() => runtime.close());
    await runtime.startWorkers();
    collectionId = (await runtime.collections.create(runtime.identity.operator(), { name: 'research' })).id;
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const addSource = (p = dir) =>
    runtime.sources.addSource(runtime.identity.operator(), { collectionId, path: p });

  async function documentsOf(sourceId: string): Promise<DocumentRecord[]> {
    return (
      await runtime.documents.list(runtime.identity.operator(), { sourceId, topLevelOnly: true, limit: 500 })
    ).items;
  }

  async function taskCount(): Promise<number> {
    const { byQueue } = await runtime.queue.stats();
    return Object.values(byQueue)
      .flatMap((byStatus) => Object.values(byStatus))
      .reduce((a, b) => a + b, 0);
  }

  /** Waits until every document is processed or failed, returning them as they ended. */
  function settled(ids: string[]): Promise<DocumentRecord[]> {
    return until(async () => {
      const docs = await Promise.all(ids.map((id) => runtime.documents.get(runtime.identity.operator(), id)));
      return docs.every((d) => d.status === 'processed' || d.status === 'failed') && docs;
    }, 20_000);
  }

  it('adds every regular file below the folder, skipping hidden files and symbolic links, and processes them', async () => {
    await writeTree(dir, {
      'a.txt': 'alpha text',
      'notes/b.md': '# Beta\n\nbeta text',
      'notes/deep/c.txt': 'gamma text',
      '.hidden.txt': 'hidden',
      '.git/config': '[core]',
      'notes/.cache/d.txt': 'hidden too',
    });
    await symlink(path.join(dir, 'a.txt'), path.join(dir, 'link.txt'));
    await symlink(path.join(dir, 'notes'), path.join(dir, 'linked-dir'));
    const source = await addSource();

    const result = await runtime.sources.scan(source.id);

    expect(result).toMatchObject({ added: 3, changed: 0, removed: 0, unchanged: 0, failed: 0, errors: [] });
    const docs = await settled(result.documentIds);
    expect(docs.map((d) => d.status)).toEqual(['processed', 'processed', 'processed']);
    expect(docs.every((d) => d.chunkCount > 0 && d.collectionId === collectionId)).toBe(true);
    expect((await documentsOf(source.id)).map((d) => d.sourcePath).sort()).toEqual([
      'a.txt',
      'notes/b.md',
      'notes/deep/c.txt',
    ]);
    expect((await runtime.sources.getSource(runtime.identity.operator(), source.id)).lastScan).toEqual({
      added: 3,
      changed: 0,
      removed: 0,
      unchanged: 0,
      failed: 0,
    });
  });

  it('does no work when nothing changed: every file unchanged and no task enqueued', async () => {
    await writeTree(dir, { 'one.txt': 'one', 'sub/two.txt': 'two' });
    const source = await addSource();
    await settled((await runtime.sources.scan(source.id)).documentIds);
    const tasksBefore = await taskCount();

    const again = await runtime.sources.scan(source.id);

    expect(again).toMatchObject({
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: 2,
      failed: 0,
      documentIds: [],
    });
    expect(await taskCount()).toBe(tasksBefore);
  });

  it('treats a touched file as unchanged and remembers its new time, so the next scan does not read it', async () => {
    await writeTree(dir, { 'touched.txt': 'same bytes' });
    const source = await addSource();
    const [doc] = await settled((await runtime.sources.scan(source.id)).documentIds);
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(dir, 'touched.txt'), later, later);

    const afterTouch = await runtime.sources.scan(source.id);

    expect(afterTouch).toMatchObject({ added: 0, changed: 0, unchanged: 1 });
    const stored = await runtime.documents.get(runtime.identity.operator(), doc!.id);
    expect(stored.sourceMtimeMs).toBe(Math.floor((await stat(path.join(dir, 'touched.txt'))).mtimeMs));
    expect(stored.sourceMtimeMs).not.toBe(doc!.sourceMtimeMs);
    expect(stored.taskId).toBe(doc!.taskId);

    // Different bytes of the same size with the remembered time: a scan that read the file would see them.
    await writeFile(path.join(dir, 'touched.txt'), 'SAME BYTES');
    await utimes(path.join(dir, 'touched.txt'), later, later);
    expect(await runtime.sources.scan(source.id)).toMatchObject({ changed: 0, unchanged: 1 });
  });

  it('re-ingests a changed file as a new document that replaces the old one', async () => {
    await writeTree(dir, { 'report.txt': 'first draft', 'other.txt': 'untouched' });
    const source = await addSource();
    const first = await runtime.sources.scan(source.id);
    await settled(first.documentIds);
    const old = (await documentsOf(source.id)).find((d) => d.sourcePath === 'report.txt')!;

    await writeFile(path.join(dir, 'report.txt'), 'the final version, longer');
    const second = await runtime.sources.scan(source.id);

    expect(second).toMatchObject({ added: 0, changed: 1, removed: 0, unchanged: 1, failed: 0 });
    await expect(runtime.documents.get(runtime.identity.operator(), old.id)).rejects.toMatchObject({
      code: 'DOCUMENT_NOT_FOUND',
    });
    const [replacement] = await settled(second.documentIds);
    expect(replacement).toMatchObject({
      sourcePath: 'report.txt',
      sha256: sha256('the final version, longer'),
      status: 'processed',
    });
    expect((await documentsOf(source.id)).map((d) => d.sourcePath).sort()).toEqual([
      'other.txt',
      'report.txt',
    ]);
  });

  it('removes the document of a deleted file', async () => {
    await writeTree(dir, { 'keep.txt': 'keep me', 'gone.txt': 'delete me' });
    const source = await addSource();
    await settled((await runtime.sources.scan(source.id)).documentIds);
    const gone = (await documentsOf(source.id)).find((d) => d.sourcePath === 'gone.txt')!;

    await unlink(path.join(dir, 'gone.txt'));
    const result = await runtime.sources.scan(source.id);

    expect(result).toMatchObject({ added: 0, removed: 1, unchanged: 1 });
    await expect(runtime.documents.get(runtime.identity.operator(), gone.id)).rejects.toMatchObject({
      code: 'DOCUMENT_NOT_FOUND',
    });
    expect((await documentsOf(source.id)).map((d) => d.sourcePath)).toEqual(['keep.txt']);
  });

  it('lists files it refuses (an executable named .pdf, an empty file) and ingests the rest', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4000, 1)]);
    await writeTree(dir, { 'fine.txt': 'fine text', 'x.pdf': elf, 'empty.txt': '' });
    const source = await addSource();

    const result = await runtime.sources.scan(source.id);

    expect(result).toMatchObject({ added: 1, failed: 2 });
    expect(result.errors.map((e) => e.path)).toEqual(['empty.txt', 'x.pdf']);
    expect(result.errors[0]!.code).toBe('EMPTY_FILE');
    expect(['TYPE_MISMATCH', 'UNSUPPORTED_TYPE']).toContain(result.errors[1]!.code);
    expect(result.errors.every((e) => e.message.length > 0)).toBe(true);
    const [fine] = await settled(result.documentIds);
    expect(fine).toMatchObject({ sourcePath: 'fine.txt', status: 'processed' });
    expect((await documentsOf(source.id)).map((d) => d.sourcePath)).toEqual(['fine.txt']);
  });

  it('refuses a path that is not a directory with SOURCE_PATH_INVALID', async () => {
    await expect(addSource(path.join(dir, 'missing'))).rejects.toMatchObject({
      code: 'SOURCE_PATH_INVALID',
      category: 'user',
    });
    await writeTree(dir, { 'file.txt': 'a file, not a folder' });
    await expect(addSource(path.join(dir, 'file.txt'))).rejects.toMatchObject({
      code: 'SOURCE_PATH_INVALID',
    });
  });

  it('keeps the documents when the folder has gone missing at scan time, failing the scan instead', async () => {
    await writeTree(dir, { 'precious.txt': 'do not lose me' });
    const source = await addSource();
    await settled((await runtime.sources.scan(source.id)).documentIds);
    const moved = `${dir}-unmounted`;
    await rename(dir, moved);
    cleanups.push(() => rm(moved, { recursive: true, force: true }));

    await expect(runtime.sources.scan(source.id)).rejects.toMatchObject({ code: 'SOURCE_PATH_INVALID' });

    expect((await documentsOf(source.id)).map((d) => d.sourcePath)).toEqual(['precious.txt']);
  });

  it('returns the same source when the same folder is registered twice', async () => {
    const first = await addSource();
    const second = await addSource(`${dir}${path.sep}`);
    const third = await addSource(path.relative(process.cwd(), dir));
    expect(second.id).toBe(first.id);
    expect(third.id).toBe(first.id);
    expect(await runtime.metadata.sources.list(collectionId)).toHaveLength(1);
  });

  it('refuses a source for an unknown collection with COLLECTION_NOT_FOUND', async () => {
    await expect(
      runtime.sources.addSource(runtime.identity.operator(), { collectionId: 'nope', path: dir }),
    ).rejects.toMatchObject({ code: 'COLLECTION_NOT_FOUND', category: 'not_found' });
    await expect(runtime.sources.scan('nope')).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
  });
});
