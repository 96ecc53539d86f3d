import { randomUUID } from 'node:crypto';
import {
  AppError,
  type ActiveUsers,
  type AnalyticsEvent,
  type AnalyticsRepository,
  type DocumentTypeBucket,
  type ModeLatency,
  type Percentiles,
  type QuestionBucket,
  type StageDuration,
  type StatsWindow,
  type TopQuery,
  type UserActivity,
} from '@sift/core';
import type { PgPool } from './pg-database.js';
import { iso, isoToMs } from './pg-time.js';

interface Bounds {
  from: number;
  to: number;
  bucketMs: number;
}

/** Values of one statement, numbered as they are added. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * percentile_disc is the nearest rank: the first value whose cumulative share reaches p, the value at rank
 * ⌈p·n⌉ — what SQLite's adapter computes from row numbers.
 */
const percentiles = (column: string) =>
  `percentile_disc(0.5) WITHIN GROUP (ORDER BY ${column}) AS p50,
   percentile_disc(0.95) WITHIN GROUP (ORDER BY ${column}) AS p95`;
const STAGE_ORDER = ['extract', 'chunk', 'embed', 'index', 'total'];

/**
 * Analytics events and the aggregates over them and the query log, on PostgreSQL. Every aggregate is computed
 * by SQL; a user's restriction is a condition of the query. Timestamps are epoch ms (bigint), buckets the
 * integer quotient `(t - from) / bucketMs`.
 */
export class PgAnalyticsRepository implements AnalyticsRepository {
  constructor(private readonly pool: PgPool) {}

  async record(event: AnalyticsEvent): Promise<boolean> {
    const occurredAt = isoToMs(event.occurredAt, () => invalidEvent(event));
    const { rowCount } = await this.pool.query(
      `INSERT INTO analytics_events (id, dedupe_key, kind, occurred_at, user_id, document_id, type_family,
         extract_ms, chunk_ms, embed_ms, index_ms, duration_ms, found, error_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        randomUUID(),
        event.key,
        event.kind,
        occurredAt,
        event.userId,
        event.documentId,
        event.typeFamily,
        event.stages?.extract ?? null,
        event.stages?.chunk ?? null,
        event.stages?.embed ?? null,
        event.stages?.index ?? null,
        event.durationMs,
        event.found,
        event.errorCode,
      ],
    );
    return rowCount === 1;
  }

  async prune(before: string): Promise<number> {
    const ms = isoToMs(before, () => invalidWindow({ from: before, to: before, bucketMs: 1 }));
    const { rowCount } = await this.pool.query(`DELETE FROM analytics_events WHERE occurred_at < $1`, [ms]);
    return rowCount ?? 0;
  }

  async documentSeries(userId: string | null, window: StatsWindow): Promise<DocumentTypeBucket[]> {
    const b = bounds(window);
    const p = new Params();
    const bucket = `(occurred_at - ${p.add(b.from)}::bigint) / ${p.add(b.bucketMs)}::bigint`;
    const where = events(`kind IN ('upload', 'document.processed', 'document.failed')`, userId, b, p);
    const { rows } = await this.pool.query<Omit<DocumentTypeBucket, 'start'> & { bucket: number }>(
      `SELECT ${bucket} AS bucket, coalesce(type_family, 'other') AS "typeFamily",
         count(*) FILTER (WHERE kind = 'upload') AS uploaded,
         count(*) FILTER (WHERE kind = 'document.processed') AS processed,
         count(*) FILTER (WHERE kind = 'document.failed') AS failed
       FROM analytics_events WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
      p.values,
    );
    return rows.map(({ bucket, ...counts }) => ({ start: startOf(b, bucket), ...counts }));
  }

  async stageDurations(userId: string | null, window: StatsWindow): Promise<StageDuration[]> {
    const p = new Params();
    const where = events(`kind = 'document.processed'`, userId, bounds(window), p);
    const { rows } = await this.pool.query<StageDuration>(
      `SELECT s.stage, count(*) AS count, ${percentiles('s.ms')}
       FROM analytics_events e
       CROSS JOIN LATERAL (VALUES ('extract', e.extract_ms), ('chunk', e.chunk_ms), ('embed', e.embed_ms),
         ('index', e.index_ms), ('total', e.duration_ms)) AS s (stage, ms)
       WHERE ${where} AND s.ms IS NOT NULL GROUP BY s.stage`,
      p.values,
    );
    return rows.sort((x, y) => STAGE_ORDER.indexOf(x.stage) - STAGE_ORDER.indexOf(y.stage));
  }

  async questionSeries(userId: string | null, window: StatsWindow): Promise<QuestionBucket[]> {
    const b = bounds(window);
    const p = new Params();
    const bucket = `(occurred_at - ${p.add(b.from)}::bigint) / ${p.add(b.bucketMs)}::bigint`;
    const where = events(`kind = 'question'`, userId, b, p);
    const { rows } = await this.pool.query<{ bucket: number; asked: number; notFound: number }>(
      `SELECT ${bucket} AS bucket, count(*) AS asked, count(*) FILTER (WHERE NOT found) AS "notFound"
       FROM analytics_events WHERE ${where} GROUP BY 1 ORDER BY 1`,
      p.values,
    );
    return rows.map(({ bucket, ...counts }) => ({ start: startOf(b, bucket), ...counts }));
  }

  async questionLatency(userId: string | null, window: StatsWindow): Promise<Percentiles> {
    const p = new Params();
    const where = events(`kind = 'question' AND duration_ms IS NOT NULL`, userId, bounds(window), p);
    const { rows } = await this.pool.query<Percentiles>(
      `SELECT count(*) AS count, ${percentiles('duration_ms')} FROM analytics_events WHERE ${where}`,
      p.values,
    );
    return rows[0]!;
  }

