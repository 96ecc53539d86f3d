import type { SqliteDatabase } from '@sift/adapter-sqlite';
import { withTransaction, type PgPool } from '@sift/adapter-postgres';
import type { JobQueue, QueueName } from '@sift/core';
import { readCheckpoint, writeCheckpoint } from './migrate-data-target.js';

/** What happened to the embedded queue's tasks. */
export interface TaskMigration {
  /** Tasks put into the Redis queue by this run. */
  requeued: number;
  /** Tasks left behind (finished, failed for good, cancelled), counted by status and type. */
  dropped: Record<string, Record<string, number>>;
}

interface TaskRow {
  seq: number;
  id: string;
  type: string;
  queue: QueueName;
  priority: number;
  status: string;
  max_attempts: number;
  run_after: number;
  payload: string;
  owner_id: string | null;
  document_id: string | null;
  unique_key: string | null;
}

const CHECKPOINT = 'tasks';
const BATCH = 200;

/**
 * Moves the work still to do into the Redis queue: `pending` tasks and `running` ones (the embedded process is
 * stopped, so they were interrupted) are enqueued again with their type, queue, priority, payload and due time,
 * attempts starting afresh. Succeeded, failed, dead and cancelled tasks are history of the old queue: they are
 * counted in the report and not copied (a failed document keeps its status and error, and can be retried on the
 * new install). A document whose ingest task moves gets the new task id, as the pipeline only runs the task its
 * document names.
 *
 * Redis and PostgreSQL share no transaction: each task is enqueued with a unique key (its own, or one derived
 * from its id) before its checkpoint commits, so a run interrupted between the two finds the task already
 * queued and does not add it twice.
 */
export async function migrateTasks(
  source: SqliteDatabase,
  target: PgPool,
  queue: JobQueue,
): Promise<TaskMigration> {
  const result: TaskMigration = { requeued: 0, dropped: {} };
  for (const row of source
    .prepare(
      `SELECT status, type, count(*) AS n FROM tasks WHERE status NOT IN ('pending', 'running')
       GROUP BY status, type ORDER BY status, type`,
    )
    .all() as { status: string; type: string; n: number }[]) {
    (result.dropped[row.status] ??= {})[row.type] = row.n;
  }
  const resume = await readCheckpoint(target, CHECKPOINT);
  if (resume.done) return result;
  const select = source.prepare(
    `SELECT seq, id, type, queue, priority, status, max_attempts, run_after, payload, owner_id, document_id,
       unique_key FROM tasks WHERE status IN ('pending', 'running') AND seq > ? ORDER BY seq LIMIT ?`,
  );
  let lastKey = resume.lastKey;
  for (;;) {
    const rows = select.all(lastKey, BATCH) as TaskRow[];
    for (const row of rows) {
      const task = await queue.enqueue({
        type: row.type,
        queue: row.queue,
        payload: JSON.parse(row.payload) as unknown,
        priority: row.priority,
        maxAttempts: row.max_attempts,
        runAfter: new Date(row.run_after),
        ownerId: row.owner_id,
        documentId: row.document_id,
        uniqueKey: row.unique_key ?? `migrated-task:${row.id}`,
      });
      await withTransaction(target, async (client) => {
        if (row.document_id) {
          // The document waits for this task: it follows it to its new id, and is queued again if it was
          // being processed when the embedded process stopped.
          await client.query(
            `UPDATE documents SET task_id = $1,
               status = CASE WHEN status = 'processing' THEN 'queued' ELSE status END,
               stage = CASE WHEN status = 'processing' THEN NULL ELSE stage END
             WHERE id = $2 AND task_id = $3`,
            [task.id, row.document_id, row.id],
          );
        }
        await writeCheckpoint(client, CHECKPOINT, row.seq, 1, false);
      });
      lastKey = row.seq;
      result.requeued += 1;
    }
    if (rows.length < BATCH) break;
  }
  await withTransaction(target, (client) => writeCheckpoint(client, CHECKPOINT, lastKey, 0, true));
  return result;
}
