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
import type { SqliteDatabase } from './sqlite-database.js';
import type { SqlFragment } from './sqlite-search-filter.js';
import { StatementCache } from './sqlite-statements.js';
import { iso, isoToMs } from './sqlite-time.js';

interface Bounds {
  from: number;
  to: number;
  bucketMs: number;
}

// Bound JS numbers arrive as REAL; integer division needs both operands INTEGER.
const bucketOf = (column: string) => `(${column} - CAST(? AS INTEGER)) / CAST(? AS INTEGER)`;
/**
 * SQLite has no percentile function: the nearest rank ⌈p·n⌉ is picked from row_number() over the ordered
 * values, ⌈p·n/100⌉ written (p·n + 99) / 100 in integer arithmetic — exact, and the same value PostgreSQL's
 * percentile_disc gives.
 */
const rank = (p: number) => `max(CASE WHEN rn = (${p} * n + 99) / 100 THEN ms END)`;
const STAGE_COLUMNS = [
  ['extract', 'extract_ms'],
  ['chunk', 'chunk_ms'],
  ['embed', 'embed_ms'],
  ['index', 'index_ms'],
  ['total', 'duration_ms'],
] as const;

/**
 * Analytics events and the aggregates over them and the query log, on the SQLite file. Every aggregate is
 * computed by SQL; a user's restriction is a condition of the query (served by the (user_id, kind,
 * occurred_at) and (user_id, created_at) indexes).
 */
export class SqliteAnalyticsRepository implements AnalyticsRepository {
  private readonly sql: StatementCache;

