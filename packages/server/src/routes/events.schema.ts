import type { LiveMessage } from '@sift/core';
import { z } from 'zod';
import { DocumentSchema, toDocumentResponse } from './documents.schema.js';
import { TaskSchema, toTaskResponse } from './tasks.schema.js';

const id = z
  .string()
  .describe('Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id`');
const TASK_EVENTS = [
  'task.created',
  'task.started',
  'task.succeeded',
  'task.retrying',
  'task.failed',
  'task.dead',
  'task.cancelled',
] as const;
const DOCUMENT_EVENTS = ['document.created', 'document.processed', 'document.failed'] as const;

/**
 * One message of `GET /api/v1/events`: `{id, type, …}` with the task or document as the REST API shows it.
 * `ready` ends the replay; `resync` means events were missed (`expired`: the last id is older than the
 * replay buffer; `unknown`: from another server run or process; `overflow`: the client read too slowly) and
 * the client must refetch what it shows.
 */
export const LiveEventSchema = z
  .discriminatedUnion('type', [
    z.object({ id, type: z.enum(TASK_EVENTS), task: TaskSchema }),
    z.object({
      id,
      type: z.literal('task.progress'),
      task_id: z.string(),
      progress: z.number().min(0).max(1),
      stage: z.string().nullable(),
    }),
    z.object({ id, type: z.enum(DOCUMENT_EVENTS), document: DocumentSchema }),
    z.object({
      id,
      type: z.literal('document.progress'),
      document_id: z.string(),
      collection_id: z.string().nullable(),
      stage: z.string().nullable(),
      progress: z.number().min(0).max(1),
    }),
    z.object({
      id,
      type: z.literal('document.deleted'),
      document_id: z.string(),
      collection_id: z.string().nullable(),
    }),
    z.object({
      id,
      type: z.literal('search.space_switched'),
      from: z.string().nullable(),
      to: z.string(),
    }),
    z.object({
      id,
      type: z.literal('source.scanned'),
      source_id: z.string(),
      collection_id: z.string(),
      summary: z.object({
        added: z.number(),
        changed: z.number(),
        removed: z.number(),
        unchanged: z.number(),
        failed: z.number(),
      }),
    }),
    z.object({
      id,
      type: z.literal('backup.completed'),
      backup_id: z.string(),
      file: z.string(),
      bytes: z.number(),
      duration_ms: z.number(),
    }),
    z.object({
      id,
      type: z.literal('backup.failed'),
      backup_id: z.string(),
      code: z.string(),
      message: z.string(),
    }),
    z.object({
      id,
      type: z.literal('notification.created'),
      notification: z.object({
        id: z.string(),
        kind: z.string(),
        title: z.string(),
        body: z.string().nullable(),
        link: z.string().nullable(),
        created_at: z.string(),
      }),
    }),
    z.object({ id, type: z.literal('ready') }),
    z.object({ id, type: z.literal('resync'), reason: z.enum(['expired', 'unknown', 'overflow']) }),
  ])
  .meta({ id: 'LiveEvent' });

export type LiveEventResponse = z.infer<typeof LiveEventSchema>;

/** Query of `GET /api/v1/events`. */
export const EventsQuerySchema = z.object({
  last_event_id: z
    .string()
    .max(100)
    .optional()
    .describe('Resume after this event (WebSocket; for server-sent events the `Last-Event-ID` header wins)'),
});

/** The wire shape of a feed message: snake_case, the task and document mapped as their REST routes do. */
export function toLiveEventResponse({ id, event }: LiveMessage): LiveEventResponse {
  switch (event.type) {
    case 'task.created':
    case 'task.started':
    case 'task.succeeded':
    case 'task.retrying':
    case 'task.failed':
    case 'task.dead':
    case 'task.cancelled':
      return { id, type: event.type, task: toTaskResponse(event.task) };
    case 'task.progress':
      return { id, type: event.type, task_id: event.taskId, progress: event.progress, stage: event.stage };
    case 'document.created':
    case 'document.processed':
    case 'document.failed':
      return { id, type: event.type, document: toDocumentResponse(event.document) };
    case 'document.progress':
      return {
        id,
        type: event.type,
        document_id: event.documentId,
        collection_id: event.collectionId,
        stage: event.stage,
        progress: event.progress,
      };
    case 'document.deleted':
      return { id, type: event.type, document_id: event.documentId, collection_id: event.collectionId };
    case 'search.space_switched':
      return { id, type: event.type, from: event.from, to: event.to };
    case 'source.scanned':
      return {
        id,
        type: event.type,
        source_id: event.sourceId,
        collection_id: event.collectionId,
        summary: { ...event.summary },
      };
    case 'backup.completed':
      return {
        id,
        type: event.type,
        backup_id: event.backupId,
        file: event.file,
        bytes: event.bytes,
        duration_ms: event.durationMs,
      };
    case 'backup.failed':
      return { id, type: event.type, backup_id: event.backupId, code: event.code, message: event.message };
    case 'notification.created': {
      const { createdAt, ...rest } = event.notification;
      return { id, type: event.type, notification: { ...rest, created_at: createdAt } };
    }
    case 'ready':
      return { id, type: 'ready' };
    case 'resync':
      return { id, type: 'resync', reason: event.reason };
  }
}

// Every client that may see an event is sent the same text: map and stringify it once. Control messages are
// made per client and not worth remembering.
const serialized = new WeakMap<object, { id: string; text: string }>();

/** The JSON text of a feed message, computed once per event for all its clients. */
export function serializeLiveMessage(message: LiveMessage): string {
  const { event } = message;
  if (event.type === 'ready' || event.type === 'resync') return JSON.stringify(toLiveEventResponse(message));
  const known = serialized.get(event);
  // The id is checked too: a publisher could hand the same object to the bus twice.
  if (known?.id === message.id) return known.text;
  const text = JSON.stringify(toLiveEventResponse(message));
  serialized.set(event, { id: message.id, text });
  return text;
}
