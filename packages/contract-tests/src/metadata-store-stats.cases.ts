import type { NewDocument, StatsWindow } from '@sift/core';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { newDocument, OTHER_OWNER, OWNER, SETTINGS, type StoreFixture } from './metadata-store.fixture.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-01-01T00:00:00.000Z');
/** Three hourly buckets from T0. */
const WINDOW: StatsWindow = {
  from: new Date(T0).toISOString(),
  to: new Date(T0 + 3 * HOUR).toISOString(),
  bucketMs: HOUR,
};
const at = (ms: number) => new Date(ms).toISOString();

/**
 * stats: aggregates for the dashboard. The store stamps rows with the process clock, which these cases set
 * (only `Date` is faked), so every event lands in a known bucket.
 */
export function statsCases(f: StoreFixture): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Inserts a document at `ms`. */
  const insertAt = async (ms: number, overrides: Partial<NewDocument> = {}) => {
    vi.setSystemTime(ms);
    return f.store.documents.insert(newDocument(overrides));
  };
  /** Logs a search at `ms`. */
  const searchAt = async (
    ms: number,
    query: string,
    resultsCount: number,
    latencyMs = 10,
    userId = OWNER,
  ) => {
    vi.setSystemTime(ms);
    await f.store.search.recordQuery({ userId, query, mode: 'hybrid', filters: {}, resultsCount, latencyMs });
  };

  it('counts documents by status, category and content type, only those the access reaches', async () => {
    const shared = await f.store.collections.create({
      ownerId: OTHER_OWNER,
      name: 'shared',
      settings: SETTINGS,
    });
    const hidden = await f.store.collections.create({
      ownerId: OTHER_OWNER,
      name: 'hidden',
      settings: SETTINGS,
    });
    await insertAt(T0, { status: 'processed', size: 100 });
    await insertAt(T0, { status: 'failed', size: 20, contentType: 'image/png', category: 'image' });
    await insertAt(T0, {
      ownerId: OTHER_OWNER,
      collectionId: shared.id,
      size: 3,
      contentType: 'image/png',
      category: 'image',
    });
    await insertAt(T0, { ownerId: OTHER_OWNER, collectionId: hidden.id, size: 4000 });
    await insertAt(T0, { ownerId: OTHER_OWNER, size: 50000, contentType: 'audio/mpeg', category: 'audio' });

    const all = await f.store.stats.documentCounts(null);
    expect(all.total).toBe(5);
    expect(all.totalBytes).toBe(100 + 20 + 3 + 4000 + 50000);
    expect(all.byStatus).toEqual({ uploaded: 0, queued: 3, processing: 0, processed: 1, failed: 1 });
    expect(all.byCategory).toEqual({ document: 2, image: 2, audio: 1, archive: 0 });
    expect(all.byContentType).toEqual([
      { contentType: 'application/pdf', count: 2 },
      { contentType: 'image/png', count: 2 },
      { contentType: 'audio/mpeg', count: 1 },
    ]);

    const mine = await f.store.stats.documentCounts({ ownerId: OWNER, collectionIds: [shared.id] });
    expect(mine).toMatchObject({ total: 3, totalBytes: 123 });
    expect(mine.byStatus).toEqual({ uploaded: 0, queued: 1, processing: 0, processed: 1, failed: 1 });
    expect(mine.byContentType).toEqual([
      { contentType: 'image/png', count: 2 },
      { contentType: 'application/pdf', count: 1 },
    ]);
    const keyOnly = await f.store.stats.documentCounts({ ownerId: null, collectionIds: [hidden.id] });
    expect(keyOnly).toMatchObject({ total: 1, totalBytes: 4000 });
    const nothing = await f.store.stats.documentCounts({ ownerId: null, collectionIds: [] });
    expect(nothing).toMatchObject({ total: 0, totalBytes: 0, byContentType: [] });
    expect(nothing.byStatus.processed).toBe(0);
  });

  it('buckets uploads, finished processing and failures by hour within the window, for the access', async () => {
    const before = await insertAt(T0 - 1);
    const a = await insertAt(T0 + 10);
    const b = await insertAt(T0 + 20);
    const c = await insertAt(T0 + HOUR + 5);
    const theirs = await insertAt(T0 + 2 * HOUR, { ownerId: OTHER_OWNER });
    await insertAt(T0 + 3 * HOUR); // at `to`: outside
    vi.setSystemTime(T0 + 2 * HOUR + 30);
    await f.store.documents.update(before.id, { status: 'processed', processedAt: at(T0 + HOUR + 1) });
    await f.store.documents.update(a.id, { status: 'processed', processedAt: at(T0 + 2 * HOUR + 1) });
    await f.store.documents.update(b.id, { status: 'failed', errorCode: 'X' });
    await f.store.documents.update(theirs.id, { status: 'processed', processedAt: at(T0 + 2 * HOUR + 2) });
    // Processed before the window: counted as an upload (in it) but not as processed.
    await f.store.documents.update(c.id, { status: 'processed', processedAt: at(T0 - HOUR) });

    expect(await f.store.stats.ingestSeries(null, WINDOW)).toEqual([
      { start: at(T0), uploaded: 2, processed: 0, failed: 0 },
      { start: at(T0 + HOUR), uploaded: 1, processed: 1, failed: 0 },
      { start: at(T0 + 2 * HOUR), uploaded: 1, processed: 2, failed: 1 },
    ]);
    expect(await f.store.stats.ingestSeries({ ownerId: OWNER, collectionIds: [] }, WINDOW)).toEqual([
      { start: at(T0), uploaded: 2, processed: 0, failed: 0 },
      { start: at(T0 + HOUR), uploaded: 1, processed: 1, failed: 0 },
      { start: at(T0 + 2 * HOUR), uploaded: 0, processed: 1, failed: 1 },
    ]);
    expect(await f.store.stats.ingestSeries({ ownerId: null, collectionIds: [] }, WINDOW)).toEqual([]);
  });

  it('buckets searches and those without hits, of one user or everyone', async () => {
    await searchAt(T0 - 1, 'too early', 0);
    await searchAt(T0, 'honey', 3);
    await searchAt(T0 + 59 * 60_000, 'nothing', 0);
    await searchAt(T0 + 2 * HOUR + 1, 'bees', 1, 10, OTHER_OWNER);
    await searchAt(T0 + 2 * HOUR + 2, 'wasps', 0, 10, OTHER_OWNER);
    await searchAt(T0 + 3 * HOUR, 'too late', 0);

    expect(await f.store.stats.searchSeries(null, WINDOW)).toEqual([
      { start: at(T0), searches: 2, zeroResults: 1 },
      { start: at(T0 + 2 * HOUR), searches: 2, zeroResults: 1 },
    ]);
    expect(await f.store.stats.searchSeries(OWNER, WINDOW)).toEqual([
      { start: at(T0), searches: 2, zeroResults: 1 },
    ]);
  });

  it('gives nearest-rank latency percentiles of the window’s searches, and nulls without any', async () => {
    // 1..100 ms in a scrambled order: the percentiles are the ranks themselves.
    for (let i = 0; i < 100; i++) await searchAt(T0 + i * 1000, `q${i}`, 1, ((i * 37) % 100) + 1);
    await searchAt(T0 - 1, 'outside', 1, 5000);
    await searchAt(T0 + 10, 'theirs', 1, 7000, OTHER_OWNER);
    expect(await f.store.stats.searchLatency(OWNER, WINDOW)).toEqual({
      count: 100,
      p50: 50,
      p95: 95,
      p99: 99,
      max: 100,
      mean: 50.5,
    });
    expect(await f.store.stats.searchLatency(null, WINDOW)).toMatchObject({
      count: 101,
      p99: 100,
      max: 7000,
    });
    const few = { ...WINDOW, from: at(T0 + 10 * 1000), to: at(T0 + 13 * 1000) };
    // Three searches (latencies 71, 8, 45): p50 is the 2nd, p95 and p99 the 3rd.
    expect(await f.store.stats.searchLatency(OWNER, few)).toMatchObject({
      count: 3,
      p50: 45,
      p95: 71,
      p99: 71,
    });
    expect(await f.store.stats.searchLatency(OTHER_OWNER, few)).toEqual({
      count: 0,
      p50: null,
      p95: null,
      p99: null,
      max: null,
      mean: null,
    });
  });

  it('lists the most frequent queries without hits, grouped case-insensitively, most recent first on ties', async () => {
    await searchAt(T0 + 1, 'Zebra ', 0);
    await searchAt(T0 + 2, 'zebra', 0);
    await searchAt(T0 + 3, 'zebra', 5); // found something: not a zero-result query
    await searchAt(T0 + 4, 'okapi', 0);
    await searchAt(T0 + 5, 'quagga', 0);
    await searchAt(T0 + 6, 'tapir', 0, 10, OTHER_OWNER);
    await searchAt(T0 - 1, 'okapi', 0); // before the window

    expect(await f.store.stats.zeroResultQueries(null, WINDOW, 10)).toEqual([
      { query: 'zebra', count: 2, lastSeenAt: at(T0 + 2) },
      { query: 'tapir', count: 1, lastSeenAt: at(T0 + 6) },
      { query: 'quagga', count: 1, lastSeenAt: at(T0 + 5) },
      { query: 'okapi', count: 1, lastSeenAt: at(T0 + 4) },
    ]);
    expect((await f.store.stats.zeroResultQueries(OWNER, WINDOW, 2)).map((q) => q.query)).toEqual([
      'zebra',
      'quagga',
    ]);
  });
}
