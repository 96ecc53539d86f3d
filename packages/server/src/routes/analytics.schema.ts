import {
  ANALYTICS_DATE_PATTERN,
  DOCUMENT_TYPE_FAMILIES,
  MAX_STATS_RANGE_DAYS,
  type AnalyticsHeader,
  type AnalyticsOverview,
  type DocumentAnalytics,
  type DocumentCountsByType,
  type LatencySummary,
  type Percentiles,
  type QuestionAnalytics,
  type SearchAnalytics,
  type UserAnalytics,
} from '@sift/core';
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();
const ms = z.number().nonnegative().nullable();
const day = z.string().regex(ANALYTICS_DATE_PATTERN);

export const AnalyticsQuerySchema = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_STATS_RANGE_DAYS)
    .optional()
    .describe('The last N UTC days, today included (default 30); not with from/to'),
  from: day.optional().describe('First UTC day (YYYY-MM-DD), inclusive; default 30 days before `to`'),
  to: day.optional().describe('Last UTC day (YYYY-MM-DD), inclusive; default today'),
  top: z.coerce.number().int().min(1).max(100).default(10).describe('Queries or users to list'),
});
export type AnalyticsQueryString = z.infer<typeof AnalyticsQuerySchema>;

const header = {
  from: timestamp.describe('Start of the first day (inclusive)'),
  to: timestamp.describe('End of the last day (exclusive)'),
  days: count,
  scope: z
    .enum(['all', 'own'])
    .describe('`all`: everyone’s (admins); `own`: the caller’s own uploads, searches and questions'),
};
const percentiles = z
  .object({ count, p50: ms, p95: ms })
  .describe('Nearest-rank percentiles in ms; null without values');
const latencySummary = z.object({ count, p50: ms, p95: ms, p99: ms, max: ms, mean: ms });
const typeCounts = z.object({
  type: z.enum(DOCUMENT_TYPE_FAMILIES),
  uploaded: count,
  processed: count,
  failed: count,
});
const rate = z.number().min(0).max(1).nullable().describe('not_found / asked; null without questions');

export const AnalyticsOverviewSchema = z
  .object({
    ...header,
    documents: z.object({ uploaded: count, processed: count, failed: count }),
    search: z.object({ searches: count, zero_results: count, latency_ms: latencySummary }),
    questions: z.object({ asked: count, not_found: count, not_found_rate: rate }),
    active_users: z
      .object({ total: count, weekly: count })
      .nullable()
      .describe('Distinct active users in the range and in its last 7 days; only in the `all` scope'),
  })
  .meta({ id: 'AnalyticsOverview' });

export const DocumentAnalyticsSchema = z
  .object({
    ...header,
    uploaded: count,
    processed: count,
    failed: count,
    by_type: z.array(typeCounts).describe('Type families seen in the range, most uploads first'),
    series: z.array(
      z.object({
        start: timestamp,
        uploaded: count,
        processed: count,
        failed: count,
        by_type: z.array(typeCounts),
      }),
    ),
    stages: z
      .array(percentiles.extend({ stage: z.enum(['extract', 'chunk', 'embed', 'index', 'total']) }))
      .describe('Processing time per pipeline stage of the documents processed in the range'),
  })
  .meta({ id: 'DocumentAnalytics' });

export const SearchAnalyticsSchema = z
  .object({
    ...header,
    searches: count,
    zero_results: count,
    latency_ms: latencySummary,
    series: z.array(z.object({ start: timestamp, searches: count, zero_results: count })),
    by_mode: z.array(percentiles.extend({ mode: z.string(), zero_results: count })),
    top_queries: z
      .array(z.object({ query: z.string(), count, zero_results: count, last_seen_at: timestamp }))
      .describe('Most frequent queries (trimmed, lower case)'),
    zero_result_queries: z.array(z.object({ query: z.string(), count, last_seen_at: timestamp })),
  })
  .meta({ id: 'SearchAnalytics' });

export const QuestionAnalyticsSchema = z
  .object({
    ...header,
    asked: count,
    not_found: count,
    not_found_rate: rate,
    latency_ms: percentiles,
    series: z.array(z.object({ start: timestamp, asked: count, not_found: count })),
  })
  .meta({ id: 'QuestionAnalytics' });

