import type { PipelineStage, StageTimings } from './event-bus.port.js';
import type { StatsWindow } from './stats-repository.port.js';

/** What happened, as the analytics table records it. */
export const ANALYTICS_EVENT_KINDS = ['upload', 'document.processed', 'document.failed', 'question'] as const;
export type AnalyticsEventKind = (typeof ANALYTICS_EVENT_KINDS)[number];

/** Coarse document types: a bounded set, so a chart has a handful of series whatever gets uploaded. */
export const DOCUMENT_TYPE_FAMILIES = [
  'pdf',
  'word',
  'spreadsheet',
  'presentation',
  'text',
  'html',
  'email',
  'image',
  'audio',
  'archive',
  'other',
] as const;
export type DocumentTypeFamily = (typeof DOCUMENT_TYPE_FAMILIES)[number];

/** One thing that happened, kept for analytics after the records it describes changed or were deleted. */
export interface AnalyticsEvent {
  /**
   * Names the happening, not the row: every copy of one event (each API node hears each pub/sub event)
   * carries the same key, and the store keeps only the first.
   */
  key: string;
  kind: AnalyticsEventKind;
  /** ISO-8601. */
  occurredAt: string;
  /** Who did it: the uploader (the document's owner) or the asker; null when unknown. */
  userId: string | null;
  documentId: string | null;
  /** The document's type family (uploads and processed or failed documents). */
  typeFamily: DocumentTypeFamily | null;
  /** Milliseconds per pipeline stage (processed documents, when the pipeline timed them). */
  stages: StageTimings | null;
  /** Processing time of a processed document, or the answer time of a question (ms). */
  durationMs: number | null;
  /** Questions: whether the documents held an answer (false: the "not found" answer). */
  found: boolean | null;
  /** Failed documents: the stable error code. */
  errorCode: string | null;
}

/** Nearest-rank percentiles (the value at rank ⌈p·n⌉ of the n values sorted), null when there is none. */
export interface Percentiles {
  count: number;
  p50: number | null;
  p95: number | null;
}

/** Documents of one type family in one bucket. */
export interface DocumentTypeBucket {
  start: string;
  typeFamily: DocumentTypeFamily;
  uploaded: number;
  processed: number;
  failed: number;
}

/** Processing time of one pipeline stage (`total`: the whole processing) over a window. */
export interface StageDuration extends Percentiles {
  stage: PipelineStage | 'total';
}

/** Questions in one bucket. */
export interface QuestionBucket {
  start: string;
  asked: number;
  /** Answered with "not found". */
  notFound: number;
}

/** Search latency and zero-result count of one search mode over a window. */
export interface ModeLatency extends Percentiles {
  mode: string;
  zeroResults: number;
}

/** A query grouped case-insensitively after trimming. */
export interface TopQuery {
  query: string;
  count: number;
  /** How many of its searches found nothing. */
  zeroResults: number;
  lastSeenAt: string;
}

/** Distinct active users (searched, uploaded or asked) per bucket and over the whole window. */
export interface ActiveUsers {
  series: { start: string; users: number }[];
  total: number;
}

/** What one user did in a window. */
export interface UserActivity {
  userId: string;
  username: string | null;
  searches: number;
  questions: number;
  uploads: number;
  /** ISO-8601 of the latest of them. */
  lastActiveAt: string;
}

/**
 * The analytics table (`analytics_events`) and the aggregates over it and over the query log
 * (`search_queries`), computed by the store. Part of the MetadataStore. Methods that take `userId` count only
 * that user's events and searches (null: everyone's, for admins); the restriction is part of the query.
 * Series are sparse (buckets with at least one count), oldest first; the window is `[from, to)`.
 */
export interface AnalyticsRepository {
  /** Stores the event unless one with the same key exists; resolves to whether it was stored. */
  record(event: AnalyticsEvent): Promise<boolean>;
  /** Deletes the events that occurred before `before` (ISO-8601); resolves to how many. */
  prune(before: string): Promise<number>;
  /** Uploads, processed and failed documents per bucket and type family. */
  documentSeries(userId: string | null, window: StatsWindow): Promise<DocumentTypeBucket[]>;
  /** Percentiles of each stage's time over the documents processed in the window (stages never timed: absent). */
  stageDurations(userId: string | null, window: StatsWindow): Promise<StageDuration[]>;
  questionSeries(userId: string | null, window: StatsWindow): Promise<QuestionBucket[]>;
  questionLatency(userId: string | null, window: StatsWindow): Promise<Percentiles>;
  /** Per search mode present in the window, most searches first. */
  searchLatencyByMode(userId: string | null, window: StatsWindow): Promise<ModeLatency[]>;
  /** Up to `limit` queries, most frequent first, then the most recently seen. */
  topQueries(userId: string | null, window: StatsWindow, limit: number): Promise<TopQuery[]>;
  /** Everyone's: an admin view. */
  activeUsers(window: StatsWindow): Promise<ActiveUsers>;
  /** Up to `limit` users, the most active first (searches + questions + uploads), then the most recent. */
  userActivity(window: StatsWindow, limit: number): Promise<UserActivity[]>;
}
