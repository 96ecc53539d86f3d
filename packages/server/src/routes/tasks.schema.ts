import { QUEUE_NAMES, TASK_STATUSES, type Task } from '@sift/core';
import { z } from 'zod';
import { redactServerPaths } from '../redact-paths.js';

const timestamp = z.iso.datetime({ offset: true });

/** A task as the API shows it (snake_case of the core Task, minus the error's stack). */
export const TaskSchema = z
  .object({
    id: z.string(),
    type: z.string().describe('Job type, e.g. `system.noop`'),
    queue: z.enum(QUEUE_NAMES),
    priority: z.number().int().describe('Higher runs first within a queue'),
    status: z.enum(TASK_STATUSES),
    attempts: z.number().int(),
    max_attempts: z.number().int(),
    interruptions: z
      .number()
      .int()
      .describe('Attempts that stalled or killed their worker; at two the task fails as a poison pill'),
    payload: z.unknown(),
    result: z.unknown().describe('What the handler returned, once succeeded'),
    error: z
      .object({ code: z.string(), message: z.string(), retryable: z.boolean() })
      .nullable()
      .describe('The last failed attempt'),
    progress: z.number().min(0).max(1),
    stage: z.string().nullable(),
    owner_id: z.string().nullable(),
    document_id: z.string().nullable(),
    unique_key: z.string().nullable(),
    worker_id: z.string().nullable(),
    run_after: timestamp,
    lease_until: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
    started_at: timestamp.nullable(),
    finished_at: timestamp.nullable(),
  })
  .meta({ id: 'Task' });

/** The API shape of a task. */
export type TaskResponse = z.infer<typeof TaskSchema>;

/**
 * A filter value given as `a,b` or as a repeated parameter (`?status=a&status=b`), or both; each item must pass
 * `item`. The accepted values go in the description, since the documented (input) schema is plain strings.
 */
function multiValue<T extends z.ZodType<string, string>>(item: T, description: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .pipe(z.array(item))
    .optional()
    .describe(description);
}

const oneOf = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');

/** Query of `GET /api/v1/tasks`. */
export const ListTasksQuerySchema = z.object({
  status: multiValue(z.enum(TASK_STATUSES), `Comma-separated statuses: ${oneOf(TASK_STATUSES)}`),
  type: multiValue(z.string().max(200), 'Comma-separated job types, e.g. `system.noop`'),
  queue: multiValue(z.enum(QUEUE_NAMES), `Comma-separated queues: ${oneOf(QUEUE_NAMES)}`),
  document_id: z.string().min(1).optional().describe('Only tasks of this document'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size'),
  cursor: z.string().min(1).max(1000).optional().describe('`next_cursor` of the previous page'),
});

/** One page of tasks. */
export const TaskPageSchema = z.object({
  items: z.array(TaskSchema).describe('Newest first'),
  next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});

/** `:id` of the task routes; any string, since the id format belongs to the queue backend. */
export const TaskParamsSchema = z.object({ id: z.string().min(1).max(200) });

/** The API shape of a task: snake_case, and without the stack of the last error (that stays in the logs). */
export function toTaskResponse(task: Task): TaskResponse {
  return {
    id: task.id,
    type: task.type,
    queue: task.queue,
    priority: task.priority,
    status: task.status,
    attempts: task.attempts,
    max_attempts: task.maxAttempts,
    interruptions: task.interruptions,
    payload: task.payload,
    result: task.result,
    error: task.error && {
      code: task.error.code,
      // Task errors name temp files, tools and model dirs for the operator's log; clients see no server paths.
      message: redactServerPaths(task.error.message),
      retryable: task.error.retryable,
    },
    progress: task.progress,
    stage: task.stage,
    owner_id: task.ownerId,
    document_id: task.documentId,
    unique_key: task.uniqueKey,
    worker_id: task.workerId,
    run_after: task.runAfter,
    lease_until: task.leaseUntil,
    created_at: task.createdAt,
    updated_at: task.updatedAt,
    started_at: task.startedAt,
    finished_at: task.finishedAt,
  };
}
