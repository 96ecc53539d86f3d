import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { canMount, freePort, unmount, waitForServer } from '../testing/mounts.js';
import { spawnSift, tempDirs } from '../testing/run-sift.js';

/**
 * An acknowledged upload survives an OS crash. The data dir lives on an ext4 file system in a loop-mounted
 * image with a long journal commit interval; right after the server acknowledges the uploads, the image file
 * is copied: the copy holds exactly what had reached the "disk", as after a power cut (what sat only in the
 * page cache is lost). The copy is mounted (journal replayed) and its database must list every acknowledged
 * document, with its bytes. With WAL and synchronous=NORMAL and no sync before the 202, 10 of 10 were lost.
 */
describe('sift serve durability', { timeout: 120_000 }, () => {
  const dirs = tempDirs();
  const mounted: string[] = [];
  afterEach(async () => {
    for (const mnt of mounted.splice(0).reverse()) unmount(mnt);
    await dirs.cleanup();
  });

  it.skipIf(!canMount.loop)(
    'keeps every acknowledged upload, row and bytes, in what an OS crash leaves on disk (#9: needs loop mounts)',
    async () => {
      const work = await dirs.make('sift-durability-');
      const image = path.join(work, 'disk.img');
      const mnt = path.join(work, 'mnt');
      await mkdir(mnt);
      execFileSync('truncate', ['-s', '256M', image]);
      execFileSync('mkfs.ext4', ['-q', '-F', image], { stdio: 'ignore' });
      // commit=60: the journal is not flushed by the clock during the test, only by fsync.
      execFileSync('mount', ['-o', 'loop,commit=60', image, mnt]);
      mounted.push(mnt);
      const dataDir = path.join(mnt, 'data');
      const port = await freePort();
      const server = spawnSift(['serve'], dataDir, {
        SIFT_PORT: String(port),
        SIFT_WORKERS: 'false',
        SIFT_MIN_FREE_DISK_MB: '16',
      });
      const base = `http://127.0.0.1:${port}`;
      try {
        await waitForServer(base);
        // Let start-up writes settle into the image, so that only the uploads are in question.
        execFileSync('sync');
        const acknowledged: string[] = [];
        for (let i = 0; i < 10; i++) {
          const form = new FormData();
          form.append(
            'file',
            new Blob([`acknowledged upload number ${i}`], { type: 'text/plain' }),
            `ack-${i}.txt`,
          );
          const res = await fetch(`${base}/api/v1/documents`, { method: 'POST', body: form });
          expect(res.status).toBe(202);
          const body = (await res.json()) as { items: { document_id: string }[] };
          acknowledged.push(body.items[0]!.document_id);
        }
        // The crash: whatever reached the device now is all that survives.
        await copyFile(image, path.join(work, 'after-crash.img'));
      } finally {
        server.kill('SIGKILL');
      }

      const survivor = path.join(work, 'survivor');
      await mkdir(survivor);
      execFileSync('mount', ['-o', 'loop', path.join(work, 'after-crash.img'), survivor]);
      mounted.push(survivor);
      const db = new Database(path.join(survivor, 'data', 'sift.db'));
      try {
        const rows = db
          .prepare(`SELECT filename, sha256 FROM documents WHERE filename LIKE 'ack-%' ORDER BY filename`)
          .all() as { filename: string; sha256: string }[];
        expect(rows.map((r) => r.filename)).toEqual(Array.from({ length: 10 }, (_, i) => `ack-${i}.txt`));
        for (const { sha256 } of rows) {
          const blobDir = path.join(survivor, 'data', 'blobs', sha256.slice(0, 2), sha256.slice(2, 4));
          expect(await readdir(blobDir)).toContain(sha256);
        }
      } finally {
        db.close();
      }
    },
  );
});
