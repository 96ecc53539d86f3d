import { describe, expect, it } from 'vitest';
import { denseSeries, parseStatsRange, resolveStatsWindow } from './stats-window.js';

const NOW = new Date('2025-03-10T14:25:00.000Z');

describe('stats window', () => {
  it('reads hours and days, and refuses anything else or more than a year', () => {
    expect(parseStatsRange('24h')).toBe(24 * 3_600_000);
    expect(parseStatsRange('7d')).toBe(7 * 86_400_000);
    for (const bad of ['', '0h', '24', '1w', '-1d', '1.5d', '367d', ' 7d']) {
      expect(() => parseStatsRange(bad), bad).toThrow(
        expect.objectContaining({ code: 'STATS_RANGE_INVALID' }),
      );
    }
  });

  it('ends with the current UTC hour, so 24h by hour is this hour and the 23 before it', () => {
    const r = resolveStatsWindow('24h', undefined, NOW);
    expect(r.bucket).toBe('hour');
    expect(r.buckets).toBe(24);
    expect(r.window).toEqual({
      from: '2025-03-09T15:00:00.000Z',
      to: '2025-03-10T15:00:00.000Z',
      bucketMs: 3_600_000,
    });
  });

  it('uses UTC days past 48 hours unless asked for hours, and refuses series too long to chart', () => {
    const week = resolveStatsWindow('7d', undefined, NOW);
    expect(week.bucket).toBe('day');
    expect(week.window.from).toBe('2025-03-04T00:00:00.000Z');
    expect(week.window.to).toBe('2025-03-11T00:00:00.000Z');
    expect(resolveStatsWindow('7d', 'hour', NOW).buckets).toBe(168);
    // A part of a day still takes a whole one.
    expect(resolveStatsWindow('36h', 'day', NOW).buckets).toBe(2);
    expect(() => resolveStatsWindow('60d', 'hour', NOW)).toThrow(
      expect.objectContaining({ code: 'STATS_TOO_MANY_BUCKETS' }),
    );
  });

  it('fills the buckets the store left out with zeros, oldest first', () => {
    const r = resolveStatsWindow('3h', 'hour', NOW);
    const series = denseSeries(r, [{ start: '2025-03-10T13:00:00.000Z', n: 4 }], (start) => ({
      start,
      n: 0,
    }));
    expect(series).toEqual([
      { start: '2025-03-10T12:00:00.000Z', n: 0 },
      { start: '2025-03-10T13:00:00.000Z', n: 4 },
      { start: '2025-03-10T14:00:00.000Z', n: 0 },
    ]);
  });
});
