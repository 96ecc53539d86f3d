import { copyFile, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withDataDir } from '@sift/config';
import type { SiftEvent } from '@sift/core';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type SiftRuntime } from '../runtime.js';
import { tempConfig, until } from '../test-support.js';
import { parseManifest } from './backup-manifest.js';
import { restoreBackup } from './backup-restore.js';
import { blobPath } from './backup-writer.js';
import { checkDataDir } from './consistency-check.js';

/** Archives that must be refused, retention of scheduled backups, and the schedule itself. */
describe('backup archives', () => {
  let runtime: SiftRuntime;
  let cleanup: () => Promise<void>;
  let work: string;
  let archive: string;
  let token: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'sift-backup-archive-'));
    const temp = await tempConfig({
      SIFT_EMBEDDER: 'none',
      SIFT_WORKERS: 'false',
      SIFT_BACKUP_DIR: path.join(work, 'scheduled'),
      SIFT_BACKUP_KEEP: '2',
    });
    cleanup = temp.cleanup;
    runtime = await createRuntime(temp.config);
    const operator = runtime.identity.operator();
    const files: [string, string][] = [
      ['a.txt', 'alpha apples'],
      ['b.txt', 'beta bananas'],
    ];
    for (const [name, text] of files)
      await runtime.documents.upload({ access: operator, filename: name, source: Buffer.from(text) });
    // Signing keys exist once something is signed: a token of the source must verify after a restore.
    token = await runtime.identity.signer.sign({ sub: 'someone', sid: 'session' }, 3600);
    archive = (await runtime.backups.backupNow({ dest: path.join(work, 'base.tar.gz') })).file;
  }, 60_000);
  afterAll(async () => {
    await runtime?.close();
    await cleanup?.();
    await rm(work, { recursive: true, force: true });
  });

  /** Restores into a new dir that must stay absent, and nothing (no staging dir) may be left beside it. */
  async function expectRefused(file: string, code: string): Promise<void> {
    const parent = await mkdtemp(path.join(work, 'target-'));
    const target = path.join(parent, 'data');
    await expect(
      restoreBackup({ archive: file, dataDir: target, blobDir: path.join(target, 'blobs') }),
    ).rejects.toMatchObject({
      code,
    });
    expect(await readdir(parent)).toEqual([]);
  }

  /** Unpacks the base archive, lets `edit` change the files, packs them again (same manifest). */
  async function tampered(name: string, edit: (dir: string) => Promise<void>): Promise<string> {
    const dir = await mkdtemp(path.join(work, 'unpacked-'));
    await tar.x({ file: archive, cwd: dir });
    await edit(dir);
    const manifest = parseManifest(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    const entries = ['manifest.json', ...manifest.files.map((f) => f.path)];
    const present = await Promise.all(
      entries.map((e) =>
        stat(path.join(dir, e)).then(
          () => e,
          () => null,
        ),
      ),
    );
    const out = path.join(work, name);
    await tar.c(
      { gzip: true, cwd: dir, file: out, portable: true },
      present.filter((e): e is string => e !== null),
    );
    return out;
  }

  it('records counts, migration level and the hash of every file, sift.db and blobs included', async () => {
    const manifest = parseManifest(await readFile(`${archive}.json`, 'utf8'));
    expect(manifest.counts).toMatchObject({ documents: 2, blobs: 2 });
    expect(manifest.migrationLevel).toBeGreaterThanOrEqual(10);
    const paths = manifest.files.map((f) => f.path);
    expect(paths[0]).toBe('sift.db');
    expect(paths.filter((p) => p.startsWith('blobs/'))).toHaveLength(2);
    expect(paths).toContain('keys/jwt-keys.json');
  });

  it('restores the signing keys: a token signed before the backup verifies on the restored instance', async () => {
    const target = path.join(work, 'with-keys');
    await restoreBackup({ archive, dataDir: target, blobDir: path.join(target, 'blobs') });
    const restored = await createRuntime(withDataDir(runtime.config, target));
    try {
      expect(await restored.identity.signer.verify(token)).toMatchObject({ sub: 'someone' });
    } finally {
      await restored.close();
    }
  });

  it('refuses a truncated archive with BACKUP_CORRUPT', async () => {
    const cut = path.join(work, 'truncated.tar.gz');
    await copyFile(archive, cut);
    await truncate(cut, Math.floor((await stat(cut)).size / 2));
    await expectRefused(cut, 'BACKUP_CORRUPT');
  });

  it('refuses an archive that is not gzip at all with BACKUP_CORRUPT', async () => {
    const junk = path.join(work, 'junk.tar.gz');
    await writeFile(junk, 'not an archive');
    await expectRefused(junk, 'BACKUP_CORRUPT');
  });

  it('refuses a file whose bytes do not match the manifest, and one that is missing', async () => {
    const flipped = await tampered('flipped.tar.gz', async (dir) => {
      const manifest = parseManifest(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
      const blob = manifest.files.find((f) => f.path.startsWith('blobs/'))!;
      await writeFile(path.join(dir, blob.path), 'other bytes');
    });
    await expectRefused(flipped, 'BACKUP_CORRUPT');
    const missing = await tampered('missing.tar.gz', async (dir) =>
      rm(path.join(dir, 'keys'), { recursive: true }),
    );
    await expectRefused(missing, 'BACKUP_CORRUPT');
  });

  it('refuses a manifest from a newer schema with BACKUP_TOO_NEW', async () => {
    const newer = await tampered('newer.tar.gz', async (dir) => {
      const file = path.join(dir, 'manifest.json');
      const manifest = JSON.parse(await readFile(file, 'utf8')) as { migrationLevel: number };
      await writeFile(file, JSON.stringify({ ...manifest, migrationLevel: 999 }));
    });
    await expectRefused(newer, 'BACKUP_TOO_NEW');
  });

  it('reports a missing and a damaged blob in the consistency check', async () => {
    const target = path.join(work, 'damaged');
    const manifest = await restoreBackup({ archive, dataDir: target, blobDir: path.join(target, 'blobs') });
    const [first, second] = manifest.files
      .filter((f) => f.path.startsWith('blobs/'))
      .map((f) => path.basename(f.path));
    await rm(blobPath(path.join(target, 'blobs'), first!));
    await writeFile(blobPath(path.join(target, 'blobs'), second!), 'tampered');
    const report = await checkDataDir({
      databaseFile: path.join(target, 'sift.db'),
      blobDir: path.join(target, 'blobs'),
    });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.code, p.count])).toEqual([
      ['BLOB_MISSING', 1],
      ['BLOB_CORRUPT', 1],
    ]);
  });

  it('refuses to check a data dir without a database', async () => {
    await expect(
      checkDataDir({
        databaseFile: path.join(work, 'nowhere', 'sift.db'),
        blobDir: path.join(work, 'nowhere'),
      }),
    ).rejects.toMatchObject({ code: 'DATA_DIR_NOT_FOUND' });
  });

  it('keeps the newest SIFT_BACKUP_KEEP scheduled backups and every one made on request', async () => {
    const events: SiftEvent[] = [];
    const stop = runtime.events.subscribe((e) => void events.push(e));
    const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    await runtime.backups.runJob({ backupId: '00000000-0000-4000-8000-000000000001', scheduled: false });
    for (const id of [...ids, '33333333-3333-4333-8333-333333333333']) {
      await runtime.backups.runJob({ backupId: id, scheduled: true });
      await new Promise((r) => setTimeout(r, 5));
    }
    stop();
    const list = await runtime.backups.list(runtime.identity.operator());
    expect(list.filter((b) => b.scheduled).map((b) => b.id)).toEqual([
      '33333333-3333-4333-8333-333333333333',
      '22222222-2222-4222-8222-222222222222',
    ]);
    expect(list.filter((b) => !b.scheduled).map((b) => b.id)).toEqual([
      '00000000-0000-4000-8000-000000000001',
    ]);
    expect(events.filter((e) => e.type === 'backup.completed')).toHaveLength(4);
    const audit = await runtime.identity.audit.list(runtime.identity.operator(), { limit: 20 });
    expect(audit.items.filter((a) => a.action === 'backup.completed').length).toBeGreaterThanOrEqual(4);
  });

  it('publishes backup.failed and audits it when the archive cannot be written', async () => {
    const events: SiftEvent[] = [];
    const stop = runtime.events.subscribe((e) => void events.push(e));
    const blocker = path.join(work, 'a-file');
    await writeFile(blocker, 'x');
    await expect(
      runtime.backups.backupNow({ dest: path.join(blocker, 'sub', 'x.tar.gz') }),
    ).rejects.toThrow();
    stop();
    expect(events).toContainEqual(expect.objectContaining({ type: 'backup.failed' }));
    const audit = await runtime.identity.audit.list(runtime.identity.operator(), { limit: 20 });
    expect(audit.items.find((a) => a.action === 'backup.failed')).toMatchObject({ outcome: 'failure' });
  });
});

