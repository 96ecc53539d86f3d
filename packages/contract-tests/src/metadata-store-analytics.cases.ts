import type { AnalyticsEvent, StatsWindow } from '@sift/core';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { OTHER_OWNER, OWNER, type StoreFixture } from './metadata-store.fixture.js';

const DAY = 86_400_000;
const T0 = Date.parse('2025-03-01T00:00:00.000Z');
/** Three daily buckets from T0. */
const WINDOW: StatsWindow = {
  from: new Date(T0).toISOString(),
  to: new Date(T0 + 3 * DAY).toISOString(),
  bucketMs: DAY,
};
const at = (ms: number) => new Date(ms).toISOString();

let counter = 0;
/** An event at `ms`; a fresh key unless given. */
function event(ms: number, overrides: Partial<AnalyticsEvent> = {}): AnalyticsEvent {
  counter += 1;
  return {
    key: `test:${counter}:${Math.random()}`,
    kind: 'upload',
    occurredAt: at(ms),
    userId: OWNER,
    documentId: null,
    typeFamily: 'pdf',
    stages: null,
    durationMs: null,
    found: null,
    errorCode: null,
    ...overrides,
  };
}

/**
 * analytics: the events table and the aggregates over it and the query log. Events carry their time; searches
 * are stamped with the process clock, which the search cases set (only `Date` is faked).
 */
