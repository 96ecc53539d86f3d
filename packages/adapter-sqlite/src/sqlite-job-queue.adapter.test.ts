import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from './sqlite-database.js';
import { SqliteJobQueue } from './sqlite-job-queue.adapter.js';
import { TASK_SQL } from './sqlite-task.queries.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

const ALL_QUEUES = ['high', 'default', 'low', 'maintenance'] as const;

/** What the contract suite cannot see: query plans, the injected clock, several connections on one file. */
describe('SqliteJobQueue', () => {
  let temp: TempDatabase;

  beforeEach(() => {
    temp = createTempDatabase();
  });

  afterEach(() => temp.cleanup());

  it.each(['pendingCandidate', 'expiredCandidate'] as const)(
    'finds the %s by walking tasks_claim_idx, without sorting the backlog',
    (name) => {
      const plan = temp.db
        .prepare(`EXPLAIN QUERY PLAN ${TASK_SQL[name]}`)
        .all({ queue: 'default', now: 0 }) as { detail: string }[];
      const details = plan.map((p) => p.detail).join('\n');
      expect(details).toContain('tasks_claim_idx');
      expect(details).not.toMatch(/TEMP B-TREE/);
    },
  );

  it('takes leases and run_after from the injected clock', async () => {
    let now = Date.parse('2030-01-01T00:00:00.000Z');
    const queue = new SqliteJobQueue(temp.db, { now: () => now });
    const task = await queue.enqueue({ type: 't', queue: 'default', payload: null });
    expect(task.runAfter).toBe('2030-01-01T00:00:00.000Z');
    const claimed = await queue.claim({ workerId: 'w1', queues: ALL_QUEUES, leaseMs: 500 });
    expect(claimed?.leaseUntil).toBe('2030-01-01T00:00:00.500Z');
    now += 400;
    expect(await queue.claim({ workerId: 'w2', queues: ALL_QUEUES, leaseMs: 500 })).toBeNull();
    now += 200;
    expect(await queue.claim({ workerId: 'w2', queues: ALL_QUEUES, leaseMs: 500 })).toMatchObject({
      id: task.id,
      workerId: 'w2',
      attempts: 2,
    });
  });

  it('shares tasks between connections to the same file without handing one out twice', async () => {
    const otherDb = openSqliteDatabase(temp.file);
    try {
      const a = new SqliteJobQueue(temp.db);
      const b = new SqliteJobQueue(otherDb);
      const task = await a.enqueue({ type: 't', queue: 'low', payload: { n: 1 } });
      expect(await b.claim({ workerId: 'wb', queues: ['low'], leaseMs: 60_000 })).toMatchObject({
        id: task.id,
      });
      expect(await a.claim({ workerId: 'wa', queues: ['low'], leaseMs: 60_000 })).toBeNull();
      expect(await b.complete(task.id, 'wb', 'ok')).toBe(true);
      expect(await a.get(task.id)).toMatchObject({ status: 'succeeded', result: 'ok' });
    } finally {
      otherDb.close();
    }
  });

  it('keeps tasks across a reopen of the file', async () => {
    const task = await new SqliteJobQueue(temp.db).enqueue({ type: 't', queue: 'high', payload: [1, 2] });
    temp.db.close();
    const reopened = openSqliteDatabase(temp.file);
    try {
      expect(await new SqliteJobQueue(reopened).get(task.id)).toEqual(task);
    } finally {
      reopened.close();
    }
  });
});
