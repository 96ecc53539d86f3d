import { symlinkSync, renameSync, unlinkSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { tempConfig } from './test-support.js';

const SECRET = 'TOP SECRET: nobody outside may read this';

/**
 * What a directory source may read, on a real runtime over real folders and links. No source roots are
 * configured here: scope `roots` (the default, what the HTTP API uses) is refused outright, scope `any` (the
 * operator's `sift ingest`) may read any folder — but no scope follows a link out of the folder.
 */
describe('directory sync confinement', () => {
  let runtime: SiftRuntime;
  let base: string;
  let folder: string;
  let outside: string;
  let collectionId: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'sift-confine-')));
    folder = path.join(base, 'folder');
    outside = path.join(base, 'outside');
    await mkdir(path.join(folder, 'sub'), { recursive: true });
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.txt'), SECRET);
    await writeFile(path.join(folder, 'a.txt'), 'alpha, an ordinary note');
    await writeFile(path.join(folder, 'sub', 'c.txt'), 'gamma, another ordinary note');
    const { config, cleanup } = await tempConfig();
    cleanups.push(cleanup, () => rm(base, { recursive: true, force: true }));
    runtime = await createRuntime(config);
    cleanups.push(() => runtime.close());
    collectionId = (await runtime.collections.create(runtime.identity.operator(), { name: 'notes' })).id;
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const addAny = () =>
    runtime.sources.addSource(runtime.identity.operator(), { collectionId, path: folder }, 'any');

  /** Every stored original of the source's documents, as text. */
  async function storedTexts(sourceId: string): Promise<string[]> {
    const docs = (await runtime.documents.list(runtime.identity.operator(), { sourceId, limit: 500 })).items;
    return Promise.all(
      docs.map(async (d) => {
        const chunks: Buffer[] = [];
        for await (const c of await runtime.blobs.open(d.sha256)) chunks.push(Buffer.from(c));
        return Buffer.concat(chunks).toString('utf8');
      }),
    );
  }

  it('refuses scope roots with SOURCES_DISABLED when no roots are configured, registering nothing', async () => {
    await expect(
      runtime.sources.addSource(runtime.identity.operator(), { collectionId, path: folder }),
    ).rejects.toMatchObject({ code: 'SOURCES_DISABLED', category: 'forbidden' });
    expect(await runtime.metadata.sources.list(collectionId)).toEqual([]);
  });

  it('lets the operator (scope any) sync a folder outside every root, but not scan it as roots', async () => {
    const source = await addAny();
    expect(source.path).toBe(folder);

    const result = await runtime.sources.scan(source.id, undefined, 'any');

    expect(result).toMatchObject({ added: 2, failed: 0, errors: [] });
    // A scan on behalf of the API (a queued source.scan task) is held to the roots, of which there are none.
    await expect(runtime.sources.scan(source.id)).rejects.toMatchObject({ code: 'SOURCES_DISABLED' });
  });

  it('skips and reports links to a file or a directory outside the folder, whatever the scope', async () => {
    await symlink(path.join(outside, 'secret.txt'), path.join(folder, 'leak.txt'));
    await symlink(outside, path.join(folder, 'sub', 'leak-dir'));
    // Links that stay inside are skipped silently: their targets are scanned under their own names.
    await symlink(path.join(folder, 'a.txt'), path.join(folder, 'same-a.txt'));
    const source = await addAny();

    const result = await runtime.sources.scan(source.id, undefined, 'any');

    expect(result).toMatchObject({ added: 2, failed: 2 });
    expect(result.errors).toEqual([
      { path: 'leak.txt', code: 'SOURCE_LINK_OUTSIDE', message: expect.any(String) },
      { path: 'sub/leak-dir', code: 'SOURCE_LINK_OUTSIDE', message: expect.any(String) },
    ]);
    expect(JSON.stringify(result.errors)).not.toContain(outside);
    expect((await runtime.sources.getSource(runtime.identity.operator(), source.id)).lastScan).toMatchObject({
      added: 2,
      failed: 2,
    });
    const texts = await storedTexts(source.id);
    expect(texts).toHaveLength(2);
    expect(texts.join('\n')).not.toContain(SECRET);
  });

  it('refuses a file swapped for a link leading out between the walk and the read', async () => {
    await writeFile(path.join(folder, 'b.txt'), 'beta, soon to be swapped');
    const source = await addAny();

    const result = await runtime.sources.scan(
      source.id,
      (_done, _total, file) => {
        // The scan reports each file just before it reads it: the moment to swap it.
        if (file !== 'b.txt') return;
        unlinkSync(path.join(folder, 'b.txt'));
        symlinkSync(path.join(outside, 'secret.txt'), path.join(folder, 'b.txt'));
      },
      'any',
    );

    expect(result).toMatchObject({ added: 2, failed: 1 });
    expect(result.errors).toEqual([
      { path: 'b.txt', code: 'SOURCE_LINK_OUTSIDE', message: expect.any(String) },
    ]);
    expect((await storedTexts(source.id)).join('\n')).not.toContain(SECRET);
  });

  it('refuses files below a directory swapped for a link leading out between the walk and the read', async () => {
    await writeFile(path.join(outside, 'c.txt'), SECRET);
    const source = await addAny();

    const result = await runtime.sources.scan(
      source.id,
      (_done, _total, file) => {
        if (file !== 'sub/c.txt') return;
        renameSync(path.join(folder, 'sub'), path.join(base, 'sub-moved'));
        symlinkSync(outside, path.join(folder, 'sub'));
      },
      'any',
    );

    expect(result).toMatchObject({ added: 1, failed: 1 });
    expect(result.errors.map((e) => [e.path, e.code])).toEqual([['sub/c.txt', 'SOURCE_LINK_OUTSIDE']]);
    expect((await storedTexts(source.id)).join('\n')).not.toContain(SECRET);
  });

  it('keeps a changed file’s document when its replacement turns out to be a link leading out', async () => {
    const source = await addAny();
    await runtime.sources.scan(source.id, undefined, 'any');
    const before = (
      await runtime.documents.list(runtime.identity.operator(), { sourceId: source.id, limit: 10 })
    ).items;
    await rm(path.join(folder, 'a.txt'));
    await writeFile(path.join(folder, 'a.txt'), 'alpha, rewritten and now longer than before');

    const result = await runtime.sources.scan(
      source.id,
      (_done, _total, file) => {
        if (file !== 'a.txt') return;
        unlinkSync(path.join(folder, 'a.txt'));
        symlinkSync(path.join(outside, 'secret.txt'), path.join(folder, 'a.txt'));
      },
      'any',
    );

    expect(result).toMatchObject({ changed: 0, failed: 1, removed: 0 });
    const after = (
      await runtime.documents.list(runtime.identity.operator(), { sourceId: source.id, limit: 10 })
    ).items;
    expect(after.map((d) => d.id).sort()).toEqual(before.map((d) => d.id).sort());
    expect((await storedTexts(source.id)).join('\n')).not.toContain(SECRET);
  });
});
