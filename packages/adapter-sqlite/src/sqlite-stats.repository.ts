import {
  AppError,
  type DocumentAccess,
  type DocumentCounts,
  type IngestBucket,
  type LatencySummary,
  type SearchBucket,
  type StatsRepository,
  type StatsWindow,
  type ZeroResultQuery,
} from '@sift/core';
import type { SqliteDatabase } from './sqlite-database.js';
import { buildDocumentFilter, type SqlFragment } from './sqlite-search-filter.js';
import { StatementCache } from './sqlite-statements.js';
import { iso, isoToMs } from './sqlite-time.js';

/** Epoch-ms bounds of a window, and the bucket of a timestamp column inside it (integer division). */
interface Bounds {
  from: number;
  to: number;
  bucketMs: number;
}

// Bound JS numbers arrive as REAL; integer division needs both operands INTEGER.
const bucketOf = (column: string) => `(${column} - CAST(? AS INTEGER)) / CAST(? AS INTEGER)`;

/**
 * Dashboard aggregates on the SQLite file. Everything is counted by SQL (GROUP BY, window functions), and the
 * principal's reach is a condition of each query, built by the same `buildDocumentFilter` the indexes use.
 * Timestamps are epoch ms, so a bucket is `(t - from) / bucketMs`.
 */
export class SqliteStatsRepository implements StatsRepository {
  private readonly sql: StatementCache;

