import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../ingest/document.types.js';
import { analyticsEventOf, questionEvent } from './analytics-events.js';

const doc = (extra: Partial<DocumentRecord> = {}): DocumentRecord =>
  ({
    id: 'd1',
    ownerId: 'u1',
    collectionId: null,
    parentDocumentId: null,
    contentType: 'application/pdf',
    category: 'document',
    status: 'processed',
    errorCode: null,
    processingMs: 1234.4,
    taskId: 't1',
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:05:00.000Z',
    processedAt: '2025-03-01T10:04:00.000Z',
    ...extra,
  }) as DocumentRecord;

describe('analyticsEventOf', () => {
  it('makes an upload of a top-level document, once per document, and nothing of an archive member', () => {
    expect(analyticsEventOf({ type: 'document.created', document: doc() })).toMatchObject({
      key: 'upload:d1',
      kind: 'upload',
      occurredAt: '2025-03-01T10:00:00.000Z',
      userId: 'u1',
      documentId: 'd1',
      typeFamily: 'pdf',
    });
    expect(
      analyticsEventOf({ type: 'document.created', document: doc({ parentDocumentId: 'p' }) }),
    ).toBeNull();
  });

  it('keys processing by document and task, with whole-ms stage times and the processing time', () => {
    const event = analyticsEventOf({
      type: 'document.processed',
      document: doc(),
      timings: { extract: 10.6, chunk: 2, embed: Number.NaN, index: -1 },
    });
    expect(event).toMatchObject({
      key: 'document.processed:d1:t1',
      occurredAt: '2025-03-01T10:04:00.000Z',
      stages: { extract: 11, chunk: 2 },
      durationMs: 1234,
    });
    const untimed = analyticsEventOf({ type: 'document.processed', document: doc({ taskId: null }) });
    expect(untimed).toMatchObject({ key: 'document.processed:d1:2025-03-01T10:04:00.000Z', stages: null });
  });

  it('keeps the error code of a failure, keyed by its task', () => {
    expect(
      analyticsEventOf({
        type: 'document.failed',
        document: doc({ status: 'failed', errorCode: 'EMPTY_TEXT' }),
      }),
    ).toMatchObject({ key: 'document.failed:d1:t1', errorCode: 'EMPTY_TEXT', occurredAt: doc().updatedAt });
  });

  it('ignores every other event', () => {
    expect(analyticsEventOf({ type: 'search.space_switched', from: null, to: 'x' })).toBeNull();
  });
});

describe('questionEvent', () => {
  it('gives every question a key of its own', () => {
    const a = questionEvent({ userId: 'u1', found: false, durationMs: 99.6 });
    const b = questionEvent({ userId: 'u1', found: false, durationMs: 99.6 });
    expect(a).toMatchObject({ kind: 'question', userId: 'u1', found: false, durationMs: 100 });
    expect(a.key).not.toBe(b.key);
  });
});
