import { QUEUE_NAMES, type JobQueue, type NewTask, type QueueName, type Task } from '@sift/core';

/** Creates a fresh, empty queue for one test, and removes whatever it created afterwards. */
export type JobQueueFactory = () => Promise<{ queue: JobQueue; cleanup(): Promise<void> }>;

/** What the cases of a contract suite see: the queue of the running test. */
export interface QueueFixture {
  readonly queue: JobQueue;
}

/** A minimal valid task; tests override only what they are about. */
export function newTask(overrides: Partial<NewTask> = {}): NewTask {
  return { type: 'test.job', queue: 'default', payload: {}, ...overrides };
}

/** Claims from every queue (unless told otherwise) with a lease long enough not to expire during a test. */
export function claimAs(
  queue: JobQueue,
  workerId: string,
  options: { leaseMs?: number; queues?: readonly QueueName[] } = {},
): Promise<Task | null> {
  return queue.claim({ workerId, queues: options.queues ?? QUEUE_NAMES, leaseMs: options.leaseMs ?? 60_000 });
}

/** Claims the one runnable task and fails the test if there is none. */
export async function claimOrThrow(queue: JobQueue, workerId: string, leaseMs?: number): Promise<Task> {
  const task = await claimAs(queue, workerId, { leaseMs });
  if (!task) throw new Error(`expected ${workerId} to claim a task`);
  return task;
}

/** Whether `iso` is a valid ISO-8601 timestamp between the two epoch-ms bounds (inclusive). */
export function isoWithin(iso: string | null, from: number, to: number): boolean {
  if (iso === null) return false;
  const ms = Date.parse(iso);
  return new Date(ms).toISOString() === iso && ms >= from && ms <= to;
}
