import type { DocumentRecord, ScanSummary } from '../ingest/document.types.js';
import type { Task } from '../jobs/job.types.js';

/**
 * Everything Sift announces while it works; the live event feed relays them to the clients allowed to see
 * them. Events that carry no whole task or document carry their owner (and collection), so that the feed
 * decides visibility without a store read per event and client.
 */
export type SiftEvent =
  | { type: 'task.created'; task: Task }
  | { type: 'task.started'; task: Task }
  | { type: 'task.progress'; taskId: string; ownerId: string | null; progress: number; stage: string | null }
  | { type: 'task.succeeded'; task: Task }
  | { type: 'task.retrying'; task: Task }
  | { type: 'task.failed'; task: Task }
  | { type: 'task.dead'; task: Task }
  | { type: 'task.cancelled'; task: Task }
  | { type: 'document.created'; document: DocumentRecord }
  | {
      type: 'document.progress';
      documentId: string;
      ownerId: string;
      collectionId: string | null;
      stage: string | null;
      progress: number;
    }
  /** `timings`: milliseconds per pipeline stage of the attempt that finished it (analytics). */
  | { type: 'document.processed'; document: DocumentRecord; timings?: StageTimings }
  | { type: 'document.failed'; document: DocumentRecord }
  | { type: 'document.deleted'; documentId: string; ownerId: string; collectionId: string | null }
  | { type: 'search.space_switched'; from: string | null; to: string }
  | { type: 'source.scanned'; sourceId: string; ownerId: string; collectionId: string; summary: ScanSummary }
  /** A backup finished (scheduled, API or CLI); admins are told. */
  | { type: 'backup.completed'; backupId: string; file: string; bytes: number; durationMs: number }
  | { type: 'backup.failed'; backupId: string; code: string; message: string }
  /** A notification was stored for one user (pushed to that user's live stream only). */
  | { type: 'notification.created'; userId: string; notification: NotificationEventPayload };

/** The ingest pipeline stages timed per document. */
export type PipelineStage = 'extract' | 'chunk' | 'embed' | 'index';
export type StageTimings = Partial<Record<PipelineStage, number>>;

/** What the live stream carries of a new notification. */
export interface NotificationEventPayload {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  createdAt: string;
}

export type SiftEventType = SiftEvent['type'];

/**
 * Fire-and-forget publication of domain events. Delivery is best effort (a listener that throws does not
 * affect the publisher); durable state always lives in the stores, events only tell that it changed.
 */
export interface EventBus {
  publish(event: SiftEvent): void;
  /** Listens to every event; returns the function that stops listening. */
  subscribe(listener: (event: SiftEvent) => void): () => void;
}
