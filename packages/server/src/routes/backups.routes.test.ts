import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { checkDataDir, restoreBackup } from '@sift/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createWorld, type World } from '../testing/principals.js';

/** The admin backup API over a real server with accounts on, its workers writing real archives. */
describe('/admin/backups', () => {
  let w: World;
  let backupDir: string;

  beforeAll(async () => {
    backupDir = await mkdtemp(path.join(tmpdir(), 'sift-backups-api-'));
    w = await createWorld({ SIFT_BACKUP_DIR: backupDir });
  }, 180_000);
  afterAll(async () => {
    await w?.t.close();
    await rm(backupDir, { recursive: true, force: true });
  });

  it('is for admins only: anonymous 401, users and keys 403', async () => {
    for (const name of ['viewer', 'editor', 'owner', 'readKey', 'writeKey'] as const) {
      for (const [method, route] of [
        ['POST', '/admin/backups'],
        ['GET', '/admin/backups'],
        ['GET', '/admin/backups/00000000-0000-4000-8000-000000000000/archive'],
      ] as const) {
        expect((await call(w, w.callers[name], method, route)).status, `${name} ${method} ${route}`).toBe(
          403,
        );
      }
    }
    expect((await call(w, w.callers.anonymous, 'GET', '/admin/backups')).status).toBe(401);
  });

  it('writes a backup through the queue, lists it with its manifest, and serves an archive that restores', async () => {
    const admin = w.callers.admin;
    const started = await call(w, admin, 'POST', '/admin/backups');
    expect(started.status).toBe(202);
    const id = started.body.backup_id as string;
    let item: Record<string, unknown> | undefined;
    for (let i = 0; i < 300; i += 1) {
      const list = await call(w, admin, 'GET', '/admin/backups');
      expect(list.status).toBe(200);
      item = (list.body.items as Record<string, unknown>[]).find((b) => b.id === id);
      if (item?.status === 'completed' || item?.status === 'failed') break;
      await delay(100);
    }
    expect(item).toMatchObject({ status: 'completed', scheduled: false, error: null });
    const manifest = item!.manifest as {
      counts: { documents: number };
      migration_level: number;
      files: number;
    };
    expect(manifest.counts.documents).toBeGreaterThanOrEqual(3);
    expect(manifest.migration_level).toBeGreaterThanOrEqual(10);

    const res = await fetch(`${w.api}/admin/backups/${id}/archive`, { headers: admin.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(item!.bytes);
    const work = await mkdtemp(path.join(tmpdir(), 'sift-backups-download-'));
    try {
      await writeFile(path.join(work, 'b.tar.gz'), bytes);
      const target = path.join(work, 'restored');
      await restoreBackup({
        archive: path.join(work, 'b.tar.gz'),
        dataDir: target,
        blobDir: path.join(target, 'blobs'),
      });
      const report = await checkDataDir({
        databaseFile: path.join(target, 'sift.db'),
        blobDir: path.join(target, 'blobs'),
      });
      expect(report.problems).toEqual([]);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 60_000);

  it('answers 404 for an archive that does not exist', async () => {
    const res = await call(
      w,
      w.callers.admin,
      'GET',
      '/admin/backups/00000000-0000-4000-8000-000000000000/archive',
    );
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('BACKUP_NOT_FOUND');
  });
});
