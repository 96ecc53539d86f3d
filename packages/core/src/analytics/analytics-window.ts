import { AppError } from '../errors.js';
import { BUCKET_MS, MAX_STATS_RANGE_DAYS, type ResolvedStatsWindow } from '../stats/stats-window.js';

/** How far back analytics look: the last `days` UTC days, or the calendar days `from` … `to` (inclusive). */
export interface AnalyticsRange {
  days?: number;
  /** `YYYY-MM-DD` (UTC), inclusive. */
  from?: string;
  /** `YYYY-MM-DD` (UTC), inclusive; defaults to today. */
  to?: string;
}

export const DEFAULT_ANALYTICS_DAYS = 30;
/** A calendar day, as `from` and `to` take it. */
export const ANALYTICS_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/u;

const DAY = BUCKET_MS.day;

/**
 * The window of a range in whole UTC days, bucketed by day: `days` ends with today (still filling), so that
 * `days=7` is today and the six days before it; `from`/`to` are calendar days, both included. Refused
 * (ANALYTICS_RANGE_INVALID): both forms at once, a day that does not exist, `from` after `to`, more than
 * 366 days.
 */
export function resolveAnalyticsWindow(range: AnalyticsRange, now: Date): ResolvedStatsWindow {
  const invalid = (message: string) =>
    new AppError('ANALYTICS_RANGE_INVALID', 'user', message, { details: { ...range } });
  if (range.days !== undefined && (range.from !== undefined || range.to !== undefined)) {
    throw invalid('give either days or from/to, not both');
  }
  const today = Math.floor(now.getTime() / DAY) * DAY;
  let from: number;
  let to: number;
  if (range.from === undefined && range.to === undefined) {
    const days = range.days ?? DEFAULT_ANALYTICS_DAYS;
    if (!Number.isInteger(days) || days < 1 || days > MAX_STATS_RANGE_DAYS) {
      throw invalid(`days must be a whole number from 1 to ${MAX_STATS_RANGE_DAYS}`);
    }
    to = today + DAY;
    from = to - days * DAY;
  } else {
    to = (range.to === undefined ? today : parseDay(range.to, invalid)) + DAY;
    from = range.from === undefined ? to - DEFAULT_ANALYTICS_DAYS * DAY : parseDay(range.from, invalid);
    if (from >= to) throw invalid('from must not be after to');
    if (to - from > MAX_STATS_RANGE_DAYS * DAY) {
      throw invalid(`the range spans more than ${MAX_STATS_RANGE_DAYS} days`);
    }
  }
  return {
    window: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucketMs: DAY },
    bucket: 'day',
    buckets: (to - from) / DAY,
  };
}

/** The last seven days of a window (or all of it when shorter): "weekly active" counts over these. */
export function lastWeekOf(resolved: ResolvedStatsWindow): ResolvedStatsWindow {
  const to = Date.parse(resolved.window.to);
  const buckets = Math.min(7, resolved.buckets);
  return {
    window: { from: new Date(to - buckets * DAY).toISOString(), to: resolved.window.to, bucketMs: DAY },
    bucket: 'day',
    buckets,
  };
}

function parseDay(day: string, invalid: (message: string) => AppError): number {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  // Date.parse rolls 2025-02-30 over to March: a day must read back as itself.
  if (
    !ANALYTICS_DATE_PATTERN.test(day) ||
    Number.isNaN(ms) ||
    new Date(ms).toISOString().slice(0, 10) !== day
  ) {
    throw invalid(`${day} is not a calendar day (YYYY-MM-DD)`);
  }
  return ms;
}
