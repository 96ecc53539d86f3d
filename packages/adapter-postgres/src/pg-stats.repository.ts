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
import type { PgPool } from './pg-database.js';
import { iso, isoToMs } from './pg-time.js';

/** Epoch-ms bounds of a window. */
interface Bounds {
  from: number;
  to: number;
  bucketMs: number;
}

/** A WHERE fragment whose placeholders were numbered by `Params`. */
class Params {
  readonly values: unknown[] = [];
  /** Appends a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Dashboard aggregates on PostgreSQL. Everything is counted by SQL (GROUP BY, FILTER, window functions), and
 * the principal's reach is a condition of each query. Timestamps are epoch ms, so a bucket is the integer
 * quotient `(t - from) / bucketMs`.
 */
export class PgStatsRepository implements StatsRepository {
  constructor(private readonly pool: PgPool) {}

  async documentCounts(access: DocumentAccess | null): Promise<DocumentCounts> {
    const p = new Params();
    // At most 5 statuses × 4 categories × the content types present: a few dozen rows to fold.
    const { rows } = await this.pool.query<{
      status: keyof DocumentCounts['byStatus'];
      category: keyof DocumentCounts['byCategory'];
      contentType: string;
      n: number;
      bytes: number;
    }>(
      `SELECT d.status, d.category, d.content_type AS "contentType", count(*) AS n, sum(d.size) AS bytes
       FROM documents d WHERE ${readable(access, p)} GROUP BY d.status, d.category, d.content_type`,
      p.values,
    );
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
      counts.byStatus[row.status] += row.n;
      counts.byCategory[row.category] += row.n;
      byType.set(row.contentType, (byType.get(row.contentType) ?? 0) + row.n);
    }
    counts.byContentType = [...byType]
      .map(([contentType, count]) => ({ contentType, count }))
      .sort((a, b) => b.count - a.count || a.contentType.localeCompare(b.contentType));
    return counts;
  }

  async ingestSeries(access: DocumentAccess | null, window: StatsWindow): Promise<IngestBucket[]> {
    const b = bounds(window);
    const p = new Params();
    const [from, to, bucketMs] = [p.add(b.from), p.add(b.to), p.add(b.bucketMs)];
    const reach = readable(access, p);
    // One scan per event kind, each bounded by its own timestamp; a document may count in all three.
    const leg = (kind: number, column: string, extra = '') =>
      `SELECT (${column} - ${from}::bigint) / ${bucketMs}::bigint AS bucket, ${kind} AS kind FROM documents d
       WHERE ${reach} ${extra} AND ${column} >= ${from}::bigint AND ${column} < ${to}::bigint`;
    const { rows } = await this.pool.query<{
      bucket: number;
      uploaded: number;
      processed: number;
      failed: number;
    }>(
      `SELECT bucket, count(*) FILTER (WHERE kind = 0) AS uploaded, count(*) FILTER (WHERE kind = 1) AS processed,
         count(*) FILTER (WHERE kind = 2) AS failed
       FROM (${leg(0, 'd.uploaded_at')} UNION ALL ${leg(1, 'd.processed_at')}
         UNION ALL ${leg(2, 'd.updated_at', `AND d.status = 'failed'`)}) AS events
       GROUP BY bucket ORDER BY bucket`,
      p.values,
    );
    return rows.map(({ bucket, ...counts }) => ({ start: startOf(b, bucket), ...counts }));
  }

  async searchSeries(userId: string | null, window: StatsWindow): Promise<SearchBucket[]> {
    const b = bounds(window);
    const p = new Params();
    const where = searches(userId, b, p);
    const { rows } = await this.pool.query<{ bucket: number; searches: number; zeroResults: number }>(
      `SELECT (created_at - ${p.add(b.from)}::bigint) / ${p.add(b.bucketMs)}::bigint AS bucket,
         count(*) AS searches, count(*) FILTER (WHERE results_count = 0) AS "zeroResults"
       FROM search_queries WHERE ${where} GROUP BY bucket ORDER BY bucket`,
      p.values,
    );
    return rows.map(({ bucket, ...counts }) => ({ start: startOf(b, bucket), ...counts }));
  }

  async searchLatency(userId: string | null, window: StatsWindow): Promise<LatencySummary> {
    const p = new Params();
    const where = searches(userId, bounds(window), p);
    // Nearest rank: the value at rank ⌈p·n⌉, written ⌈p·n/100⌉ = (p·n + 99) / 100 in integer arithmetic.
    const rank = (pct: number) => `max(CASE WHEN rn = (${pct} * n + 99) / 100 THEN latency_ms END)`;
    const { rows } = await this.pool.query<LatencySummary>(
      `WITH ranked AS (
         SELECT latency_ms, row_number() OVER (ORDER BY latency_ms) AS rn, count(*) OVER () AS n
         FROM search_queries WHERE ${where}
       )
       SELECT count(*) AS count, ${rank(50)} AS p50, ${rank(95)} AS p95, ${rank(99)} AS p99,
         max(latency_ms) AS max, avg(latency_ms) AS mean
       FROM ranked`,
      p.values,
    );
    const row = rows[0]!;
    return { ...row, mean: row.mean === null ? null : Math.round(row.mean * 10) / 10 };
  }

  async zeroResultQueries(
    userId: string | null,
    window: StatsWindow,
    limit: number,
  ): Promise<ZeroResultQuery[]> {
    const p = new Params();
    const where = searches(userId, bounds(window), p);
    const { rows } = await this.pool.query<{ query: string; count: number; lastSeen: number }>(
      `SELECT lower(trim(query)) AS query, count(*) AS count, max(created_at) AS "lastSeen"
       FROM search_queries WHERE results_count = 0 AND ${where}
       GROUP BY lower(trim(query)) ORDER BY count DESC, "lastSeen" DESC, query LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map((row) => ({ query: row.query, count: row.count, lastSeenAt: iso(row.lastSeen) }));
  }
}

/**
 * The documents the principal reaches (`Access.documentFilter`): its own, or those of the collections it
 * reaches; every document when `access` is null.
 */
function readable(access: DocumentAccess | null, p: Params): string {
  if (!access) return 'true';
  const collections = `d.collection_id = ANY(${p.add(access.collectionIds)}::text[])`;
  return access.ownerId === null ? collections : `(d.owner_id = ${p.add(access.ownerId)} OR ${collections})`;
}

/** The searches of the window, of one user or everyone's (each shape served by an index). */
function searches(userId: string | null, b: Bounds, p: Params): string {
  const inWindow = `created_at >= ${p.add(b.from)}::bigint AND created_at < ${p.add(b.to)}::bigint`;
  return userId === null ? inWindow : `user_id = ${p.add(userId)} AND ${inWindow}`;
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
