import { WorkerPool } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../problem.schema.js';
import { fetchJson, nextEvent, startTestServer, type TestServer } from '../testing/test-server.js';
import type { TaskResponse } from './tasks.schema.js';

interface TaskPageResponse {
  items: TaskResponse[];
  next_cursor: string | null;
}

describe('task routes', () => {
  let t: TestServer;
  beforeEach(async () => {
    // No in-process workers: tasks stay where the test puts them.
    t = await startTestServer({ env: { SIFT_WORKERS: 'false' } });
  });
  afterEach(() => t.close());

  const get = <T = TaskResponse>(path: string) => fetchJson<T>(`${t.url}${path}`);
  const post = <T = TaskResponse>(path: string) => fetchJson<T>(`${t.url}${path}`, { method: 'POST' });

  /** Makes a dead task: one attempt, a handler that always throws a retryable error. */
  async function deadTask(): Promise<string> {
    const task = await t.runtime.queue.enqueue({
      type: 'test.explode',
      queue: 'default',
      payload: {},
      maxAttempts: 1,
    });
    const pool = new WorkerPool<{ 'test.explode': object }>(
      t.runtime.queue,
      {
        'test.explode': async () => {
          throw new Error('boom');
        },
      },
      { concurrency: { default: 1 }, pollIntervalMs: 20, events: t.runtime.events },
    );
    const dead = nextEvent(t.runtime, 'task.dead', (e) => e.task.id === task.id);
    await pool.start();
    await dead;
    await pool.stop({ graceMs: 0 });
    return task.id;
  }

  it('gets a task in snake_case', async () => {
    const task = await t.runtime.tasks.enqueue('system.noop', { sleepMs: 5 }, { priority: 3 });
    const { status, body } = await get(`/api/v1/tasks/${task.id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: task.id,
      type: 'system.noop',
      queue: 'maintenance',
      priority: 3,
      status: 'pending',
      attempts: 0,
      max_attempts: 3,
      payload: { sleepMs: 5 },
      error: null,
      progress: 0,
      owner_id: null,
      created_at: task.createdAt,
    });
    expect(body).not.toHaveProperty('maxAttempts');
  });

  it('lists newest first and pages with next_cursor until the last page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await t.runtime.tasks.enqueue('system.noop', {})).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { status, body } = await get<TaskPageResponse>(`/api/v1/tasks?${query}`);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((task) => task.id));
      cursor = body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(3);
  });

  it('filters by comma-separated and repeated values of status, type and queue', async () => {
    const noop = await t.runtime.tasks.enqueue('system.noop', {});
    const other = await t.runtime.queue.enqueue({ type: 'test.other', queue: 'high', payload: {} });
    const cancelled = await t.runtime.tasks.enqueue('system.noop', {});
    await t.runtime.tasks.cancel(null, cancelled.id);

    const ids = async (query: string) =>
      (await get<TaskPageResponse>(`/api/v1/tasks?${query}`)).body.items.map((task) => task.id);
    expect(await ids('type=test.other')).toEqual([other.id]);
    expect(await ids('type=test.other,system.noop&status=pending')).toEqual([other.id, noop.id]);
    expect(await ids('status=cancelled')).toEqual([cancelled.id]);
    expect(await ids('status=pending&status=cancelled&queue=maintenance')).toEqual([cancelled.id, noop.id]);
    expect(await ids('queue=high,low')).toEqual([other.id]);
  });

  it('cancels a pending task, then refuses to cancel it again', async () => {
    const task = await t.runtime.tasks.enqueue('system.noop', {});
    const first = await post(`/api/v1/tasks/${task.id}/cancel`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: task.id, status: 'cancelled' });
    const second = await post<Problem>(`/api/v1/tasks/${task.id}/cancel`);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'TASK_NOT_CANCELLABLE', status: 409 });
  });

  it('answers 404 when cancelling or retrying a task that does not exist', async () => {
    expect((await post<Problem>('/api/v1/tasks/no-such-task/cancel')).body.code).toBe('TASK_NOT_FOUND');
    expect((await post('/api/v1/tasks/no-such-task/retry')).status).toBe(404);
  });

  it('retries a dead task with fresh attempts, and refuses to retry a pending one', async () => {
    const id = await deadTask();
    const dead = await get(`/api/v1/tasks/${id}`);
    expect(dead.body).toMatchObject({
      status: 'dead',
      attempts: 1,
      error: { code: 'INTERNAL', message: 'boom', retryable: true },
    });
    expect(dead.body.error).not.toHaveProperty('stack');

    const retried = await post(`/api/v1/tasks/${id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id, status: 'pending', attempts: 0 });

    const again = await post<Problem>(`/api/v1/tasks/${id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'TASK_NOT_RETRYABLE', status: 409 });
    expect(again.body.detail).toContain('pending');
  });
});