  constructor(db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async record(event: AnalyticsEvent): Promise<boolean> {
    const occurredAt = isoToMs(event.occurredAt, () => invalidEvent(event));
    const result = this.sql
      .get(
        `INSERT INTO analytics_events (id, dedupe_key, kind, occurred_at, user_id, document_id, type_family,
           extract_ms, chunk_ms, embed_ms, index_ms, duration_ms, found, error_code)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (dedupe_key) DO NOTHING`,
      )
      .run(
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
        event.found === null ? null : event.found ? 1 : 0,
        event.errorCode,
      );
    return result.changes === 1;
  }

  async prune(before: string): Promise<number> {
    const ms = isoToMs(before, () => invalidWindow({ from: before, to: before, bucketMs: 1 }));
    return this.sql.get(`DELETE FROM analytics_events WHERE occurred_at < ?`).run(ms).changes;
  }

  async documentSeries(userId: string | null, window: StatsWindow): Promise<DocumentTypeBucket[]> {
    const b = bounds(window);
    const e = events(`kind IN ('upload', 'document.processed', 'document.failed')`, userId, b);
    const rows = this.sql
      .get(
        `SELECT ${bucketOf('occurred_at')} AS bucket, coalesce(type_family, 'other') AS typeFamily,
           sum(kind = 'upload') AS uploaded, sum(kind = 'document.processed') AS processed,
           sum(kind = 'document.failed') AS failed
         FROM analytics_events WHERE ${e.sql} GROUP BY bucket, typeFamily ORDER BY bucket, typeFamily`,
      )
      .all(b.from, b.bucketMs, ...e.params) as (Omit<DocumentTypeBucket, 'start'> & { bucket: number })[];
    return rows.map(({ bucket, ...counts }) => ({ start: startOf(b, bucket), ...counts }));
  }

  async stageDurations(userId: string | null, window: StatsWindow): Promise<StageDuration[]> {
    const e = events(`kind = 'document.processed'`, userId, bounds(window));
    // One scan of the events, each row unpivoted into its stages (half the time of a scan per stage).
    const stages = STAGE_COLUMNS.map(([stage]) => `('${stage}')`).join(', ');
    const pick = STAGE_COLUMNS.map(([stage, column]) => `WHEN '${stage}' THEN e.${column}`).join(' ');
    const rows = this.sql
      .get(
        `WITH stages AS (
           SELECT s.column1 AS stage, CASE s.column1 ${pick} END AS ms
           FROM analytics_events e CROSS JOIN (VALUES ${stages}) AS s WHERE ${e.sql}
         ),
         ranked AS (
           SELECT stage, ms, row_number() OVER (PARTITION BY stage ORDER BY ms) AS rn,
             count(*) OVER (PARTITION BY stage) AS n
           FROM stages WHERE ms IS NOT NULL
         )
         SELECT stage, count(*) AS count, ${rank(50)} AS p50, ${rank(95)} AS p95 FROM ranked GROUP BY stage`,
      )
      .all(...e.params) as StageDuration[];
    const order = STAGE_COLUMNS.map(([stage]) => stage as string);
    return rows.sort((x, y) => order.indexOf(x.stage) - order.indexOf(y.stage));
  }

  async questionSeries(userId: string | null, window: StatsWindow): Promise<QuestionBucket[]> {
    const b = bounds(window);
    const e = events(`kind = 'question'`, userId, b);
    const rows = this.sql
      .get(
        `SELECT ${bucketOf('occurred_at')} AS bucket, count(*) AS asked, sum(found = 0) AS notFound
         FROM analytics_events WHERE ${e.sql} GROUP BY bucket ORDER BY bucket`,
      )
      .all(b.from, b.bucketMs, ...e.params) as { bucket: number; asked: number; notFound: number }[];
    return rows.map(({ bucket, ...counts }) => ({ start: startOf(b, bucket), ...counts }));
  }

  async questionLatency(userId: string | null, window: StatsWindow): Promise<Percentiles> {
    const e = events(`kind = 'question' AND duration_ms IS NOT NULL`, userId, bounds(window));
    return this.sql
      .get(
        `WITH ranked AS (
           SELECT duration_ms AS ms, row_number() OVER (ORDER BY duration_ms) AS rn, count(*) OVER () AS n
           FROM analytics_events WHERE ${e.sql}
         )
         SELECT count(*) AS count, ${rank(50)} AS p50, ${rank(95)} AS p95 FROM ranked`,
      )
      .get(...e.params) as Percentiles;
  }

  async searchLatencyByMode(userId: string | null, window: StatsWindow): Promise<ModeLatency[]> {
    const q = searches(userId, bounds(window));
    return this.sql
      .get(
        `WITH ranked AS (
           SELECT mode, latency_ms AS ms, results_count,
             row_number() OVER (PARTITION BY mode ORDER BY latency_ms) AS rn, count(*) OVER (PARTITION BY mode) AS n
           FROM search_queries WHERE ${q.sql}
         )
         SELECT mode, count(*) AS count, sum(results_count = 0) AS zeroResults, ${rank(50)} AS p50,
           ${rank(95)} AS p95
         FROM ranked GROUP BY mode ORDER BY count DESC, mode`,
      )
      .all(...q.params) as ModeLatency[];
  }

  async topQueries(userId: string | null, window: StatsWindow, limit: number): Promise<TopQuery[]> {
    const q = searches(userId, bounds(window));
    const rows = this.sql
      .get(
        `SELECT lower(trim(query)) AS query, count(*) AS count, sum(results_count = 0) AS zeroResults,
           max(created_at) AS lastSeen
         FROM search_queries WHERE ${q.sql}
         GROUP BY lower(trim(query)) ORDER BY count DESC, lastSeen DESC, query LIMIT ?`,
      )
      .all(...q.params, limit) as (Omit<TopQuery, 'lastSeenAt'> & { lastSeen: number })[];
    return rows.map(({ lastSeen, ...row }) => ({ ...row, lastSeenAt: iso(lastSeen) }));
  }

  async activeUsers(window: StatsWindow): Promise<ActiveUsers> {
    const b = bounds(window);
    const a = activity(b);
    const series = this.sql
      .get(
        `WITH activity AS (${a.sql})
         SELECT ${bucketOf('t')} AS bucket, count(DISTINCT user_id) AS users
         FROM activity GROUP BY bucket ORDER BY bucket`,
      )
      .all(...a.params, b.from, b.bucketMs) as { bucket: number; users: number }[];
    const { total } = this.sql
      .get(`WITH activity AS (${a.sql}) SELECT count(DISTINCT user_id) AS total FROM activity`)
      .get(...a.params) as { total: number };
    return { series: series.map(({ bucket, users }) => ({ start: startOf(b, bucket), users })), total };
  }

  async userActivity(window: StatsWindow, limit: number): Promise<UserActivity[]> {
    const a = activity(bounds(window));
    const rows = this.sql
      .get(
        `WITH activity AS (${a.sql})
         SELECT a.user_id AS userId, u.username AS username, sum(a.what = 'search') AS searches,
           sum(a.what = 'question') AS questions, sum(a.what = 'upload') AS uploads, max(a.t) AS lastActive
         FROM activity a LEFT JOIN users u ON u.id = a.user_id
         GROUP BY a.user_id ORDER BY count(*) DESC, lastActive DESC, a.user_id LIMIT ?`,
      )
      .all(...a.params, limit) as (Omit<UserActivity, 'lastActiveAt'> & { lastActive: number })[];
    return rows.map(({ lastActive, ...row }) => ({ ...row, lastActiveAt: iso(lastActive) }));
  }
}

/** Events of some kinds in the window, of one user or everyone's. */
function events(kinds: string, userId: string | null, b: Bounds): SqlFragment {
  const inWindow = `${kinds} AND occurred_at >= ? AND occurred_at < ?`;
  return userId === null
    ? { sql: inWindow, params: [b.from, b.to] }
    : { sql: `user_id = ? AND ${inWindow}`, params: [userId, b.from, b.to] };
}

function searches(userId: string | null, b: Bounds): SqlFragment {
  const inWindow = 'created_at >= ? AND created_at < ?';
  return userId === null
    ? { sql: inWindow, params: [b.from, b.to] }
    : { sql: `user_id = ? AND ${inWindow}`, params: [userId, b.from, b.to] };
}

/** What makes a user active: a search, an upload or a question, with its time `t`. */
function activity(b: Bounds): SqlFragment {
  return {
    sql: `SELECT user_id, created_at AS t, 'search' AS what FROM search_queries
            WHERE user_id IS NOT NULL AND created_at >= ? AND created_at < ?
          UNION ALL
          SELECT user_id, occurred_at, kind FROM analytics_events
            WHERE kind IN ('upload', 'question') AND user_id IS NOT NULL AND occurred_at >= ? AND occurred_at < ?`,
    params: [b.from, b.to, b.from, b.to],
  };
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
