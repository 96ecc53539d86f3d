import { AppError } from '../errors.js';
import type { StatsWindow } from '../ports/stats-repository.port.js';

/** The width of one bucket of a time series. */
export type StatsBucket = 'hour' | 'day';

export const BUCKET_MS: Readonly<Record<StatsBucket, number>> = { hour: 3_600_000, day: 86_400_000 };

/** `24h`, `7d`, `30d`: a whole number of hours or days. */
export const STATS_RANGE_PATTERN = /^([1-9]\d{0,3})([hd])$/u;
/** The longest range a dashboard may ask for. */
export const MAX_STATS_RANGE_DAYS = 366;
/** Series longer than this are refused: a year of hours would be 8,784 points no chart can show. */
export const MAX_STATS_BUCKETS = 1000;
/** Up to this range, series default to hourly buckets; past it, daily. */
const HOURLY_UP_TO_MS = 48 * BUCKET_MS.hour;

/** A range resolved against the clock. */
export interface ResolvedStatsWindow {
  window: StatsWindow;
  bucket: StatsBucket;
  /** How many buckets the window holds. */
  buckets: number;
}

/** The length of a range such as `24h` or `7d` in ms; STATS_RANGE_INVALID (user) otherwise. */
export function parseStatsRange(range: string): number {
  const match = STATS_RANGE_PATTERN.exec(range);
  const ms = match ? Number(match[1]) * (match[2] === 'h' ? BUCKET_MS.hour : BUCKET_MS.day) : NaN;
  if (!match || ms > MAX_STATS_RANGE_DAYS * BUCKET_MS.day) {
    throw new AppError(
      'STATS_RANGE_INVALID',
      'user',
      `range must be a number of hours or days such as 24h, 7d or 30d, at most ${MAX_STATS_RANGE_DAYS}d`,
      { details: { range } },
    );
  }
  return ms;
}

/**
 * The window of the last `range`, in whole buckets aligned to UTC hours or days: the last bucket is the
 * current one (still filling), so `24h` by hour is the current hour and the 23 before it. Aligned buckets
 * keep a chart stable between refreshes, where buckets counted back from "now" would shift every second.
 */
export function resolveStatsWindow(
  range: string,
  bucket: StatsBucket | undefined,
  now: Date,
): ResolvedStatsWindow {
  const rangeMs = parseStatsRange(range);
  const width = bucket ?? (rangeMs <= HOURLY_UP_TO_MS ? 'hour' : 'day');
  const bucketMs = BUCKET_MS[width];
  const buckets = Math.ceil(rangeMs / bucketMs);
  if (buckets > MAX_STATS_BUCKETS) {
    throw new AppError(
      'STATS_TOO_MANY_BUCKETS',
      'user',
      `${range} by ${width} is ${buckets} buckets; at most ${MAX_STATS_BUCKETS} are allowed (use bucket=day)`,
      { details: { range, bucket: width, buckets, limit: MAX_STATS_BUCKETS } },
    );
  }
  const end = (Math.floor(now.getTime() / bucketMs) + 1) * bucketMs;
  const from = end - buckets * bucketMs;
  return {
    window: { from: new Date(from).toISOString(), to: new Date(end).toISOString(), bucketMs },
    bucket: width,
    buckets,
  };
}

/**
 * Every bucket of the window, oldest first: the store's sparse rows where it has them, `empty(start)`
 * elsewhere (a chart wants a point per bucket, zeros included).
 */
export function denseSeries<T extends { start: string }>(
  resolved: ResolvedStatsWindow,
  sparse: readonly T[],
  empty: (start: string) => T,
): T[] {
  const byStart = new Map(sparse.map((row) => [Date.parse(row.start), row]));
  const from = Date.parse(resolved.window.from);
  return Array.from({ length: resolved.buckets }, (_, i) => {
    const start = from + i * resolved.window.bucketMs;
    return byStart.get(start) ?? empty(new Date(start).toISOString());
  });
}
