import { randomUUID } from 'node:crypto';
import type { AnalyticsEvent } from '../ports/analytics-repository.port.js';
import type { SiftEvent, StageTimings } from '../ports/event-bus.port.js';
import { documentTypeFamily } from './type-family.js';

/**
 * Analytics events are kept this long, then pruned (a fixed window, not a setting): a little over the longest
 * range a view may ask for (366 days), so a year-on-year view is always whole.
 */
export const ANALYTICS_RETENTION_DAYS = 400;

const EMPTY = {
  documentId: null,
  typeFamily: null,
  stages: null,
  durationMs: null,
  found: null,
  errorCode: null,
} as const;

const whole = (ms: number | null | undefined) =>
  ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0 ? null : Math.round(ms);

/**
 * The analytics event a bus event stands for, or null. The key names the happening, so that a second
 * publication of one occurrence derives the same key and the store keeps one row:
 * - `document.created` of a top-level document is an upload, once per document (archive members and
 *   attachments are not uploads; they count when processed, as documents of their own);
 * - `document.processed` / `document.failed` once per document and processing task (a document re-ingested
 *   later is processed by a new task, and counts again; a task run again after a crash does not).
 */
export function analyticsEventOf(event: SiftEvent): AnalyticsEvent | null {
  switch (event.type) {
    case 'document.created': {
      const d = event.document;
      if (d.parentDocumentId !== null) return null;
      return {
        ...EMPTY,
        key: `upload:${d.id}`,
        kind: 'upload',
        occurredAt: d.createdAt,
        userId: d.ownerId,
        documentId: d.id,
        typeFamily: documentTypeFamily(d.contentType, d.category),
      };
    }
    case 'document.processed': {
      const d = event.document;
      const at = d.processedAt ?? d.updatedAt;
      return {
        ...EMPTY,
        key: `document.processed:${d.id}:${d.taskId ?? at}`,
        kind: 'document.processed',
        occurredAt: at,
        userId: d.ownerId,
        documentId: d.id,
        typeFamily: documentTypeFamily(d.contentType, d.category),
        stages: stagesOf(event.timings),
        durationMs: whole(d.processingMs),
      };
    }
    case 'document.failed': {
      const d = event.document;
      return {
        ...EMPTY,
        key: `document.failed:${d.id}:${d.taskId ?? d.updatedAt}`,
        kind: 'document.failed',
        occurredAt: d.updatedAt,
        userId: d.ownerId,
        documentId: d.id,
        typeFamily: documentTypeFamily(d.contentType, d.category),
        errorCode: d.errorCode,
      };
    }
    default:
      return null;
  }
}

/** A question answered: recorded where the answer is produced, once (no bus involved), so a fresh key. */
export function questionEvent(input: {
  userId: string | null;
  found: boolean;
  durationMs: number;
  at?: Date;
}): AnalyticsEvent {
  return {
    ...EMPTY,
    key: `question:${randomUUID()}`,
    kind: 'question',
    occurredAt: (input.at ?? new Date()).toISOString(),
    userId: input.userId,
    found: input.found,
    durationMs: whole(input.durationMs),
  };
}

function stagesOf(timings: StageTimings | undefined): StageTimings | null {
  if (!timings) return null;
  const stages: StageTimings = {};
  for (const stage of ['extract', 'chunk', 'embed', 'index'] as const) {
    const ms = whole(timings[stage]);
    if (ms !== null) stages[stage] = ms;
  }
  return Object.keys(stages).length > 0 ? stages : null;
}
