import type { EventBus } from '../ports/event-bus.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { DocumentService } from './document.service.js';

/**
 * Keeps a document's status in step with its ingest task when the task ends outside the pipeline's own
 * bookkeeping: cancelled by a user, dead-lettered, failed as a poison pill, or revived by a retry. The
 * pipeline records what it sees itself; this covers what it cannot (it is not running, or was aborted).
 * Events are best effort and per process, so `DocumentService.reconcile` sweeps whatever is missed.
 */
export function syncDocumentsWithTasks(
  events: EventBus,
  documents: DocumentService,
  logger: Logger,
): () => void {
  return events.subscribe((event) => {
    if (!('task' in event) || event.task.type !== 'document.ingest' || !event.task.documentId) return;
    const { task } = event;
    const documentId = event.task.documentId;
    let work: Promise<unknown> | null = null;
    if (event.type === 'task.failed' || event.type === 'task.dead' || event.type === 'task.cancelled') {
      work = documents.failWithTask(documentId, task);
    } else if (event.type === 'task.created' && task.attempts === 0) {
      work = documents.requeueForTask(documentId, task);
    }
    work?.catch((err: unknown) =>
      logger.warn({ err, documentId, taskId: task.id }, 'could not bring a document in step with its task'),
    );
  });
}