export function analyticsCases(f: StoreFixture): void {
  const a = () => f.store.analytics;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const searchAt = async (ms: number, query: string, resultsCount: number, latencyMs: number, extra = {}) => {
    vi.setSystemTime(ms);
    await f.store.search.recordQuery({
      userId: OWNER,
      query,
      mode: 'hybrid',
      filters: {},
      resultsCount,
      latencyMs,
      ...extra,
    });
  };

  it('keeps one event per key, however often it is recorded, and prunes by age', async () => {
    const first = event(T0, { key: 'upload:doc-1', documentId: 'doc-1' });
    expect(await a().record(first)).toBe(true);
    expect(await a().record({ ...first, occurredAt: at(T0 + 5) })).toBe(false);
    expect(await a().record(event(T0 + DAY))).toBe(true);
    expect(await a().record(event(T0 - 1))).toBe(true);
    const uploads = async () =>
      (await a().documentSeries(null, { ...WINDOW, from: at(T0 - DAY) })).reduce((n, b) => n + b.uploaded, 0);
    expect(await uploads()).toBe(3);

    expect(await a().prune(at(T0))).toBe(1);
    expect(await a().prune(at(T0))).toBe(0);
    expect(await uploads()).toBe(2);
    // Pruned keys may be recorded again (a replay older than the retention would be pruned again).
    expect(await a().record(first)).toBe(false);
  });

  it('refuses an event without a time and a window without bounds', async () => {
    await expect(a().record(event(T0, { occurredAt: 'yesterday' }))).rejects.toMatchObject({
      code: 'ANALYTICS_EVENT_INVALID',
    });
    await expect(a().documentSeries(null, { ...WINDOW, from: 'x' })).rejects.toMatchObject({
      code: 'STATS_WINDOW_INVALID',
    });
  });

  it('counts uploads, processed and failed documents per day and type family, of one user or everyone', async () => {
    await a().record(event(T0 - 1));
    await a().record(event(T0 + 10));
    await a().record(event(T0 + 20, { typeFamily: 'image' }));
    await a().record(event(T0 + 30, { kind: 'document.processed' }));
    await a().record(event(T0 + DAY + 1, { kind: 'document.failed', typeFamily: 'image', errorCode: 'X' }));
    await a().record(event(T0 + 2 * DAY, { userId: OTHER_OWNER, typeFamily: 'word' }));
    await a().record(event(T0 + 2 * DAY + 1, { kind: 'question', typeFamily: null, found: true }));
    await a().record(event(T0 + 3 * DAY));

    expect(await a().documentSeries(null, WINDOW)).toEqual([
      { start: at(T0), typeFamily: 'image', uploaded: 1, processed: 0, failed: 0 },
      { start: at(T0), typeFamily: 'pdf', uploaded: 1, processed: 1, failed: 0 },
      { start: at(T0 + DAY), typeFamily: 'image', uploaded: 0, processed: 0, failed: 1 },
      { start: at(T0 + 2 * DAY), typeFamily: 'word', uploaded: 1, processed: 0, failed: 0 },
    ]);
    expect(await a().documentSeries(OTHER_OWNER, WINDOW)).toEqual([
      { start: at(T0 + 2 * DAY), typeFamily: 'word', uploaded: 1, processed: 0, failed: 0 },
    ]);
    expect(await a().documentSeries('nobody', WINDOW)).toEqual([]);
  });

  it('gives nearest-rank p50/p95 of each timed stage and of the whole processing, per user', async () => {
    // 1..100 ms in a scrambled order: the percentiles are the ranks themselves.
    for (let i = 0; i < 100; i++) {
      const ms = ((i * 37) % 100) + 1;
      await a().record(
        event(T0 + i, {
          kind: 'document.processed',
          stages: { extract: ms, chunk: 2 * ms, ...(i < 20 ? { embed: 1000 + ms } : {}) },
          durationMs: 10 * ms,
        }),
      );
    }
    await a().record(
      event(T0 + 500, { kind: 'document.processed', userId: OTHER_OWNER, stages: { index: 7 } }),
    );
    await a().record(event(T0 - 1, { kind: 'document.processed', stages: { extract: 99_999 } }));

    const mine = await a().stageDurations(OWNER, WINDOW);
    expect(mine).toEqual([
      { stage: 'extract', count: 100, p50: 50, p95: 95 },
      { stage: 'chunk', count: 100, p50: 100, p95: 190 },
      { stage: 'embed', count: 20, p50: expect.any(Number), p95: expect.any(Number) },
      { stage: 'total', count: 100, p50: 500, p95: 950 },
    ]);
    // The first 20 events had extract ms of ((i·37) mod 100) + 1; nearest rank over their embed times.
    const embeds = Array.from({ length: 20 }, (_, i) => 1000 + ((i * 37) % 100) + 1).sort((x, y) => x - y);
    expect(mine[2]).toMatchObject({ p50: embeds[9], p95: embeds[18] });
    expect(await a().stageDurations(null, WINDOW)).toContainEqual({
      stage: 'index',
      count: 1,
      p50: 7,
      p95: 7,
    });
    expect(await a().stageDurations(OTHER_OWNER, WINDOW)).toEqual([
      { stage: 'index', count: 1, p50: 7, p95: 7 },
    ]);
    expect(await a().stageDurations('nobody', WINDOW)).toEqual([]);
  });

  it('counts questions and those not found per day, with their latency percentiles', async () => {
    await a().record(event(T0 + 1, { kind: 'question', found: true, durationMs: 30, typeFamily: null }));
    await a().record(event(T0 + 2, { kind: 'question', found: false, durationMs: 10, typeFamily: null }));
    await a().record(
      event(T0 + 2 * DAY, { kind: 'question', found: false, durationMs: 20, typeFamily: null }),
    );
    await a().record(
      event(T0 + 2 * DAY, {
        kind: 'question',
        found: true,
        durationMs: 40,
        userId: OTHER_OWNER,
        typeFamily: null,
      }),
    );
    await a().record(event(T0 - 5, { kind: 'question', found: false, durationMs: 1, typeFamily: null }));

    expect(await a().questionSeries(null, WINDOW)).toEqual([
      { start: at(T0), asked: 2, notFound: 1 },
      { start: at(T0 + 2 * DAY), asked: 2, notFound: 1 },
    ]);
    expect(await a().questionSeries(OWNER, WINDOW)).toEqual([
      { start: at(T0), asked: 2, notFound: 1 },
      { start: at(T0 + 2 * DAY), asked: 1, notFound: 1 },
    ]);
    expect(await a().questionLatency(OWNER, WINDOW)).toEqual({ count: 3, p50: 20, p95: 30 });
    expect(await a().questionLatency(null, WINDOW)).toEqual({ count: 4, p50: 20, p95: 40 });
    expect(await a().questionLatency('nobody', WINDOW)).toEqual({ count: 0, p50: null, p95: null });
  });

  it('gives search latency percentiles and zero results per mode from the query log', async () => {
    for (let i = 1; i <= 20; i++) await searchAt(T0 + i, `q${i}`, i % 4 === 0 ? 0 : 1, i);
    await searchAt(T0 + 100, 'lex', 0, 500, { mode: 'lexical' });
    await searchAt(T0 + 200, 'theirs', 1, 9000, { mode: 'lexical', userId: OTHER_OWNER });
    await searchAt(T0 - 1, 'early', 1, 7000);

    expect(await a().searchLatencyByMode(OWNER, WINDOW)).toEqual([
      { mode: 'hybrid', count: 20, zeroResults: 5, p50: 10, p95: 19 },
      { mode: 'lexical', count: 1, zeroResults: 1, p50: 500, p95: 500 },
    ]);
    expect(await a().searchLatencyByMode(null, WINDOW)).toContainEqual({
      mode: 'lexical',
      count: 2,
      zeroResults: 1,
      p50: 500,
      p95: 9000,
    });
    expect(await a().searchLatencyByMode('nobody', WINDOW)).toEqual([]);
  });

  it('lists the most frequent queries, spelling variants together, with their zero-result count', async () => {
    await searchAt(T0 + 1, 'Honey bees', 3, 5);
    await searchAt(T0 + 2, ' honey BEES ', 0, 5);
    await searchAt(T0 + 3, 'honey bees', 2, 5);
    await searchAt(T0 + 4, 'wasps', 0, 5);
    await searchAt(T0 + 5, 'tides', 1, 5);
    await searchAt(T0 + 6, 'wasps', 0, 5, { userId: OTHER_OWNER });
    await searchAt(T0 + 7, 'wasps', 0, 5, { userId: OTHER_OWNER });

    expect(await a().topQueries(OWNER, WINDOW, 10)).toEqual([
      { query: 'honey bees', count: 3, zeroResults: 1, lastSeenAt: at(T0 + 3) },
      { query: 'tides', count: 1, zeroResults: 0, lastSeenAt: at(T0 + 5) },
      { query: 'wasps', count: 1, zeroResults: 1, lastSeenAt: at(T0 + 4) },
    ]);
    // A tie in count: the most recently seen first.
    expect(await a().topQueries(null, WINDOW, 2)).toEqual([
      { query: 'wasps', count: 3, zeroResults: 3, lastSeenAt: at(T0 + 7) },
      { query: 'honey bees', count: 3, zeroResults: 1, lastSeenAt: at(T0 + 3) },
    ]);
  });

  it('counts distinct active users per day and over the window, from searches, uploads and questions', async () => {
    await searchAt(T0 + 1, 'a', 1, 5);
    await searchAt(T0 + 2, 'b', 1, 5);
    await a().record(event(T0 + 3));
    await a().record(
      event(T0 + DAY, { kind: 'question', userId: OTHER_OWNER, found: true, typeFamily: null }),
    );
    // Processing is the workers' doing, not the owner's activity; outside the window does not count.
    await a().record(event(T0 + 2 * DAY, { kind: 'document.processed' }));
    await a().record(event(T0 + 3 * DAY, { userId: OTHER_OWNER }));
    await a().record(event(T0 + 2 * DAY, { userId: null }));

    expect(await a().activeUsers(WINDOW)).toEqual({
      series: [
        { start: at(T0), users: 1 },
        { start: at(T0 + DAY), users: 1 },
      ],
      total: 2,
    });
    expect(await a().activeUsers({ ...WINDOW, from: at(T0 + 2 * DAY) })).toEqual({ series: [], total: 0 });

    const top = await a().userActivity(WINDOW, 10);
    expect(top).toEqual([
      { userId: OWNER, username: 'local', searches: 2, questions: 0, uploads: 1, lastActiveAt: at(T0 + 3) },
      {
        userId: OTHER_OWNER,
        username: OTHER_OWNER,
        searches: 0,
        questions: 1,
        uploads: 0,
        lastActiveAt: at(T0 + DAY),
      },
    ]);
    expect(await a().userActivity(WINDOW, 1)).toHaveLength(1);
  });
}
