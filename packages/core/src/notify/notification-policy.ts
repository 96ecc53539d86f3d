import { randomUUID } from 'node:crypto';
import type { SiftEvent } from '../ports/event-bus.port.js';
import type { NotificationDraft } from './notify.types.js';

/** Successes of one user inside one window of this length share one notification. */
export const SUCCESS_WINDOW_MS = 15 * 60_000;

/**
 * Which events become whose notifications — the policy that keeps a bulk upload from flooding the bell:
 *
 * - a processed document joins its owner's "documents processed" notification of the current 15-minute
 *   window (one notification, counting its documents, re-opened if it was read since); archive members and
 *   attachments count with their parent only, never on their own;
 * - a failed document is always a notification of its own (failures need attention, one by one);
 * - a directory scan notifies its source's owner only when it added, changed, removed or failed something
 *   (periodic scans that found nothing are silent);
 * - a finished re-embedding (the serving vector space switched) and backups, done or failed, go to every
 *   active admin.
 *
 * Keys make storing idempotent: the same event handled twice adds nothing.
 */
export async function notificationDrafts(
  event: SiftEvent,
  adminIds: () => Promise<string[]>,
): Promise<NotificationDraft[]> {
  switch (event.type) {
    case 'document.processed': {
      const doc = event.document;
      if (doc.parentDocumentId !== null) return [];
      const at = Date.parse(doc.processedAt ?? doc.updatedAt);
      const window = Math.floor(at / SUCCESS_WINDOW_MS) * SUCCESS_WINDOW_MS;
      return [
        {
          userId: doc.ownerId,
          kind: 'documents.processed',
          key: `documents.processed:${window}`,
          item: doc.id,
          title: 'Documents processed',
          body: `Latest: ${doc.filename}`,
          link: doc.collectionId ? `/library?collection=${doc.collectionId}` : '/library',
        },
      ];
    }
    case 'document.failed': {
      const doc = event.document;
      return [
        {
          userId: doc.ownerId,
          kind: 'document.failed',
          key: `document.failed:${doc.id}:${doc.updatedAt}`,
          item: doc.id,
          title: `Processing failed: ${doc.filename}`,
          body: doc.errorMessage ?? doc.errorCode,
          link: `/documents/${doc.id}`,
        },
      ];
    }
    case 'source.scanned': {
      const s = event.summary;
      if (s.added + s.changed + s.removed + s.failed === 0) return [];
      // A scan has no id of its own; the event is handled once, by the process that published it.
      const scan = randomUUID();
      return [
        {
          userId: event.ownerId,
          kind: 'source.scanned',
          key: `source.scanned:${event.sourceId}:${scan}`,
          item: scan,
          title: 'Source scan finished',
          body: `${s.added} added, ${s.changed} changed, ${s.removed} removed, ${s.failed} failed`,
          link: `/library?collection=${event.collectionId}`,
        },
      ];
    }
    case 'search.space_switched':
      return (await adminIds()).map((userId) => ({
        userId,
        kind: 'reembed.finished',
        key: `reembed.finished:${event.to}`,
        item: event.to,
        title: 'Re-embedding finished',
        body: `Searches now use the vector space ${event.to}`,
        link: '/admin/system',
      }));
    case 'backup.completed':
      return (await adminIds()).map((userId) => ({
        userId,
        kind: 'backup.completed',
        key: `backup:${event.backupId}`,
        item: event.backupId,
        title: 'Backup completed',
        body: `${event.file} (${event.bytes} bytes, ${Math.round(event.durationMs / 1000)} s)`,
        link: null,
      }));
    case 'backup.failed':
      return (await adminIds()).map((userId) => ({
        userId,
        kind: 'backup.failed',
        key: `backup:${event.backupId}`,
        item: event.backupId,
        title: 'Backup failed',
        body: `${event.code}: ${event.message}`,
        link: null,
      }));
    default:
      return [];
  }
}