export const UserAnalyticsSchema = z
  .object({
    ...header,
    daily: z.array(z.object({ start: timestamp, users: count })).describe('Distinct active users per day'),
    total: count.describe('Distinct users active in the range (searched, uploaded or asked)'),
    weekly: count.describe('Distinct users active in the last 7 days of the range'),
    top: z.array(
      z.object({
        user_id: z.string(),
        username: z.string().nullable(),
        searches: count,
        questions: count,
        uploads: count,
        last_active_at: timestamp,
      }),
    ),
  })
  .meta({ id: 'UserAnalytics' });

const headerOf = (a: AnalyticsHeader) => ({ from: a.from, to: a.to, days: a.days, scope: a.scope });
const typesOf = (rows: DocumentCountsByType[]) =>
  rows.map(({ typeFamily, ...counts }) => ({ type: typeFamily, ...counts }));
const percentilesOf = (p: Percentiles) => ({ count: p.count, p50: p.p50, p95: p.p95 });
const summaryOf = (l: LatencySummary) => ({ ...l });

export function toOverviewResponse(a: AnalyticsOverview): z.infer<typeof AnalyticsOverviewSchema> {
  return {
    ...headerOf(a),
    documents: a.documents,
    search: {
      searches: a.search.searches,
      zero_results: a.search.zeroResults,
      latency_ms: summaryOf(a.search.latencyMs),
    },
    questions: {
      asked: a.questions.asked,
      not_found: a.questions.notFound,
      not_found_rate: a.questions.notFoundRate,
    },
    active_users: a.activeUsers,
  };
}

export function toDocumentsResponse(a: DocumentAnalytics): z.infer<typeof DocumentAnalyticsSchema> {
  return {
    ...headerOf(a),
    uploaded: a.uploaded,
    processed: a.processed,
    failed: a.failed,
    by_type: typesOf(a.byType),
    series: a.series.map((d) => ({
      start: d.start,
      uploaded: d.uploaded,
      processed: d.processed,
      failed: d.failed,
      by_type: typesOf(d.byType),
    })),
    stages: a.stages.map((s) => ({ stage: s.stage, ...percentilesOf(s) })),
  };
}

export function toSearchResponse(a: SearchAnalytics): z.infer<typeof SearchAnalyticsSchema> {
  return {
    ...headerOf(a),
    searches: a.searches,
    zero_results: a.zeroResults,
    latency_ms: summaryOf(a.latencyMs),
    series: a.series.map((b) => ({ start: b.start, searches: b.searches, zero_results: b.zeroResults })),
    by_mode: a.byMode.map((m) => ({ mode: m.mode, zero_results: m.zeroResults, ...percentilesOf(m) })),
    top_queries: a.topQueries.map((q) => ({
      query: q.query,
      count: q.count,
      zero_results: q.zeroResults,
      last_seen_at: q.lastSeenAt,
    })),
    zero_result_queries: a.zeroResultQueries.map((q) => ({
      query: q.query,
      count: q.count,
      last_seen_at: q.lastSeenAt,
    })),
  };
}

export function toQuestionsResponse(a: QuestionAnalytics): z.infer<typeof QuestionAnalyticsSchema> {
  return {
    ...headerOf(a),
    asked: a.asked,
    not_found: a.notFound,
    not_found_rate: a.notFoundRate,
    latency_ms: percentilesOf(a.latencyMs),
    series: a.series.map((b) => ({ start: b.start, asked: b.asked, not_found: b.notFound })),
  };
}

export function toUsersResponse(a: UserAnalytics): z.infer<typeof UserAnalyticsSchema> {
  return {
    ...headerOf(a),
    daily: a.daily,
    total: a.total,
    weekly: a.weekly,
    top: a.top.map((u) => ({
      user_id: u.userId,
      username: u.username,
      searches: u.searches,
      questions: u.questions,
      uploads: u.uploads,
      last_active_at: u.lastActiveAt,
    })),
  };
}