  constructor(db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async documentCounts(access: DocumentAccess | null): Promise<DocumentCounts> {
    const f = readable(access);
    // At most 5 statuses × 4 categories × the content types present: a few dozen rows to fold.
    const rows = this.sql
      .get(
        `SELECT d.status, d.category, d.content_type AS contentType, count(*) AS n, sum(d.size) AS bytes
         FROM documents d WHERE ${f.sql} GROUP BY d.status, d.category, d.content_type`,
      )
      .all(...f.params) as {
      status: string;
      category: string;
      contentType: string;
      n: number;
      bytes: number;
    }[];
    const counts: DocumentCounts = {
      total: 0,
      totalBytes: 0,
      byStatus: { uploaded: 0, queued: 0, processing: 0, processed: 0, failed: 0 },
      byCategory: { document: 0, image: 0, audio: 0, archive: 0 },
      byContentType: [],
    };
    const byType = new Map<string, number>();
    for (const row of rows) {
      counts.total += row.n;
      counts.totalBytes += row.bytes;
      counts.byStatus[row.status as keyof DocumentCounts['byStatus']] += row.n;
      counts.byCategory[row.category as keyof DocumentCounts['byCategory']] += row.n;
      byType.set(row.contentType, (byType.get(row.contentType) ?? 0) + row.n);
    }
    counts.byContentType = [...byType]
      .map(([contentType, count]) => ({ contentType, count }))
      .sort((a, b) => b.count - a.count || a.contentType.localeCompare(b.contentType));
    return counts;
  }

  async ingestSeries(access: DocumentAccess | null, window: StatsWindow): Promise<IngestBucket[]> {
    const b = bounds(window);
    const f = readable(access);
    // One scan per event kind, each bounded by its own timestamp; a document may count in all three.
    const leg = (kind: number, column: string, extra = '') => ({
      sql: `SELECT ${bucketOf(column)} AS bucket, ${kind} AS kind FROM documents d
        WHERE ${f.sql} ${extra} AND ${column} >= ? AND ${column} < ?`,
      params: [b.from, b.bucketMs, ...f.params, b.from, b.to],
    });
    const legs = [
      leg(0, 'd.uploaded_at'),
      leg(1, 'd.processed_at'),
      leg(2, 'd.updated_at', `AND d.status = 'failed'`),
    ];
    const rows = this.sql
      .get(
        `SELECT bucket, sum(kind = 0) AS uploaded, sum(kind = 1) AS processed, sum(kind = 2) AS failed
         FROM (${legs.map((l) => l.sql).join(' UNION ALL ')}) GROUP BY bucket ORDER BY bucket`,
      )
      .all(...legs.flatMap((l) => l.params)) as {
      bucket: number;
      uploaded: number;
      processed: number;
      failed: number;
    }[];
    return rows.map(({ bucket, ...counts }) => ({ start: startOf(b, bucket), ...counts }));
  }

  async searchSeries(userId: string | null, window: StatsWindow): Promise<SearchBucket[]> {
    const b = bounds(window);
    const q = searches(userId, b);
    const rows = this.sql
      .get(
        `SELECT ${bucketOf('created_at')} AS bucket, count(*) AS searches, sum(results_count = 0) AS zeroResults
         FROM search_queries WHERE ${q.sql} GROUP BY bucket ORDER BY bucket`,
      )
      .all(b.from, b.bucketMs, ...q.params) as { bucket: number; searches: number; zeroResults: number }[];
    return rows.map(({ bucket, ...counts }) => ({ start: startOf(b, bucket), ...counts }));
  }

  async searchLatency(userId: string | null, window: StatsWindow): Promise<LatencySummary> {
    const q = searches(userId, bounds(window));
    // Nearest rank: the value at rank ⌈p·n⌉, written ⌈p·n/100⌉ = (p·n + 99) / 100 in integer arithmetic.
    const rank = (p: number) => `max(CASE WHEN rn = (${p} * n + 99) / 100 THEN latency_ms END)`;
    const row = this.sql
      .get(
        `WITH ranked AS (
           SELECT latency_ms, row_number() OVER (ORDER BY latency_ms) AS rn, count(*) OVER () AS n
           FROM search_queries WHERE ${q.sql}
         )
         SELECT count(*) AS count, ${rank(50)} AS p50, ${rank(95)} AS p95, ${rank(99)} AS p99,
           max(latency_ms) AS max, avg(latency_ms) AS mean
         FROM ranked`,
      )
      .get(...q.params) as LatencySummary;
    return { ...row, mean: row.mean === null ? null : Math.round(row.mean * 10) / 10 };
  }

  async zeroResultQueries(
    userId: string | null,
    window: StatsWindow,
    limit: number,
  ): Promise<ZeroResultQuery[]> {
    const q = searches(userId, bounds(window));
    const rows = this.sql
      .get(
        `SELECT lower(trim(query)) AS query, count(*) AS count, max(created_at) AS lastSeen
         FROM search_queries WHERE results_count = 0 AND ${q.sql}
         GROUP BY lower(trim(query)) ORDER BY count DESC, lastSeen DESC, query LIMIT ?`,
      )
      .all(...q.params, limit) as { query: string; count: number; lastSeen: number }[];
    return rows.map((row) => ({ query: row.query, count: row.count, lastSeenAt: iso(row.lastSeen) }));
  }
}

function readable(access: DocumentAccess | null): SqlFragment {
  return access ? buildDocumentFilter({ access }, 'd') : { sql: '1', params: [] };
}

/** The searches of the window, of one user or everyone's (two statement shapes, each using an index). */
function searches(userId: string | null, b: Bounds): SqlFragment {
  const inWindow = 'created_at >= ? AND created_at < ?';
  return userId === null
    ? { sql: inWindow, params: [b.from, b.to] }
    : { sql: `user_id = ? AND ${inWindow}`, params: [userId, b.from, b.to] };
}

function bounds(window: StatsWindow): Bounds {
  const invalid = () =>
    new AppError('STATS_WINDOW_INVALID', 'user', 'the stats window needs ISO-8601 bounds', {
      details: { from: window.from, to: window.to },
    });
  return { from: isoToMs(window.from, invalid), to: isoToMs(window.to, invalid), bucketMs: window.bucketMs };
}

function startOf(b: Bounds, bucket: number): string {
  return iso(b.from + bucket * b.bucketMs);
}
