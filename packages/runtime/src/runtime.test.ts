import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { LOCAL_USER_ID, type SiftEvent } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { tempConfig } from './test-support.js';

function next(runtime: SiftRuntime, type: SiftEvent['type'], taskId: string): Promise<SiftEvent> {
  return new Promise((resolve) => {
    const stop = runtime.events.subscribe((event) => {
      if (event.type === type && 'task' in event && event.task.id === taskId) {
        stop();
        resolve(event);
      }
    });
  });
}

describe('createRuntime', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(env: Record<string, string> = {}) {
    const { config, cleanup } = await tempConfig(env);
    const runtime = await createRuntime(config);
    cleanups.push(cleanup, () => runtime.close());
    return runtime;
  }

  it('creates the database and blob dir in the data dir, migrated, with the local user', async () => {
    const runtime = await open();
    expect(existsSync(path.join(runtime.dataDir, 'sift.db'))).toBe(true);
    expect(existsSync(path.join(runtime.dataDir, 'blobs'))).toBe(true);
    expect(await runtime.metadata.getUser(LOCAL_USER_ID)).toMatchObject({ id: LOCAL_USER_ID, role: 'admin' });
    await expect(runtime.metadata.checkWritable()).resolves.toBeUndefined();
    expect(runtime.workers).toBeNull();
  });

  it('keeps blobs in SIFT_BLOB_DIR when set (a directory every node of a scale-out install shares)', async () => {
    const shared = await mkdtemp(path.join(tmpdir(), 'sift-shared-blobs-'));
    cleanups.push(() => rm(shared, { recursive: true, force: true }));
    const runtime = await open({ SIFT_BLOB_DIR: shared });
    const ref = await runtime.blobs.put(Readable.from([Buffer.from('shared bytes')]));
    expect(existsSync(path.join(runtime.dataDir, 'blobs'))).toBe(false);
    const files = await readdir(shared, { recursive: true });
    expect(files.some((f) => f.includes(ref.sha256))).toBe(true);
  });

  it('leaves migrations to the caller when asked, for `sift migrate` to report them', async () => {
    const { config, cleanup } = await tempConfig();
    cleanups.push(cleanup);
    const runtime = await createRuntime(config, { migrate: false });
    cleanups.push(() => runtime.close());
    const first = await runtime.metadata.migrate();
    expect(first.applied.length).toBeGreaterThan(0);
    expect((await runtime.metadata.migrate()).applied).toEqual([]);
  });

  it('reopens an existing data dir and keeps its tasks', async () => {
    const { config, cleanup } = await tempConfig();
    cleanups.push(cleanup);
    const first = await createRuntime(config);
    const task = await first.tasks.enqueue('system.noop', {});
    await first.close();
    const second = await createRuntime(config);
    cleanups.push(() => second.close());
    expect((await second.tasks.get(second.identity.operator(), task.id)).status).toBe('pending');
  });

  it('runs a system.noop task to success once workers start, with one pool however often asked', async () => {
    const runtime = await open();
    const task = await runtime.tasks.enqueue('system.noop', { sleepMs: 5 });
    const succeeded = next(runtime, 'task.succeeded', task.id);
    const [a, b] = await Promise.all([runtime.startWorkers(), runtime.startWorkers()]);
    expect(a).toBe(b);
    expect(runtime.workers).toBe(a);
    expect(a.queues).toEqual(['high', 'default', 'low', 'maintenance']);
    await succeeded;
    expect(await runtime.tasks.get(runtime.identity.operator(), task.id)).toMatchObject({
      status: 'succeeded',
      result: { sleptMs: 5 },
    });
    expect((await runtime.queue.stats()).workers.map((w) => w.id)).toEqual([a.id]);
  });

  it('on close, gives a still-running task back to the queue after the grace period', async () => {
    const { config, cleanup } = await tempConfig({ SIFT_SHUTDOWN_GRACE_MS: '0' });
    cleanups.push(cleanup);
    const runtime = await createRuntime(config);
    const task = await runtime.tasks.enqueue('system.noop', { sleepMs: 60_000 });
    const started = next(runtime, 'task.started', task.id);
    await runtime.startWorkers();
    await started;
    await runtime.close();

    const reopened = await createRuntime(config);
    cleanups.push(() => reopened.close());
    expect(await reopened.tasks.get(reopened.identity.operator(), task.id)).toMatchObject({
      status: 'pending',
      workerId: null,
    });
    expect((await reopened.queue.stats()).workers).toEqual([]);
  });

  it('closes idempotently and refuses to start workers afterwards', async () => {
    const runtime = await open();
    await runtime.startWorkers();
    await Promise.all([runtime.close(), runtime.close()]);
    await runtime.close();
    await expect(runtime.startWorkers()).rejects.toMatchObject({ code: 'RUNTIME_CLOSED' });
  });
});
