import type { JobHandler } from '@sift/core';
import type { SqliteDatabase } from '../sqlite-database.js';

/**
 * The evidence tables of the crash tests. `runs` is deliberately not idempotent (one row per execution, to
 * prove a task ran twice); `effects` is keyed by task id, the way a real handler makes its writes idempotent.
 */
export function createEffectTables(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE runs (seq INTEGER PRIMARY KEY, task_id TEXT NOT NULL, worker_id TEXT NOT NULL) STRICT;
    CREATE TABLE effects (task_id TEXT PRIMARY KEY, worker_id TEXT NOT NULL) STRICT;
  `);
}

/** Job types of the crash tests. */
export interface CrashJobs {
  effect: { n: number };
}

/**
 * An idempotent handler: records the execution, applies its effect at most once, then lets `after` decide
 * what happens next (the crashing worker hangs there until it is killed).
 */
export function effectHandler(
  db: SqliteDatabase,
  workerId: string,
  after: (taskId: string) => Promise<void>,
): JobHandler<CrashJobs['effect']> {
  const run = db.prepare('INSERT INTO runs (task_id, worker_id) VALUES (?, ?)');
  const effect = db.prepare(
    'INSERT INTO effects (task_id, worker_id) VALUES (?, ?) ON CONFLICT (task_id) DO NOTHING',
  );
  return async ({ task }) => {
    run.run(task.id, workerId);
    effect.run(task.id, workerId);
    await after(task.id);
    return { by: workerId };
  };
}
