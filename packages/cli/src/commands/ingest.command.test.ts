import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeZip } from '@sift/extractors/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { runSift, tempDirs } from '../testing/run-sift.js';

/** What `sift ingest --json` prints (the parts the tests read). */
interface IngestJson {
  sourceId: string;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  failed: number;
  documentIds: string[];
  errors: { path: string; code: string; message: string }[];
  processing: {
    processed: number;
    failed: number;
    chunks: number;
    failures: { filename: string; code: string }[];
  } | null;
}

async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, data] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), data);
  }
}

/**
 * `sift ingest` run as the real binary over temp folders and data dirs. Each run starts a Node process that
 * loads TypeScript through tsx, so the tests get a generous timeout.
 */
describe('sift ingest', { timeout: 120_000 }, () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  async function ingest(folder: string, dataDir: string, ...extra: string[]) {
    const run = await runSift(['ingest', folder, '--collection', 'research', '--json', ...extra], dataDir);
    return { ...run, json: run.code === 0 || run.code === 1 ? (JSON.parse(run.stdout) as IngestJson) : null };
  }

  it('ingests a folder and processes it, then does nothing for an unchanged folder, then syncs changes', async () => {
    const dataDir = await dirs.make('sift-cli-data-');
    const folder = await dirs.make('sift-cli-folder-');
    await writeTree(folder, {
      'a.txt': 'alpha: the first note about sifting',
      'notes/b.md': '# Beta\n\nThe second note, in markdown.',
      'notes/deep/c.txt': 'gamma: a third, nested note',
    });

    const first = await ingest(folder, dataDir);

    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({
      added: 3,
      changed: 0,
      removed: 0,
      unchanged: 0,
      failed: 0,
      errors: [],
    });
    expect(first.json!.processing).toMatchObject({ processed: 3, failed: 0, failures: [] });
    expect(first.json!.processing!.chunks).toBeGreaterThan(0);

    // The collection name as the shell might pass it: it finds the same collection.
    const second = await runSift(['ingest', folder, '--collection', ' research ', '--json'], dataDir);

    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      sourceId: first.json!.sourceId,
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: 3,
      failed: 0,
      processing: null,
    });

    await writeFile(path.join(folder, 'new.txt'), 'delta: a note added later');
    await writeFile(path.join(folder, 'a.txt'), 'alpha, rewritten with more words than before');
    const third = await ingest(folder, dataDir);

    expect(third.code).toBe(0);
    expect(third.json).toMatchObject({ added: 1, changed: 1, removed: 0, unchanged: 2, failed: 0 });
    expect(third.json!.processing).toMatchObject({ processed: 2, failed: 0 });
  });

  it('exits 1 and names the file when a file is refused, still ingesting the rest', async () => {
    const dataDir = await dirs.make('sift-cli-data-');
    const folder = await dirs.make('sift-cli-folder-');
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4000, 1)]);
    await writeTree(folder, { 'good.txt': 'a perfectly good note', 'malware.pdf': elf });

    const run = await ingest(folder, dataDir);

    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ added: 1, failed: 1, processing: { processed: 1, failed: 0 } });
    expect(run.json!.errors).toHaveLength(1);
    expect(run.json!.errors[0]!.path).toBe('malware.pdf');
    expect(['TYPE_MISMATCH', 'UNSUPPORTED_TYPE']).toContain(run.json!.errors[0]!.code);

    const human = await runSift(['ingest', folder, '--collection', 'research'], dataDir);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/refused malware\.pdf: .+ \[(TYPE_MISMATCH|UNSUPPORTED_TYPE)\]/);
  });

  it('exits 1 when a file fails to process, listing the failure', async () => {
    const dataDir = await dirs.make('sift-cli-data-');
    const folder = await dirs.make('sift-cli-folder-');
    await writeTree(folder, { 'fine.txt': 'a fine note' });
    await mkdir(path.join(folder, 'archives'));
    await writeZip(path.join(folder, 'archives', 'evil.zip'), [{ name: '../escape.txt', data: 'gotcha' }]);

    const run = await ingest(folder, dataDir);

    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ added: 2, failed: 0, processing: { processed: 1, failed: 1 } });
    expect(run.json!.processing!.failures).toEqual([
      expect.objectContaining({ filename: 'archives/evil.zip', code: 'ARCHIVE_UNSAFE_PATH' }),
    ]);
  });

  it('waits for archive members too, counting them as processed documents', async () => {
    const dataDir = await dirs.make('sift-cli-data-');
    const folder = await dirs.make('sift-cli-folder-');
    await writeZip(path.join(folder, 'bundle.zip'), [
      { name: 'inside/one.txt', data: 'the first member' },
      { name: 'two.md', data: '# Two\n\nthe second member' },
    ]);

    const run = await ingest(folder, dataDir);

    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ added: 1, failed: 0 });
    // The archive and its two members.
    expect(run.json!.processing).toMatchObject({ processed: 3, failed: 0 });
    expect(run.json!.processing!.chunks).toBeGreaterThanOrEqual(2);
  });

  it('ingests a folder outside any source root, skipping and naming a link that leads out of it', async () => {
    const dataDir = await dirs.make('sift-cli-data-');
    const folder = await dirs.make('sift-cli-folder-');
    const outside = await dirs.make('sift-cli-outside-');
    await writeFile(path.join(outside, 'secret.txt'), 'TOP SECRET: not for the index');
    await writeTree(folder, { 'note.txt': 'an ordinary note' });
    await symlink(path.join(outside, 'secret.txt'), path.join(folder, 'leak.txt'));

    // runSift sets no SIFT_SOURCE_ROOTS: the operator's CLI is not bound by them.
    const run = await ingest(folder, dataDir);

    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ added: 1, failed: 1, processing: { processed: 1, failed: 0 } });
    expect(run.json!.errors).toEqual([
      { path: 'leak.txt', code: 'SOURCE_LINK_OUTSIDE', message: expect.any(String) },
    ]);
    expect(run.stdout).not.toContain(outside);
  });

  it('exits 2 with SOURCE_PATH_INVALID on stderr for a folder that does not exist', async () => {
    const dataDir = await dirs.make('sift-cli-data-');
    const missing = path.join(dataDir, 'no', 'such', 'folder');

    const run = await runSift(['ingest', missing, '--json'], dataDir);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('SOURCE_PATH_INVALID');
    expect(run.stderr).toContain(missing);
  });
});