  async searchLatencyByMode(userId: string | null, window: StatsWindow): Promise<ModeLatency[]> {
    const p = new Params();
    const where = searches(userId, bounds(window), p);
    const { rows } = await this.pool.query<ModeLatency>(
      `SELECT mode, count(*) AS count, count(*) FILTER (WHERE results_count = 0) AS "zeroResults",
         ${percentiles('latency_ms')}
       FROM search_queries WHERE ${where} GROUP BY mode ORDER BY count DESC, mode`,
      p.values,
    );
    return rows;
  }

  async topQueries(userId: string | null, window: StatsWindow, limit: number): Promise<TopQuery[]> {
    const p = new Params();
    const where = searches(userId, bounds(window), p);
    const { rows } = await this.pool.query<Omit<TopQuery, 'lastSeenAt'> & { lastSeen: number }>(
      `SELECT lower(trim(query)) AS query, count(*) AS count,
         count(*) FILTER (WHERE results_count = 0) AS "zeroResults", max(created_at) AS "lastSeen"
       FROM search_queries WHERE ${where}
       GROUP BY lower(trim(query)) ORDER BY count DESC, "lastSeen" DESC, query LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map(({ lastSeen, ...row }) => ({ ...row, lastSeenAt: iso(lastSeen) }));
  }

  async activeUsers(window: StatsWindow): Promise<ActiveUsers> {
    const b = bounds(window);
    const p = new Params();
    const active = activity(b, p);
    const bucket = `(t - ${p.add(b.from)}::bigint) / ${p.add(b.bucketMs)}::bigint`;
    // One pass: per bucket, and the whole window (the grouping set `()`, where bucket is null).
    const { rows } = await this.pool.query<{ bucket: number | null; users: number }>(
      `WITH activity AS (${active})
       SELECT bucket, count(DISTINCT user_id) AS users
       FROM (SELECT user_id, ${bucket} AS bucket FROM activity) AS a
       GROUP BY GROUPING SETS ((bucket), ()) ORDER BY bucket NULLS FIRST`,
      p.values,
    );
    const total = rows.find((r) => r.bucket === null)?.users ?? 0;
    const series = rows
      .filter((r): r is { bucket: number; users: number } => r.bucket !== null)
      .map(({ bucket, users }) => ({ start: startOf(b, bucket), users }));
    return { series, total };
  }

  async userActivity(window: StatsWindow, limit: number): Promise<UserActivity[]> {
    const p = new Params();
    const active = activity(bounds(window), p);
    const { rows } = await this.pool.query<Omit<UserActivity, 'lastActiveAt'> & { lastActive: number }>(
      `WITH activity AS (${active})
       SELECT a.user_id AS "userId", max(u.username) AS username,
         count(*) FILTER (WHERE a.what = 'search') AS searches,
         count(*) FILTER (WHERE a.what = 'question') AS questions,
         count(*) FILTER (WHERE a.what = 'upload') AS uploads, max(a.t) AS "lastActive"
       FROM activity a LEFT JOIN users u ON u.id = a.user_id
       GROUP BY a.user_id ORDER BY count(*) DESC, "lastActive" DESC, a.user_id LIMIT ${p.add(limit)}`,
      p.values,
    );
    return rows.map(({ lastActive, ...row }) => ({ ...row, lastActiveAt: iso(lastActive) }));
  }
}

function events(kinds: string, userId: string | null, b: Bounds, p: Params): string {
  const inWindow = `${kinds} AND occurred_at >= ${p.add(b.from)}::bigint AND occurred_at < ${p.add(b.to)}::bigint`;
  return userId === null ? inWindow : `user_id = ${p.add(userId)} AND ${inWindow}`;
}

function searches(userId: string | null, b: Bounds, p: Params): string {
  const inWindow = `created_at >= ${p.add(b.from)}::bigint AND created_at < ${p.add(b.to)}::bigint`;
  return userId === null ? inWindow : `user_id = ${p.add(userId)} AND ${inWindow}`;
}

/** What makes a user active: a search, an upload or a question, with its time `t`. */
function activity(b: Bounds, p: Params): string {
  const [from, to] = [p.add(b.from), p.add(b.to)];
  return `SELECT user_id, created_at AS t, 'search' AS what FROM search_queries
            WHERE user_id IS NOT NULL AND created_at >= ${from}::bigint AND created_at < ${to}::bigint
          UNION ALL
          SELECT user_id, occurred_at, kind FROM analytics_events
            WHERE kind IN ('upload', 'question') AND user_id IS NOT NULL
              AND occurred_at >= ${from}::bigint AND occurred_at < ${to}::bigint`;
}

function invalidWindow(window: StatsWindow): AppError {
  return new AppError('STATS_WINDOW_INVALID', 'user', 'the stats window needs ISO-8601 bounds', {
    details: { from: window.from, to: window.to },
  });
}

function invalidEvent(event: AnalyticsEvent): AppError {
  return new AppError('ANALYTICS_EVENT_INVALID', 'user', 'an analytics event needs an ISO-8601 time', {
    details: { kind: event.kind, occurredAt: event.occurredAt },
  });
}

function bounds(window: StatsWindow): Bounds {
  const invalid = () => invalidWindow(window);
  return { from: isoToMs(window.from, invalid), to: isoToMs(window.to, invalid), bucketMs: window.bucketMs };
}

function startOf(b: Bounds, bucket: number): string {
  return iso(b.from + bucket * b.bucketMs);
}
