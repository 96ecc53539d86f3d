import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canMount, freePort, unmount, waitForServer } from '../testing/mounts.js';
import { spawnSift, tempDirs } from '../testing/run-sift.js';

async function until<T>(what: string, fn: () => Promise<T | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A text file of `mb` megabytes that no other upload repeats (random hex, so never deduplicated). */
function uniqueText(mb: number): Blob {
  return new Blob([randomBytes(Math.ceil((mb * 1024 ** 2) / 2)).toString('hex')], { type: 'text/plain' });
}

/**
 * A full disk for real: the data dir is a small tmpfs, and the server (with its workers) is filled until the
 * disk refuses writes. It must stay up, answer 507 INSUFFICIENT_STORAGE, turn readiness red and refuse
 * uploads while red, and resume by itself once space returns. (It used to crash on an uncaught SQLITE_FULL in
 * the worker pool, answer 500 to uploads, and keep accepting uploads after readiness turned red.)
 */
describe('sift serve on a full disk', { timeout: 180_000 }, () => {
  const dirs = tempDirs();
  const mounted: string[] = [];
  afterEach(async () => {
    for (const mnt of mounted.splice(0)) unmount(mnt);
    await dirs.cleanup();
  });

  it.skipIf(!canMount.tmpfs)(
    'stays up, answers 507, refuses uploads while not ready and resumes when space returns (#9: needs mounts)',
    async () => {
      const mnt = path.join(await dirs.make('sift-disk-full-'), 'mnt');
      await mkdir(mnt);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48M', 'sift-disk-full', mnt]);
      mounted.push(mnt);
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const server = spawnSift(['serve'], path.join(mnt, 'data'), {
        SIFT_PORT: String(port),
        SIFT_MIN_FREE_DISK_MB: '2',
        SIFT_EMBEDDER: 'none',
        SIFT_LOG_LEVEL: 'error',
        SIFT_LOG_FORMAT: 'pretty',
      });
      let exited = false;
      let stderr = '';
      server.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      server.on('exit', (code, signal) => {
        exited = true;
        stderr += `\n[exited with ${code ?? signal}]`;
      });
      try {
        await waitForServer(base);
        const upload = async (mb: number) => {
          const form = new FormData();
          form.append('file', uniqueText(mb), `doc-${randomBytes(4).toString('hex')}.txt`);
          const res = await fetch(`${base}/api/v1/documents`, { method: 'POST', body: form });
          return {
            status: res.status,
            body: (await res.json()) as { code?: string; items?: { document_id: string }[] },
          };
        };
        // Work for the workers, then the disk fills (another program's file takes the rest) while they do it.
        const queued: string[] = [];
        for (let i = 0; i < 5; i++) queued.push((await upload(0.2)).body.items![0]!.document_id);
        const ballast = path.join(mnt, 'ballast');
        try {
          execFileSync('dd', ['if=/dev/zero', `of=${ballast}`, 'bs=256k'], { stdio: 'ignore' });
        } catch {
          // dd stops with ENOSPC: the disk is full.
        }

        expect(await upload(1)).toMatchObject({ status: 507, body: { code: 'INSUFFICIENT_STORAGE' } });
        // Readiness turns red, and while it is, uploads are refused up front — even a tiny one.
        await until(
          'readiness to turn red',
          async () => (await fetch(`${base}/health/ready`)).status === 503,
        );
        expect(await upload(0.001)).toMatchObject({ status: 507, body: { code: 'INSUFFICIENT_STORAGE' } });

        // The process lives on through the workers' failures to write.
        await new Promise((r) => setTimeout(r, 3_000));
        expect(exited, stderr).toBe(false);
        expect((await fetch(`${base}/health`)).status).toBe(200);

        // Space returns: readiness and uploads come back by themselves, and the waiting work gets done.
        await rm(ballast);
        await until('readiness to return', async () => (await fetch(`${base}/health/ready`)).status === 200);
        expect((await upload(0.001)).status).toBe(202);
        await until('the documents queued before the disk filled to be processed', async () => {
          const docs = await Promise.all(
            queued.map(
              async (id) =>
                ((await (await fetch(`${base}/api/v1/documents/${id}`)).json()) as { status: string }).status,
            ),
          );
          return docs.every((status) => status === 'processed');
        });
        expect(exited, stderr).toBe(false);
      } finally {
        server.kill('SIGKILL');
      }
    },
  );
});
