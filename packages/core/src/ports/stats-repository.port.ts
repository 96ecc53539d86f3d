import type { DocumentStatus } from '../ingest/document.types.js';
import type { FileCategory } from '../ingest/extraction.types.js';
import type { DocumentAccess } from '../search/search.types.js';

/**
 * A time window cut into equal buckets: `[from, to)`, bucket `i` covering `[from + i·bucketMs, from +
 * (i+1)·bucketMs)`. `to - from` is a whole number of buckets.
 */
export interface StatsWindow {
  /** ISO-8601, inclusive. */
  from: string;
  /** ISO-8601, exclusive. */
  to: string;
  bucketMs: number;
}

/** What the documents a principal may read are, now (not windowed). */
export interface DocumentCounts {
  total: number;
  /** Sum of the documents' sizes (archive members count with their own bytes). */
  totalBytes: number;
  byStatus: Record<DocumentStatus, number>;
  byCategory: Record<FileCategory, number>;
  /** Every content type present, most documents first (ties by type). */
  byContentType: { contentType: string; count: number }[];
}

/** Ingest in one bucket; `start` is the bucket's start (ISO-8601). */
export interface IngestBucket {
  start: string;
  /** Documents uploaded (created) in the bucket. */
  uploaded: number;
  /** Documents whose latest processing finished in the bucket. */
  processed: number;
  /** Documents that are failed now and last changed in the bucket (when their processing gave up). */
  failed: number;
}

/** Searches in one bucket. */
export interface SearchBucket {
  start: string;
  searches: number;
  /** Searches that returned no hit. */
  zeroResults: number;
}

/**
 * Latency of the searches in a window, by the nearest-rank method (the value at rank ⌈p·n⌉ of the n latencies
 * sorted ascending, so every percentile is a latency that occurred). All null when there was no search.
 */
export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** Rounded to 0.1 ms. */
  mean: number | null;
}

/** A query that found nothing, grouped case-insensitively after trimming. */
export interface ZeroResultQuery {
  /** The trimmed, lower-cased query. */
  query: string;
  count: number;
  /** ISO-8601 of its latest occurrence in the window. */
  lastSeenAt: string;
}

/**
 * Aggregates over existing records for dashboards, computed by the store (never by loading the rows). Part of
 * the MetadataStore. Every method takes the restriction to apply inside its query: `access` is the principal's
 * document reach (null: every document, `Access.documentFilter`), `userId` the owner of the searches to count
 * (null: everyone's, `Access.ownerFilter`).
 *
 * Series are sparse: only buckets with at least one count are returned, oldest first; events outside the
 * window are not counted. Archive members and attachments count as documents of their own.
 */
export interface StatsRepository {
  documentCounts(access: DocumentAccess | null): Promise<DocumentCounts>;
  ingestSeries(access: DocumentAccess | null, window: StatsWindow): Promise<IngestBucket[]>;
  searchSeries(userId: string | null, window: StatsWindow): Promise<SearchBucket[]>;
  searchLatency(userId: string | null, window: StatsWindow): Promise<LatencySummary>;
  /** Up to `limit` queries without hits, most frequent first, then the most recently seen. */
  zeroResultQueries(userId: string | null, window: StatsWindow, limit: number): Promise<ZeroResultQuery[]>;
}
