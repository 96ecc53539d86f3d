import { STATS_RANGE_PATTERN, type DashboardStats } from '@sift/core';
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();
const ms = z.number().nonnegative().nullable();

export const StatsQuerySchema = z.object({
  range: z
    .string()
    .regex(STATS_RANGE_PATTERN)
    .default('24h')
    .describe('How far back: a number of hours or days (`24h`, `7d`, `30d`; at most 366d)'),
  bucket: z
    .enum(['hour', 'day'])
    .optional()
    .describe('Width of a series point (UTC hours or days); default hour up to 48h, day past it'),
  top: z.coerce.number().int().min(1).max(100).default(10).describe('Zero-result queries to list'),
});

export const StatsResponseSchema = z
  .object({
    range: z.string(),
    bucket: z.enum(['hour', 'day']),
    from: timestamp.describe('Start of the first bucket (inclusive)'),
    to: timestamp.describe('End of the last, current bucket (exclusive)'),
    scope: z
      .object({ documents: z.enum(['all', 'readable']), searches: z.enum(['all', 'own']) })
      .describe('What was counted: every document or those the caller may read; every search or its own'),
    documents: z.object({
      total: count,
      total_bytes: count,
      by_status: z.object({
        uploaded: count,
        queued: count,
        processing: count,
        processed: count,
        failed: count,
      }),
      by_category: z.object({ document: count, image: count, audio: count, archive: count }),
      by_content_type: z
        .array(z.object({ content_type: z.string(), count }))
        .describe('Most documents first'),
    }),
    ingest: z.object({
      uploaded: count,
      processed: count,
      failed: count,
      series: z
        .array(z.object({ start: timestamp, uploaded: count, processed: count, failed: count }))
        .describe(
          'One point per bucket: documents uploaded, documents whose processing finished, and documents ' +
            'failed now that last changed in the bucket',
        ),
    }),
    search: z.object({
      searches: count,
      zero_results: count,
      latency_ms: z
        .object({ count, p50: ms, p95: ms, p99: ms, max: ms, mean: ms })
        .describe('Nearest-rank percentiles over the range; null without searches'),
      series: z.array(z.object({ start: timestamp, searches: count, zero_results: count })),
      top_zero_result_queries: z
        .array(z.object({ query: z.string(), count, last_seen_at: timestamp }))
        .describe('Queries without hits (trimmed, lower case), most frequent first'),
    }),
  })
  .meta({ id: 'DashboardStats' });

export type StatsResponse = z.infer<typeof StatsResponseSchema>;

export function toStatsResponse(stats: DashboardStats): StatsResponse {
  const { documents: d, ingest, search: s } = stats;
  return {
    range: stats.range,
    bucket: stats.bucket,
    from: stats.from,
    to: stats.to,
    scope: stats.scope,
    documents: {
      total: d.total,
      total_bytes: d.totalBytes,
      by_status: d.byStatus,
      by_category: d.byCategory,
      by_content_type: d.byContentType.map((t) => ({ content_type: t.contentType, count: t.count })),
    },
    ingest,
    search: {
      searches: s.searches,
      zero_results: s.zeroResults,
      latency_ms: s.latencyMs,
      series: s.series.map((b) => ({ start: b.start, searches: b.searches, zero_results: b.zeroResults })),
      top_zero_result_queries: s.topZeroResultQueries.map((q) => ({
        query: q.query,
        count: q.count,
        last_seen_at: q.lastSeenAt,
      })),
    },
  };
}
