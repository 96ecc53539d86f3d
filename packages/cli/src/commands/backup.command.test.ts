import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSift, tempDirs } from '../testing/run-sift.js';

/**
 * `sift backup`, `sift restore` and `sift check` as the real binary: a data dir filled by `sift ingest`,
 * archived, restored elsewhere and checked; the refusals end with their code and a non-zero exit.
 */
describe('sift backup / restore / check', { timeout: 180_000 }, () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  it('backs up a data dir, restores it into an empty dir that checks clean, and refuses a second restore there', async () => {
    const dataDir = await dirs.make('sift-cli-backup-');
    const folder = await dirs.make('sift-cli-backup-src-');
    await writeFile(path.join(folder, 'a.txt'), 'The aardvark eats ants at night.');
    await writeFile(path.join(folder, 'b.md'), '# Bees\n\nHoney bees pollinate almond orchards.');
    const env = { SIFT_EMBEDDER: 'none' };
    expect((await runSift(['ingest', folder, '--json'], dataDir, 120_000, env)).code).toBe(0);

    const out = await dirs.make('sift-cli-backup-out-');
    const backup = await runSift(['backup', out, '--json'], dataDir, 90_000, env);
    expect(backup.code, backup.stderr).toBe(0);
    const written = JSON.parse(backup.stdout) as {
      file: string;
      manifest: { counts: { documents: number } };
    };
    expect(path.dirname(written.file)).toBe(out);
    expect(written.manifest.counts.documents).toBe(2);

    const target = path.join(await dirs.make('sift-cli-restore-'), 'data');
    const restore = await runSift(['restore', written.file, '--data-dir', target], dataDir, 90_000, env);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('Restored backup');

    const check = await runSift(['check', '--json'], target, 90_000, env);
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, problems: [] });

    const again = await runSift(['restore', written.file, '--data-dir', target], dataDir, 90_000, env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('[RESTORE_TARGET_NOT_EMPTY]');
  });

  it('exits 1 from `sift check` when a referenced blob is missing, and refuses a corrupt archive', async () => {
    const dataDir = await dirs.make('sift-cli-check-');
    const folder = await dirs.make('sift-cli-check-src-');
    await writeFile(path.join(folder, 'a.txt'), 'Some words about otters.');
    const env = { SIFT_EMBEDDER: 'none' };
    expect((await runSift(['ingest', folder, '--json'], dataDir, 120_000, env)).code).toBe(0);
    const blobs = path.join(dataDir, 'blobs');
    const [aa] = (await readdir(blobs)).filter((n) => n.length === 2);
    const [bb] = await readdir(path.join(blobs, aa!));
    const [sha] = await readdir(path.join(blobs, aa!, bb!));
    await writeFile(path.join(blobs, aa!, bb!, sha!), 'damaged');
    const check = await runSift(['check'], dataDir, 90_000, env);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('BLOB_CORRUPT');

    const junk = path.join(folder, 'junk.tar.gz');
    await writeFile(junk, 'no archive here');
    const target = path.join(await dirs.make('sift-cli-restore-'), 'data');
    await mkdir(path.dirname(target), { recursive: true });
    const restore = await runSift(['restore', junk, '--data-dir', target], dataDir, 90_000, env);
    expect(restore.code).toBe(2);
    expect(restore.stderr).toContain('[BACKUP_CORRUPT]');
  });
});
