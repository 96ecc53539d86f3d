import { QUEUE_NAMES, TASK_STATUSES, type QueueName, type TaskStatus } from '@sift/core';
import { expect, it } from 'vitest';
import { sleep } from './async-helpers.js';
import { claimAs, claimOrThrow, newTask, type QueueFixture } from './job-queue.fixture.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-00000000dead';
const anError = { code: 'E_TEST', message: 'it broke', retryable: false };

/** What the API and operators do: cancel, retry, stats and the worker registry. */
export function adminCases(f: QueueFixture): void {
  /** A task that ran once and ended in `status`. */
  const finished = async (status: 'succeeded' | 'failed' | 'dead', uniqueKey?: string) => {
    const queued = await f.queue.enqueue(newTask({ uniqueKey }));
    await claimOrThrow(f.queue, 'w1');
    if (status === 'succeeded') await f.queue.complete(queued.id, 'w1', { ok: true });
    else await f.queue.fail(queued.id, 'w1', anError, { finalStatus: status });
    return queued.id;
  };

  it('cancels a pending task so that nobody claims it', async () => {
    const queued = await f.queue.enqueue(newTask());
    const cancelled = await f.queue.cancel(queued.id);
    expect(cancelled).toMatchObject({ id: queued.id, status: 'cancelled' });
    expect(cancelled?.finishedAt).not.toBeNull();
    expect(await claimAs(f.queue, 'w1')).toBeNull();
  });

  it('cancels a running task, after which its worker can no longer complete it', async () => {
    const queued = await f.queue.enqueue(newTask());
    await claimOrThrow(f.queue, 'w1');
    expect((await f.queue.cancel(queued.id))?.status).toBe('cancelled');
    expect(await f.queue.complete(queued.id, 'w1', 'late')).toBe(false);
    expect(await f.queue.get(queued.id)).toMatchObject({
      status: 'cancelled',
      result: null,
      leaseUntil: null,
    });
  });

  it.each(['succeeded', 'failed', 'dead'] as const)(
    'leaves a %s task unchanged on cancel',
    async (status) => {
      const id = await finished(status);
      const before = await f.queue.get(id);
      expect(await f.queue.cancel(id)).toEqual(before);
      expect(await f.queue.get(id)).toEqual(before);
    },
  );

  it('returns null when cancelling or retrying an unknown task', async () => {
    expect(await f.queue.cancel(UNKNOWN_ID)).toBeNull();
    expect(await f.queue.retry(UNKNOWN_ID)).toBeNull();
  });

  it.each(['failed', 'dead'] as const)(
    'retries a %s task with fresh attempts and no error',
    async (status) => {
      const id = await finished(status);
      const retried = await f.queue.retry(id);
      expect(retried).toMatchObject({
        id,
        status: 'pending',
        attempts: 0,
        error: null,
        workerId: null,
        leaseUntil: null,
        finishedAt: null,
      });
      expect(await claimOrThrow(f.queue, 'w2')).toMatchObject({ id, attempts: 1 });
    },
  );

  it('leaves pending and succeeded tasks unchanged on retry', async () => {
    const done = await finished('succeeded');
    const pending = await f.queue.enqueue(newTask({ runAfter: new Date(Date.now() + 60_000) }));
    const doneBefore = await f.queue.get(done);
    expect(await f.queue.retry(done)).toEqual(doneBefore);
    expect(await f.queue.retry(pending.id)).toEqual(pending);
  });

  it('refuses to retry a task whose uniqueKey another active task holds now', async () => {
    const id = await finished('failed', 'process:doc-1');
    const successor = await f.queue.enqueue(newTask({ uniqueKey: 'process:doc-1' }));
    await expect(f.queue.retry(id)).rejects.toMatchObject({
      code: 'TASK_UNIQUE_KEY_TAKEN',
      category: 'conflict',
      details: { activeTaskId: successor.id },
    });
    expect((await f.queue.get(id))?.status).toBe('failed');
  });

  it('counts every queue and status, zero included', async () => {
    const zero = () =>
      Object.fromEntries(
        QUEUE_NAMES.map((q) => [q, Object.fromEntries(TASK_STATUSES.map((s) => [s, 0]))]),
      ) as Record<QueueName, Record<TaskStatus, number>>;
    expect((await f.queue.stats()).byQueue).toEqual(zero());

    await f.queue.enqueue(newTask({ queue: 'default' }));
    const cancelled = await f.queue.enqueue(newTask({ queue: 'default' }));
    const low = await f.queue.enqueue(newTask({ queue: 'low' }));
    const high = await f.queue.enqueue(newTask({ queue: 'high' }));
    await f.queue.enqueue(newTask({ queue: 'maintenance' }));
    await claimAs(f.queue, 'w1', { queues: ['low'] });
    await f.queue.complete(low.id, 'w1', null);
    await claimAs(f.queue, 'w1', { queues: ['high'] });
    await f.queue.fail(high.id, 'w1', anError, { finalStatus: 'dead' });
    await f.queue.cancel(cancelled.id);
    await claimAs(f.queue, 'w1', { queues: ['maintenance'] });

    const expected = zero();
    expected.default.pending = 1;
    expected.default.cancelled = 1;
    expected.low.succeeded = 1;
    expected.high.dead = 1;
    expected.maintenance.running = 1;
    expect((await f.queue.stats()).byQueue).toEqual(expected);
  });

  it('lists registered workers, refreshes them on re-registration and forgets them when unregistered', async () => {
    const startedAt = new Date(Date.now() - 5_000).toISOString();
    const info = {
      id: 'w1',
      pid: 4242,
      hostname: 'box-1',
      queues: ['high', 'default'] as QueueName[],
      startedAt,
    };
    await f.queue.registerWorker(info);
    await f.queue.registerWorker({ id: 'w2', pid: 7, hostname: 'box-2', queues: ['low'], startedAt });
    const first = (await f.queue.stats()).workers.find((w) => w.id === 'w1');
    expect(first).toMatchObject(info);
    expect(Number.isNaN(Date.parse(first?.lastSeenAt ?? ''))).toBe(false);

    await sleep(5);
    await f.queue.registerWorker({ ...info, startedAt: new Date().toISOString() });
    const again = (await f.queue.stats()).workers.find((w) => w.id === 'w1');
    expect(again?.startedAt).toBe(startedAt);
    expect(Date.parse(again?.lastSeenAt ?? '')).toBeGreaterThan(Date.parse(first?.lastSeenAt ?? ''));

    await f.queue.unregisterWorker('w1');
    expect((await f.queue.stats()).workers.map((w) => w.id)).toEqual(['w2']);
    await f.queue.unregisterWorker('not-registered');
  });
}
