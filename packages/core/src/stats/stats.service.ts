import type { Access } from '../auth/access.js';
import type {
  DocumentCounts,
  IngestBucket,
  LatencySummary,
  SearchBucket,
  StatsRepository,
  ZeroResultQuery,
} from '../ports/stats-repository.port.js';
import { denseSeries, resolveStatsWindow, type StatsBucket } from './stats-window.js';

/** What a dashboard asks for. */
export interface DashboardQuery {
  /** `24h`, `7d`, `30d` … (see parseStatsRange). */
  range: string;
  /** Defaults to hours up to 48h, days past it. */
  bucket?: StatsBucket;
  /** How many zero-result queries to list (default 10). */
  top?: number;
  /** The clock (tests); defaults to now. */
  now?: Date;
}

/** Aggregates for the dashboard, each over what the principal may see. */
export interface DashboardStats {
  range: string;
  bucket: StatsBucket;
  /** The window of the series, ISO-8601: `from` inclusive, `to` exclusive (the end of the current bucket). */
  from: string;
  to: string;
  /**
   * Whose records were counted: every document or the readable ones; every search (unrestricted admins and
   * the operator) or the principal's own.
   */
  scope: { documents: 'all' | 'readable'; searches: 'all' | 'own' };
  documents: DocumentCounts;
  ingest: { uploaded: number; processed: number; failed: number; series: IngestBucket[] };
  search: {
    searches: number;
    zeroResults: number;
    latencyMs: LatencySummary;
    series: SearchBucket[];
    topZeroResultQueries: ZeroResultQuery[];
  };
}

const DEFAULT_TOP = 10;

/**
 * The dashboard of one principal, computed by the store inside its queries: documents it may read
 * (`Access.documentFilter`: admins all, others their own and those of collections they reach, a restricted
 * key its collections), searches it owns (`Access.ownerFilter`: unrestricted admins everyone's). Tasks are not
 * counted here: a user's pending work shows as documents by status, and queue health is the admin's
 * `system/status`.
 */
export async function dashboardStats(
  stats: StatsRepository,
  access: Access,
  query: DashboardQuery,
): Promise<DashboardStats> {
  access.require('read');
  const resolved = resolveStatsWindow(query.range, query.bucket, query.now ?? new Date());
  const { window } = resolved;
  const readable = access.documentFilter;
  const searcher = access.ownerFilter;
  const [documents, ingest, searches, latencyMs, topZeroResultQueries] = await Promise.all([
    stats.documentCounts(readable),
    stats.ingestSeries(readable, window),
    stats.searchSeries(searcher, window),
    stats.searchLatency(searcher, window),
    stats.zeroResultQueries(searcher, window, query.top ?? DEFAULT_TOP),
  ]);
  const sum = <T>(rows: readonly T[], pick: (row: T) => number) => rows.reduce((n, row) => n + pick(row), 0);
  return {
    range: query.range,
    bucket: resolved.bucket,
    from: window.from,
    to: window.to,
    scope: { documents: readable ? 'readable' : 'all', searches: searcher === null ? 'all' : 'own' },
    documents,
    ingest: {
      uploaded: sum(ingest, (b) => b.uploaded),
      processed: sum(ingest, (b) => b.processed),
      failed: sum(ingest, (b) => b.failed),
      series: denseSeries(resolved, ingest, (start) => ({ start, uploaded: 0, processed: 0, failed: 0 })),
    },
    search: {
      searches: sum(searches, (b) => b.searches),
      zeroResults: sum(searches, (b) => b.zeroResults),
      latencyMs,
      series: denseSeries(resolved, searches, (start) => ({ start, searches: 0, zeroResults: 0 })),
      topZeroResultQueries,
    },
  };
}
