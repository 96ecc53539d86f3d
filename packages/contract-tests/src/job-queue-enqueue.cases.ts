import { expect, it } from 'vitest';
import { claimOrThrow, isoWithin, newTask, type QueueFixture } from './job-queue.fixture.js';

/** enqueue, get, uniqueKey dedupe, list filters and paging. */
export function enqueueCases(f: QueueFixture): void {
  it('stores every field of a new task and returns the same from get', async () => {
    const before = Date.now();
    const runAfter = new Date(before + 60_000);
    const payload = { file: 'a.pdf', pages: [1, 2], nested: { ok: true, note: null } };
    const task = await f.queue.enqueue({
      type: 'document.process',
      queue: 'high',
      payload,
      priority: 5,
      maxAttempts: 4,
      runAfter,
      ownerId: 'owner-1',
      documentId: 'doc-1',
      uniqueKey: 'process:doc-1',
    });
    const after = Date.now();
    expect(task).toMatchObject({
      type: 'document.process',
      queue: 'high',
      payload,
      priority: 5,
      status: 'pending',
      attempts: 0,
      maxAttempts: 4,
      result: null,
      error: null,
      progress: 0,
      stage: null,
      ownerId: 'owner-1',
      documentId: 'doc-1',
      uniqueKey: 'process:doc-1',
      workerId: null,
      runAfter: runAfter.toISOString(),
      leaseUntil: null,
      startedAt: null,
      finishedAt: null,
    });
    expect(task.id).toMatch(/^\S+$/);
    expect(isoWithin(task.createdAt, before, after)).toBe(true);
    expect(isoWithin(task.updatedAt, before, after)).toBe(true);
    expect(await f.queue.get(task.id)).toEqual(task);
  });

  it('applies defaults: priority 0, three attempts, runnable now, no owner, document or key', async () => {
    const before = Date.now();
    const task = await f.queue.enqueue(newTask({ payload: 'plain string' }));
    expect(task).toMatchObject({
      priority: 0,
      maxAttempts: 3,
      ownerId: null,
      documentId: null,
      uniqueKey: null,
      payload: 'plain string',
    });
    expect(isoWithin(task.runAfter, before, Date.now())).toBe(true);
  });

  it('gives every task its own id and returns null from get for an unknown id', async () => {
    const a = await f.queue.enqueue(newTask());
    const b = await f.queue.enqueue(newTask());
    expect(a.id).not.toBe(b.id);
    expect(await f.queue.get('00000000-0000-4000-8000-00000000dead')).toBeNull();
  });

  it('rejects an unknown queue or fewer than one attempt with TASK_INVALID', async () => {
    await expect(f.queue.enqueue(newTask({ queue: 'urgent' as never }))).rejects.toMatchObject({
      code: 'TASK_INVALID',
      category: 'user',
    });
    await expect(f.queue.enqueue(newTask({ maxAttempts: 0 }))).rejects.toMatchObject({
      code: 'TASK_INVALID',
    });
    expect((await f.queue.list({})).items).toHaveLength(0);
  });

  it('returns the pending holder of a uniqueKey instead of adding another task', async () => {
    const first = await f.queue.enqueue(newTask({ uniqueKey: 'k', payload: { n: 1 } }));
    const again = await f.queue.enqueue(newTask({ uniqueKey: 'k', payload: { n: 2 } }));
    const other = await f.queue.enqueue(newTask({ uniqueKey: 'other' }));
    expect(again).toEqual(first);
    expect(other.id).not.toBe(first.id);
    expect((await f.queue.list({})).items).toHaveLength(2);
  });

  it('returns the running holder of a uniqueKey too', async () => {
    const first = await f.queue.enqueue(newTask({ uniqueKey: 'k' }));
    await claimOrThrow(f.queue, 'w1');
    const again = await f.queue.enqueue(newTask({ uniqueKey: 'k' }));
    expect(again.id).toBe(first.id);
    expect(again.status).toBe('running');
  });

  it('accepts a uniqueKey again once its holder finished or was cancelled', async () => {
    const done = await f.queue.enqueue(newTask({ uniqueKey: 'k' }));
    await claimOrThrow(f.queue, 'w1');
    expect(await f.queue.complete(done.id, 'w1', null)).toBe(true);
    const second = await f.queue.enqueue(newTask({ uniqueKey: 'k' }));
    expect(second.id).not.toBe(done.id);
    await f.queue.cancel(second.id);
    const third = await f.queue.enqueue(newTask({ uniqueKey: 'k' }));
    expect(new Set([done.id, second.id, third.id]).size).toBe(3);
    expect(third.status).toBe('pending');
  });

  it('filters the list by status, type, queue and document, newest first', async () => {
    const t1 = await f.queue.enqueue(newTask({ type: 'a', queue: 'default', documentId: 'd1' }));
    const t2 = await f.queue.enqueue(newTask({ type: 'b', queue: 'low', documentId: 'd2' }));
    const t3 = await f.queue.enqueue(newTask({ type: 'a', queue: 'high' }));
    await claimOrThrow(f.queue, 'w1'); // takes t3 (high)
    const ids = async (filter: Parameters<typeof f.queue.list>[0]) =>
      (await f.queue.list(filter)).items.map((t) => t.id);
    expect(await ids({})).toEqual([t3.id, t2.id, t1.id]);
    expect(await ids({ status: ['running'] })).toEqual([t3.id]);
    expect(await ids({ status: ['pending', 'running'] })).toEqual([t3.id, t2.id, t1.id]);
    expect(await ids({ status: ['succeeded'] })).toEqual([]);
    expect(await ids({ type: ['a'] })).toEqual([t3.id, t1.id]);
    expect(await ids({ queue: ['low'] })).toEqual([t2.id]);
    expect(await ids({ queue: ['default', 'low'] })).toEqual([t2.id, t1.id]);
    expect(await ids({ documentId: 'd1' })).toEqual([t1.id]);
    expect(await ids({ type: ['a'], queue: ['default'], status: ['pending'] })).toEqual([t1.id]);
  });

  it('pages newest first with a cursor, without duplicates or gaps, even when tasks arrive meanwhile', async () => {
    const enqueued: string[] = [];
    for (let i = 0; i < 7; i++) enqueued.push((await f.queue.enqueue(newTask({ payload: { i } }))).id);
    const first = await f.queue.list({ limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    await f.queue.enqueue(newTask({ payload: { late: true } }));
    const second = await f.queue.list({ limit: 3, cursor: first.nextCursor ?? undefined });
    const third = await f.queue.list({ limit: 3, cursor: second.nextCursor ?? undefined });
    expect(second.items).toHaveLength(3);
    expect(third.items).toHaveLength(1);
    expect(third.nextCursor).toBeNull();
    const seen = [...first.items, ...second.items, ...third.items].map((t) => t.id);
    expect(seen).toEqual([...enqueued].reverse());
  });

  it('returns no cursor when the last page is exactly full', async () => {
    for (let i = 0; i < 4; i++) await f.queue.enqueue(newTask());
    const first = await f.queue.list({ limit: 2 });
    const second = await f.queue.list({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });

  it('rejects a cursor it did not issue with INVALID_CURSOR', async () => {
    await expect(f.queue.list({ cursor: 'not a cursor!' })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
      category: 'user',
    });
  });
}
