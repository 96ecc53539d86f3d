import type { TaskError } from '@sift/core';
import { expect, it } from 'vitest';
import { sleep, waitFor } from './async-helpers.js';
import { claimAs, claimOrThrow, newTask, type QueueFixture } from './job-queue.fixture.js';

/** Interrupted attempts (stalled or killed workers), backpressure counts and the pruning of dead workers. */
export function interruptionCases(f: QueueFixture): void {
  it('starts every task with no interruptions', async () => {
    expect((await f.queue.enqueue(newTask())).interruptions).toBe(0);
  });

  it('counts an interruption and records TASK_LEASE_EXPIRED when it retakes an expired lease', async () => {
    const queued = await f.queue.enqueue(newTask());
    await claimOrThrow(f.queue, 'w1', 10);
    const retaken = await waitFor(() => claimAs(f.queue, 'w2'), { what: 'the expired lease to be retaken' });
    expect(retaken).toMatchObject({ id: queued.id, attempts: 2, interruptions: 1 });
    expect(retaken.error).toMatchObject({ code: 'TASK_LEASE_EXPIRED' });
  });

  it('counts an interruption when a task whose lease expired on its last attempt is dead-lettered', async () => {
    const queued = await f.queue.enqueue(newTask({ maxAttempts: 1 }));
    await claimOrThrow(f.queue, 'w1', 10);
    await sleep(40);
    await claimAs(f.queue, 'w2');
    expect(await f.queue.get(queued.id)).toMatchObject({ status: 'dead', interruptions: 1 });
  });

  it('counts an interruption for a failure marked interrupted, and none for an ordinary one', async () => {
    const queued = await f.queue.enqueue(newTask({ maxAttempts: 5 }));
    const stalled: TaskError = {
      code: 'EXTRACTION_TIMEOUT',
      message: 'took too long',
      retryable: true,
      interrupted: true,
    };
    let task = await claimOrThrow(f.queue, 'w1');
    await f.queue.fail(task.id, 'w1', stalled, { retryAt: new Date(Date.now() - 1) });
    const afterStall = await f.queue.get(queued.id);
    expect(afterStall?.interruptions).toBe(1);
    // The flag describes the attempt, not the error kept for diagnosis.
    expect(afterStall?.error).toEqual({
      code: 'EXTRACTION_TIMEOUT',
      message: 'took too long',
      retryable: true,
    });

    task = await claimOrThrow(f.queue, 'w1');
    await f.queue.fail(
      task.id,
      'w1',
      { code: 'X', message: 'plain', retryable: true },
      { retryAt: new Date(Date.now() - 1) },
    );
    expect((await f.queue.get(queued.id))?.interruptions).toBe(1);

    task = await claimOrThrow(f.queue, 'w1');
    await f.queue.fail(task.id, 'w1', stalled, { finalStatus: 'failed' });
    expect(await f.queue.get(queued.id)).toMatchObject({ status: 'failed', interruptions: 2 });
  });

  it('clears interruptions when a dead task is retried by hand', async () => {
    const queued = await f.queue.enqueue(newTask({ maxAttempts: 1 }));
    const task = await claimOrThrow(f.queue, 'w1');
    await f.queue.fail(
      task.id,
      'w1',
      { code: 'EXTRACTION_TIMEOUT', message: 'stalled', retryable: true, interrupted: true },
      { finalStatus: 'dead' },
    );
    expect((await f.queue.retry(queued.id))?.interruptions).toBe(0);
  });

  it('counts the tasks waiting in every queue, and only those', async () => {
    expect(await f.queue.pendingCount()).toBe(0);
    await f.queue.enqueue(newTask({ queue: 'high' }));
    await f.queue.enqueue(newTask({ queue: 'low', runAfter: new Date(Date.now() + 60_000) }));
    const running = await f.queue.enqueue(newTask({ queue: 'default' }));
    const done = await f.queue.enqueue(newTask({ queue: 'default' }));
    expect(await f.queue.pendingCount()).toBe(4);
    await f.queue.cancel(done.id);
    const claimed = await claimAs(f.queue, 'w1', { queues: ['default'] });
    expect(claimed?.id).toBe(running.id);
    expect(await f.queue.pendingCount()).toBe(2);
  });

  it('prunes workers last seen before a cut-off and keeps the recent ones', async () => {
    const startedAt = new Date().toISOString();
    await f.queue.registerWorker({ id: 'old', pid: 1, hostname: 'h', queues: ['default'], startedAt });
    await sleep(20);
    const cutOff = new Date();
    await sleep(5);
    await f.queue.registerWorker({ id: 'fresh', pid: 2, hostname: 'h', queues: ['default'], startedAt });
    expect(await f.queue.pruneWorkers(cutOff)).toBe(1);
    expect((await f.queue.stats()).workers.map((w) => w.id)).toEqual(['fresh']);
    expect(await f.queue.pruneWorkers(cutOff)).toBe(0);
  });
}