describe('scheduled backups', () => {
  it('queue a backup at each cron tick in a process running workers, one at a time', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'sift-backup-cron-'));
    const temp = await tempConfig({
      SIFT_EMBEDDER: 'none',
      SIFT_BACKUP_DIR: work,
      SIFT_BACKUP_CRON: '* * * * * *',
      SIFT_QUEUE_POLL_MS: '50',
    });
    const runtime = await createRuntime(temp.config);
    try {
      await runtime.startWorkers();
      const done = await until(async () => {
        const list = await runtime.backups.list(runtime.identity.operator());
        return list.some((b) => b.status === 'completed' && b.scheduled) ? list : null;
      }, 20_000);
      expect(done.find((b) => b.status === 'completed')!.manifest?.counts.documents).toBe(0);
      // Never two at once: the unique key makes a second request return the pending or running one.
      const { items } = await runtime.queue.list({ type: ['system.backup'], status: ['pending', 'running'] });
      expect(items.length).toBeLessThanOrEqual(1);
    } finally {
      await runtime.close();
      await temp.cleanup();
      await rm(work, { recursive: true, force: true });
    }
  }, 40_000);

  it('refuses a cron expression that is not one at start-up', async () => {
    const temp = await tempConfig({ SIFT_EMBEDDER: 'none', SIFT_BACKUP_CRON: 'every full moon' });
    try {
      await expect(createRuntime(temp.config)).rejects.toMatchObject({ code: 'BACKUP_CRON_INVALID' });
    } finally {
      await temp.cleanup();
    }
  });
});
