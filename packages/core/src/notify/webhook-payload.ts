import type { SiftEvent } from '../ports/event-bus.port.js';
import type { DocumentRecord } from '../ingest/document.types.js';
import type { Task } from '../jobs/job.types.js';
import type { WebhookEventType } from './notify.types.js';

/**
 * The `data` of a webhook body: the event's facts in the API's snake_case, without the internals a receiver
 * has no use for (task payloads, stack traces, document metadata).
 */
export function webhookData(event: Extract<SiftEvent, { type: WebhookEventType }>): Record<string, unknown> {
  switch (event.type) {
    case 'document.created':
    case 'document.processed':
    case 'document.failed':
      return { document: documentData(event.document) };
    case 'document.deleted':
      return {
        document_id: event.documentId,
        owner_id: event.ownerId,
        collection_id: event.collectionId,
      };
    case 'source.scanned':
      return {
        source_id: event.sourceId,
        owner_id: event.ownerId,
        collection_id: event.collectionId,
        summary: event.summary,
      };
    case 'search.space_switched':
      return { from: event.from, to: event.to };
    case 'task.failed':
    case 'task.dead':
      return { task: taskData(event.task) };
    case 'backup.completed':
      return {
        backup_id: event.backupId,
        file: event.file,
        bytes: event.bytes,
        duration_ms: event.durationMs,
      };
    case 'backup.failed':
      return { backup_id: event.backupId, code: event.code, message: event.message };
  }
}

/**
 * A key that names this occurrence of the event the same way in every process, so that a webhook gets one
 * delivery of it; null when the event carries nothing stable (the caller then makes one up).
 */
export function eventKey(event: Extract<SiftEvent, { type: WebhookEventType }>): string | null {
  switch (event.type) {
    case 'document.created':
    case 'document.processed':
    case 'document.failed':
      return `${event.type}:${event.document.id}:${event.document.updatedAt}`;
    case 'document.deleted':
      return `${event.type}:${event.documentId}`;
    case 'task.failed':
    case 'task.dead':
      return `${event.type}:${event.task.id}:${event.task.attempts}`;
    case 'search.space_switched':
      return `${event.type}:${event.to}`;
    case 'backup.completed':
    case 'backup.failed':
      return `${event.type}:${event.backupId}`;
    case 'source.scanned':
      return null;
  }
}

function documentData(d: DocumentRecord): Record<string, unknown> {
  return {
    id: d.id,
    owner_id: d.ownerId,
    collection_id: d.collectionId,
    folder_id: d.folderId,
    parent_document_id: d.parentDocumentId,
    filename: d.filename,
    content_type: d.contentType,
    category: d.category,
    size: d.size,
    sha256: d.sha256,
    status: d.status,
    error_code: d.errorCode,
    error_message: d.errorMessage,
    title: d.title,
    language: d.language,
    chunk_count: d.chunkCount,
    processing_ms: d.processingMs,
    uploaded_at: d.uploadedAt,
    processed_at: d.processedAt,
  };
}

function taskData(t: Task): Record<string, unknown> {
  return {
    id: t.id,
    type: t.type,
    status: t.status,
    attempts: t.attempts,
    max_attempts: t.maxAttempts,
    document_id: t.documentId,
    error: t.error ? { code: t.error.code, message: t.error.message } : null,
  };
}
