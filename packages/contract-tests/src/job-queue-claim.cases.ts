import type { QueueName, Task } from '@sift/core';
import { expect, it } from 'vitest';
import { sleep, waitFor } from './async-helpers.js';
import { claimAs, claimOrThrow, isoWithin, newTask, type QueueFixture } from './job-queue.fixture.js';

/** Claim order, eligibility, leases and mutual exclusion of claimers. */
export function claimCases(f: QueueFixture): void {
  const claimAll = async (workerId = 'w1'): Promise<Task[]> => {
    const claimed: Task[] = [];
    for (let t = await claimAs(f.queue, workerId); t; t = await claimAs(f.queue, workerId)) claimed.push(t);
    return claimed;
  };

  it('returns null when nothing is runnable', async () => {
    expect(await claimAs(f.queue, 'w1')).toBeNull();
  });

  it('takes high before default before low before maintenance, whatever the order of arrival', async () => {
    for (const queue of ['maintenance', 'low', 'default', 'high'] as const) {
      await f.queue.enqueue(newTask({ queue, payload: queue }));
    }
    expect((await claimAll()).map((t) => t.queue)).toEqual(['high', 'default', 'low', 'maintenance']);
  });

  it('ranks the queue above priority', async () => {
    await f.queue.enqueue(newTask({ queue: 'low', priority: 100 }));
    await f.queue.enqueue(newTask({ queue: 'default', priority: -5 }));
    expect((await claimAll()).map((t) => t.queue)).toEqual(['default', 'low']);
  });

  it('within a queue takes higher priority first, then the older task', async () => {
    for (const [name, priority] of [
      ['a', 0],
      ['b', 5],
      ['c', 0],
      ['d', 5],
    ] as const) {
      await f.queue.enqueue(newTask({ payload: name, priority }));
    }
    expect((await claimAll()).map((t) => t.payload)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('orders equal priorities by run_after before creation', async () => {
    await f.queue.enqueue(newTask({ payload: 'newer-run-after' }));
    await f.queue.enqueue(newTask({ payload: 'older-run-after', runAfter: new Date(Date.now() - 60_000) }));
    expect((await claimAll()).map((t) => t.payload)).toEqual(['older-run-after', 'newer-run-after']);
  });

  it('does not take a task before its run_after', async () => {
    const later = await f.queue.enqueue(newTask({ runAfter: new Date(Date.now() + 60_000) }));
    expect(await claimAs(f.queue, 'w1')).toBeNull();
    expect((await f.queue.get(later.id))?.status).toBe('pending');
  });

  it('takes only from the requested queues', async () => {
    await f.queue.enqueue(newTask({ queue: 'high' }));
    const low = await f.queue.enqueue(newTask({ queue: 'low' }));
    const only = (queues: QueueName[]) => claimAs(f.queue, 'w1', { queues });
    expect((await only(['low', 'maintenance']))?.id).toBe(low.id);
    expect(await only(['low', 'maintenance'])).toBeNull();
    expect(await only([])).toBeNull();
    expect((await only(['high']))?.queue).toBe('high');
  });

  it('marks the claimed task running with a counted attempt, its worker and a lease', async () => {
    const queued = await f.queue.enqueue(newTask());
    const before = Date.now();
    const task = await claimOrThrow(f.queue, 'w1', 30_000);
    const after = Date.now();
    expect(task).toMatchObject({ id: queued.id, status: 'running', attempts: 1, workerId: 'w1' });
    expect(isoWithin(task.leaseUntil, before + 30_000, after + 30_000)).toBe(true);
    expect(isoWithin(task.startedAt, before, after)).toBe(true);
    expect(await f.queue.get(task.id)).toEqual(task);
  });

  it('does not take a running task whose lease is still valid', async () => {
    await f.queue.enqueue(newTask());
    await claimOrThrow(f.queue, 'w1', 60_000);
    expect(await claimAs(f.queue, 'w2')).toBeNull();
  });

  it('retakes a running task whose lease expired, counting another attempt, and only its new worker finishes it', async () => {
    const queued = await f.queue.enqueue(newTask());
    await claimOrThrow(f.queue, 'w1', 10);
    const retaken = await waitFor(() => claimAs(f.queue, 'w2'), { what: 'the expired lease to be retaken' });
    expect(retaken).toMatchObject({ id: queued.id, status: 'running', attempts: 2, workerId: 'w2' });
    expect(await f.queue.complete(queued.id, 'w1', 'stale')).toBe(false);
    expect(await f.queue.complete(queued.id, 'w2', 'fresh')).toBe(true);
    expect((await f.queue.get(queued.id))?.result).toBe('fresh');
  });

  it('dead-letters instead of retaking a task whose lease expired during its last attempt', async () => {
    const queued = await f.queue.enqueue(newTask({ maxAttempts: 1 }));
    await claimOrThrow(f.queue, 'w1', 10);
    await sleep(40);
    // A claim on any queue sweeps it, so it does not wait for a worker of its own queue.
    expect(await claimAs(f.queue, 'w2', { queues: ['high'] })).toBeNull();
    const task = await f.queue.get(queued.id);
    expect(task).toMatchObject({ status: 'dead', attempts: 1, leaseUntil: null });
    expect(task?.error).toMatchObject({ code: 'TASK_LEASE_EXPIRED', retryable: true });
    expect(task?.finishedAt).not.toBeNull();
  });

  it('never hands one task to two interleaved claimers', async () => {
    for (let i = 0; i < 50; i++) await f.queue.enqueue(newTask({ payload: i }));
    const [a, b] = await Promise.all([claimAll('w1'), claimAll('w2')]);
    const ids = [...a, ...b].map((t) => t.id);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    expect((await f.queue.stats()).byQueue.default.running).toBe(50);
  });
}
