import { AppError } from '@sift/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { tempConfig } from './test-support.js';

describe('HealthMonitor', () => {
  let runtime: SiftRuntime;
  let cleanup: () => Promise<void>;
  async function open(env: Record<string, string> = {}) {
    const temp = await tempConfig({ SIFT_WORKERS: 'false', ...env });
    cleanup = temp.cleanup;
    runtime = await createRuntime(temp.config);
  }
  afterEach(async () => {
    await runtime.close();
    await cleanup();
  });

  it('answers readiness from the last background check instead of probing per request', async () => {
    await open();
    const probe = vi.spyOn(runtime.metadata, 'checkWritable');
    await runtime.health.refresh();
    const before = probe.mock.calls.length;
    for (let i = 0; i < 20; i++) expect((await runtime.health.report()).ready).toBe(true);
    expect(probe.mock.calls.length).toBe(before);
  });

  it('turns red and refuses uploads with INSUFFICIENT_STORAGE after a full disk, until a write works again', async () => {
    await open();
    await runtime.health.refresh();
    expect(() => runtime.health.assertAcceptingUploads()).not.toThrow();

    runtime.health.noteStorageFailure(
      Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
    );
    const red = await runtime.health.report();
    expect(red.ready).toBe(false);
    expect(red.checks.database.ok).toBe(false);
    expect(() => runtime.health.assertAcceptingUploads()).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_STORAGE', category: 'storage' }),
    );

    // The next check writes successfully: space is back.
    await runtime.health.refresh();
    expect((await runtime.health.report()).ready).toBe(true);
    expect(() => runtime.health.assertAcceptingUploads()).not.toThrow();
  });

  it('stays red while the test write keeps failing', async () => {
    await open();
    runtime.health.noteStorageFailure(Object.assign(new Error('read-only'), { code: 'SQLITE_READONLY' }));
    vi.spyOn(runtime.metadata, 'checkWritable').mockRejectedValue(
      new AppError('METADATA_NOT_WRITABLE', 'system', 'attempt to write a readonly database'),
    );
    await runtime.health.refresh();
    expect((await runtime.health.report()).ready).toBe(false);
    expect(() => runtime.health.assertAcceptingUploads()).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_STORAGE' }),
    );
  });

  it('ignores errors that are not storage failures', async () => {
    await open();
    runtime.health.noteStorageFailure(new Error('something else'));
    expect((await runtime.health.report()).ready).toBe(true);
  });

  it('refuses uploads with QUEUE_FULL and a retry delay while more tasks wait than allowed', async () => {
    await open({ SIFT_INTAKE_MAX_PENDING: '2' });
    for (let i = 0; i < 2; i++) await runtime.tasks.enqueue('system.noop', {});
    await runtime.health.refresh();
    expect(() => runtime.health.assertAcceptingUploads()).not.toThrow();
    await runtime.tasks.enqueue('system.noop', {});
    await runtime.health.refresh();
    let refused: unknown;
    try {
      runtime.health.assertAcceptingUploads();
    } catch (err) {
      refused = err;
    }
    expect(refused).toMatchObject({
      code: 'QUEUE_FULL',
      category: 'unavailable',
      details: { pendingTasks: 3, maxPendingTasks: 2, retryAfterSeconds: 30 },
    });
    expect((await runtime.health.report()).intake).toEqual({ pendingTasks: 3, maxPendingTasks: 2 });
  });
});
