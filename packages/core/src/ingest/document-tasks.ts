import { AppError } from '../errors.js';
import type { TaskService } from '../jobs/task.service.js';
import type { QueueName, Task } from '../jobs/job.types.js';
import type { EventBus } from '../ports/event-bus.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { DocumentRecord } from './document.types.js';
import type { FileCategory } from './extraction.types.js';

/** Where each category's processing runs (the spec: audio high, documents default, images low, archives batch). */
export type CategoryQueues = Record<FileCategory, QueueName>;

export const DEFAULT_CATEGORY_QUEUES: CategoryQueues = {
  audio: 'high',
  document: 'default',
  image: 'low',
  archive: 'low',
};

/** How long reprocess waits for the task that just finished a document to be marked finished itself. */
const REPROCESS_WAIT_MS = 10_000;
const REPROCESS_POLL_MS = 50;

export interface DocumentTasksDeps {
  metadata: MetadataStore;
  tasks: TaskService;
  events: EventBus;
  queues: CategoryQueues;
}

/**
 * A document's ingest task and its status kept in step: queueing (one live ingest per document), the wait
 * before a reprocess, and the repairs for tasks that ended outside the pipeline (cancelled, dead, lost).
 * Kept apart from DocumentService, whose use cases decide *whether* to queue; this decides *how*.
 */
export class DocumentTasks {
  constructor(private readonly deps: DocumentTasksDeps) {}

  async enqueue(doc: DocumentRecord): Promise<{ document: DocumentRecord; task: Task }> {
    const task = await this.deps.tasks.enqueue(
      'document.ingest',
      { documentId: doc.id },
      {
        queue: this.deps.queues[doc.category],
        documentId: doc.id,
        ownerId: doc.ownerId,
        // One live ingest per document: a second upload or reprocess joins the running one.
        uniqueKey: `ingest:${doc.id}`,
      },
    );
    const document =
      (await this.deps.metadata.documents.update(doc.id, {
        taskId: task.id,
        status: 'queued',
        stage: null,
        progress: 0,
        errorCode: null,
        errorMessage: null,
      })) ?? doc;
    return { document, task };
  }

  /** Queues a fresh ingest of a document, after the task that just finished it (if any) is marked finished. */
  async requeue(doc: DocumentRecord): Promise<{ document: DocumentRecord; task: Task }> {
    // A document is marked processed (or failed) a moment before its task is marked finished. Joining that
    // task would reprocess nothing: wait for it to end, then queue a fresh one (one live ingest per document).
    const finished = doc.status === 'processed' || doc.status === 'failed';
    for (let waited = 0; ; waited += REPROCESS_POLL_MS) {
      const live = finished && doc.taskId ? await this.deps.tasks.find(doc.taskId).catch(() => null) : null;
      if (!live || (live.status !== 'running' && live.status !== 'pending')) break;
      if (waited >= REPROCESS_WAIT_MS) {
        throw new AppError('DOCUMENT_BUSY', 'conflict', `document ${doc.id} is still finishing; try again`, {
          details: { id: doc.id },
          retryable: true,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, REPROCESS_POLL_MS));
    }
    return this.enqueue(doc);
  }

  /**
   * Repairs documents left queued or processing whose task no longer works on them (start-up and periodic
   * sweeps): without a task, or with one that succeeded without saving (a crash between the row and its
   * task), they are queued again; with a task that ended failed, dead or cancelled, they fail with the
   * task's error (TASK_CANCELLED for a cancelled one), so no document says "processing" forever.
   */
  async reconcile(): Promise<{ requeued: number; failed: number }> {
    const counts = { requeued: 0, failed: 0 };
    let cursor: string | undefined;
    do {
      const page = await this.deps.metadata.documents.list({
        status: ['queued', 'processing'],
        limit: 200,
        cursor,
      });
      for (const doc of page.items) {
        const task = doc.taskId ? await this.deps.tasks.find(doc.taskId).catch(() => null) : null;
        // The row was read before the task: a task that succeeded since (another worker, another process)
        // has saved the document by now. Only a row still waiting on that succeeded task was left unsaved.
        if (task?.status === 'succeeded' && !(await this.stillWaitingOn(doc.id, task.id))) continue;
        if (!task || task.status === 'succeeded') {
          await this.enqueue(doc);
          counts.requeued += 1;
        } else if (task.status !== 'pending' && task.status !== 'running') {
          if (await this.failWithTask(doc.id, task)) counts.failed += 1;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return counts;
  }

  /**
   * Marks a queued or processing document failed because its task ended without processing it (failed,
   * dead, cancelled). A document that moved on (processed, or owned by a newer task) is left alone.
   */
  async failWithTask(documentId: string, task: Task): Promise<DocumentRecord | null> {
    const doc = await this.deps.metadata.documents.get(documentId);
    if (!doc || doc.taskId !== task.id || (doc.status !== 'queued' && doc.status !== 'processing'))
      return null;
    const cancelled = task.status === 'cancelled';
    const updated = await this.deps.metadata.documents.update(doc.id, {
      status: 'failed',
      stage: null,
      errorCode: cancelled ? 'TASK_CANCELLED' : (task.error?.code ?? 'TASK_FAILED'),
      errorMessage: cancelled
        ? 'processing was cancelled'
        : (task.error?.message ?? `its task ended ${task.status}`),
    });
    if (updated) this.deps.events.publish({ type: 'document.failed', document: updated });
    return updated;
  }

  /** A failed document whose task was retried by hand is queued again. */
  async requeueForTask(documentId: string, task: Task): Promise<void> {
    const doc = await this.deps.metadata.documents.get(documentId);
    if (!doc || doc.taskId !== task.id || doc.status !== 'failed') return;
    await this.deps.metadata.documents.update(doc.id, {
      status: 'queued',
      stage: null,
      progress: 0,
      errorCode: null,
      errorMessage: null,
    });
  }

  private async stillWaitingOn(documentId: string, taskId: string): Promise<boolean> {
    const doc = await this.deps.metadata.documents.get(documentId);
    return !!doc && doc.taskId === taskId && (doc.status === 'queued' || doc.status === 'processing');
  }
}
