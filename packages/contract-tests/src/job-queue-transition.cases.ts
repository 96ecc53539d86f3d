import type { TaskError } from '@sift/core';
import { expect, it } from 'vitest';
import { waitFor } from './async-helpers.js';
import { claimAs, claimOrThrow, isoWithin, newTask, type QueueFixture } from './job-queue.fixture.js';

const failure: TaskError = {
  code: 'PARSER_CRASHED',
  message: 'bad xref table',
  stack: 'Error: at parse',
  retryable: true,
};

/** What a worker does with a task it holds: heartbeat, progress, complete, fail, release. */
export function transitionCases(f: QueueFixture): void {
  it('extends the lease of its owner on heartbeat and reports held', async () => {
    await f.queue.enqueue(newTask());
    const task = await claimOrThrow(f.queue, 'w1', 1_000);
    const before = Date.now();
    expect(await f.queue.heartbeat(task.id, 'w1', 60_000)).toBe('held');
    const leaseUntil = (await f.queue.get(task.id))?.leaseUntil ?? null;
    expect(isoWithin(leaseUntil, before + 60_000, Date.now() + 60_000)).toBe(true);
  });

  it('reports lost to a heartbeat from anyone but the owner of a running task', async () => {
    const pending = await f.queue.enqueue(newTask({ runAfter: new Date(Date.now() + 60_000) }));
    await f.queue.enqueue(newTask());
    const running = await claimOrThrow(f.queue, 'w1');
    expect(await f.queue.heartbeat(running.id, 'w2', 60_000)).toBe('lost');
    expect(await f.queue.heartbeat(pending.id, 'w1', 60_000)).toBe('lost');
    expect(await f.queue.heartbeat('00000000-0000-4000-8000-00000000dead', 'w1', 60_000)).toBe('lost');
    await f.queue.complete(running.id, 'w1', null);
    expect(await f.queue.heartbeat(running.id, 'w1', 60_000)).toBe('lost');
  });

  it('reports cancelled to the heartbeat of a task that was cancelled while it ran', async () => {
    await f.queue.enqueue(newTask());
    const task = await claimOrThrow(f.queue, 'w1');
    await f.queue.cancel(task.id);
    expect(await f.queue.heartbeat(task.id, 'w1', 60_000)).toBe('cancelled');
  });

  it('stores progress and stage reported by the owner', async () => {
    await f.queue.enqueue(newTask());
    const task = await claimOrThrow(f.queue, 'w1');
    expect(await f.queue.progress(task.id, 'w1', 0.4, 'parsing')).toBe(true);
    expect(await f.queue.get(task.id)).toMatchObject({ progress: 0.4, stage: 'parsing', status: 'running' });
    expect(await f.queue.progress(task.id, 'w1', 0.75, null)).toBe(true);
    expect(await f.queue.get(task.id)).toMatchObject({ progress: 0.75, stage: null });
  });

  it('completes with the result, full progress and a finish time', async () => {
    await f.queue.enqueue(newTask());
    const task = await claimOrThrow(f.queue, 'w1');
    const before = Date.now();
    expect(await f.queue.complete(task.id, 'w1', { chunks: 3, ids: ['a', 'b'] })).toBe(true);
    const done = await f.queue.get(task.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      progress: 1,
      result: { chunks: 3, ids: ['a', 'b'] },
      leaseUntil: null,
      attempts: 1,
    });
    expect(isoWithin(done?.finishedAt ?? null, before, Date.now())).toBe(true);
  });

  it('ignores complete, fail, progress and release from a worker whose lease was taken over', async () => {
    const queued = await f.queue.enqueue(newTask());
    await claimOrThrow(f.queue, 'w1', 10);
    await waitFor(() => claimAs(f.queue, 'w2'), { what: 'w2 to take over the expired lease' });
    const snapshot = await f.queue.get(queued.id);
    expect(await f.queue.complete(queued.id, 'w1', 'stale')).toBe(false);
    expect(await f.queue.fail(queued.id, 'w1', failure, { finalStatus: 'failed' })).toBe(false);
    expect(await f.queue.fail(queued.id, 'w1', failure, { retryAt: new Date() })).toBe(false);
    expect(await f.queue.progress(queued.id, 'w1', 0.9, 'stale')).toBe(false);
    expect(await f.queue.release(queued.id, 'w1')).toBe(false);
    expect(await f.queue.get(queued.id)).toEqual(snapshot);
  });

  it('ignores worker transitions on a task that is not running', async () => {
    const queued = await f.queue.enqueue(newTask());
    expect(await f.queue.complete(queued.id, 'w1', null)).toBe(false);
    expect(await f.queue.fail(queued.id, 'w1', failure, { finalStatus: 'dead' })).toBe(false);
    expect(await f.queue.release(queued.id, 'w1')).toBe(false);
    expect(await f.queue.complete('00000000-0000-4000-8000-00000000dead', 'w1', null)).toBe(false);
    expect(await f.queue.get(queued.id)).toEqual(queued);
  });

  it('puts a task failed with retryAt back to pending, keeping its error and attempts', async () => {
    await f.queue.enqueue(newTask());
    const task = await claimOrThrow(f.queue, 'w1');
    const retryAt = new Date(Date.now() + 60_000);
    expect(await f.queue.fail(task.id, 'w1', failure, { retryAt })).toBe(true);
    expect(await f.queue.get(task.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      error: failure,
      runAfter: retryAt.toISOString(),
      workerId: null,
      leaseUntil: null,
      finishedAt: null,
    });
    expect(await claimAs(f.queue, 'w1')).toBeNull();
  });

  it.each(['failed', 'dead'] as const)(
    'ends a task %s when told so, keeping the error',
    async (finalStatus) => {
      await f.queue.enqueue(newTask());
      const task = await claimOrThrow(f.queue, 'w1');
      const permanent: TaskError = {
        code: 'UNSUPPORTED_TYPE',
        message: 'no parser for .xyz',
        retryable: false,
      };
      expect(await f.queue.fail(task.id, 'w1', permanent, { finalStatus })).toBe(true);
      const ended = await f.queue.get(task.id);
      expect(ended).toMatchObject({ status: finalStatus, attempts: 1, leaseUntil: null });
      expect(ended?.error).toEqual(permanent);
      expect(ended?.finishedAt).not.toBeNull();
      expect(await claimAs(f.queue, 'w2')).toBeNull();
    },
  );

  it('releases a running task back to pending without counting the attempt', async () => {
    const queued = await f.queue.enqueue(newTask());
    await claimOrThrow(f.queue, 'w1');
    expect(await f.queue.release(queued.id, 'w1')).toBe(true);
    expect(await f.queue.get(queued.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      workerId: null,
      leaseUntil: null,
    });
    const again = await claimOrThrow(f.queue, 'w2');
    expect(again).toMatchObject({ id: queued.id, attempts: 1, workerId: 'w2' });
  });
}
