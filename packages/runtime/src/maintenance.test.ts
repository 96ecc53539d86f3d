import { mkdir, readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { tempConfig } from './test-support.js';

const HOUR = 3_600_000;

/** Sweeps of crash leftovers on the real stores of a data dir (no workers: the test plays the crashes). */
describe('MaintenanceService', () => {
  let runtime: SiftRuntime;
  let cleanup: () => Promise<void>;
  let workRoot: string;
  beforeEach(async () => {
    const temp = await tempConfig({ SIFT_WORKERS: 'false', SIFT_SWEEP_GRACE_S: '600' });
    cleanup = temp.cleanup;
    runtime = await createRuntime(temp.config);
    workRoot = path.join(runtime.dataDir, 'tmp');
  });
  afterEach(async () => {
    await runtime.close();
    await cleanup();
  });

  async function age(file: string, ms: number): Promise<void> {
    const then = new Date(Date.now() - ms);
    await utimes(file, then, then);
  }

  it('removes work dirs of tasks that no longer run and keeps the running task’s', async () => {
    const finished = await runtime.tasks.enqueue('system.noop', {});
    await runtime.tasks.cancel(runtime.identity.operator(), finished.id);
    const running = await runtime.tasks.enqueue('system.noop', {});
    await runtime.queue.claim({ workerId: 'w', queues: ['maintenance'], leaseMs: 60_000 });
    expect((await runtime.queue.get(running.id))?.status).toBe('running');
    for (const name of [
      `ingest-${finished.id}-a1`,
      `ingest-${running.id}-b2`,
      'ingest-oldstyle',
      'ingest-fresh',
    ])
      await mkdir(path.join(workRoot, name), { recursive: true });
    await age(path.join(workRoot, 'ingest-oldstyle'), HOUR);

    const report = await runtime.maintenance.sweep();
    expect(report.workDirs).toBe(2);
    expect((await readdir(workRoot)).sort()).toEqual(['ingest-fresh', `ingest-${running.id}-b2`].sort());
  });

  it('deletes blob files nothing references once they are past the grace period, and only those', async () => {
    const orphan = await runtime.blobs.put(Buffer.from('bytes of a row lost in a crash'));
    const fresh = await runtime.blobs.put(Buffer.from('bytes an upload is about to reference'));
    const { document } = await runtime.documents.upload({
      access: runtime.identity.operator(),
      filename: 'kept.txt',
      source: Buffer.from('a referenced document'),
    });
    const files = async () => {
      const names = [];
      for await (const blob of runtime.blobs.list()) names.push(blob.sha256);
      return names;
    };
    for await (const blob of runtime.blobs.list()) {
      if (blob.sha256 !== fresh.sha256) {
        await age(
          path.join(runtime.dataDir, 'blobs', blob.sha256.slice(0, 2), blob.sha256.slice(2, 4), blob.sha256),
          HOUR,
        );
      }
    }
    const report = await runtime.maintenance.sweep();
    expect(report.blobs).toBe(1);
    expect((await files()).sort()).toEqual([fresh.sha256, document.sha256].sort());
    expect(await runtime.blobs.exists(orphan.sha256)).toBe(false);
  });

  it('forgets workers that stopped beating and keeps the live ones', async () => {
    const startedAt = new Date().toISOString();
    await runtime.queue.registerWorker({
      id: 'killed-watch',
      pid: 1,
      hostname: 'h',
      queues: ['default'],
      startedAt,
    });
    const later = Date.now() + 10 * 60_000;
    // Ten minutes on, only a worker that re-registered since is alive.
    expect(await runtime.maintenance.pruneWorkers(later)).toBe(1);
    expect((await runtime.queue.stats()).workers).toEqual([]);
  });

  it('fails documents whose task was dead-lettered by lease expiries, and requeues those left without a task', async () => {
    const upload = (name: string) =>
      runtime.documents.upload({
        access: runtime.identity.operator(),
        filename: name,
        source: Buffer.from(`text of ${name}`),
      });
    const stuck = await upload('stuck.txt');
    const orphaned = await upload('orphaned.txt');
    // Three workers claimed the task and died: the last expiry dead-letters it (no pipeline saw that).
    for (let i = 0; i < 3; i++) {
      await runtime.queue.claim({ workerId: `dead-${i}`, queues: ['default'], leaseMs: 1 });
      await new Promise((r) => setTimeout(r, 5));
    }
    await runtime.queue.claim({ workerId: 'sweeper', queues: ['high'], leaseMs: 1 });
    await runtime.metadata.documents.update(stuck.document.id, { status: 'processing', stage: 'embed' });
    expect((await runtime.queue.get(stuck.task!.id))?.status).toBe('dead');
    // A crash between the document row and its task.
    await runtime.queue.cancel(orphaned.task!.id);
    await runtime.metadata.documents.update(orphaned.document.id, { taskId: null, status: 'queued' });

    const report = await runtime.maintenance.sweep();
    expect(report.documents).toEqual({ requeued: 1, failed: 1 });
    expect(await runtime.documents.get(runtime.identity.operator(), stuck.document.id)).toMatchObject({
      status: 'failed',
      errorCode: 'TASK_LEASE_EXPIRED',
    });
    const requeued = await runtime.documents.get(runtime.identity.operator(), orphaned.document.id);
    expect(requeued.status).toBe('queued');
    expect((await runtime.queue.get(requeued.taskId!))?.status).toBe('pending');
  });
});
