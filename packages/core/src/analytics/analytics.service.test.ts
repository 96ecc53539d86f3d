import { describe, expect, it } from 'vitest';
import { Access } from '../auth/access.js';
import type { Principal } from '../auth/auth.types.js';
import type { AnalyticsRepository } from '../ports/analytics-repository.port.js';
import type { StatsRepository, StatsWindow } from '../ports/stats-repository.port.js';
import { AnalyticsService } from './analytics.service.js';

const NOW = new Date('2025-03-10T14:25:00.000Z');
const D = (day: number) => new Date(Date.UTC(2025, 2, day)).toISOString();

/** Stores that answer fixed rows and remember the user restriction and the window of every query. */
function recordingStores() {
  const seen = { users: [] as (string | null)[], windows: [] as StatsWindow[] };
  const note = (userId: string | null, window: StatsWindow) => {
    seen.users.push(userId);
    seen.windows.push(window);
  };
  const analytics: AnalyticsRepository = {
    record: async () => true,
    prune: async () => 0,
    documentSeries: async (userId, window) => {
      note(userId, window);
      return [
        { start: D(9), typeFamily: 'pdf', uploaded: 2, processed: 1, failed: 0 },
        { start: D(9), typeFamily: 'text', uploaded: 3, processed: 3, failed: 1 },
        { start: D(10), typeFamily: 'pdf', uploaded: 1, processed: 2, failed: 0 },
      ];
    },
    stageDurations: async (userId, window) => {
      note(userId, window);
      return [
        { stage: 'chunk', count: 6, p50: 3, p95: 9 },
        { stage: 'total', count: 6, p50: 40, p95: 90 },
      ];
    },
    questionSeries: async (userId, window) => {
      note(userId, window);
      return [{ start: D(10), asked: 3, notFound: 1 }];
    },
    questionLatency: async (userId, window) => {
      note(userId, window);
      return { count: 3, p50: 100, p95: 300 };
    },
    searchLatencyByMode: async (userId, window) => {
      note(userId, window);
      return [{ mode: 'hybrid', count: 4, zeroResults: 1, p50: 8, p95: 20 }];
    },
    topQueries: async (userId, window) => {
      note(userId, window);
      return [{ query: 'bees', count: 3, zeroResults: 0, lastSeenAt: D(10) }];
    },
    activeUsers: async (window) => {
      note(null, window);
      const days = (Date.parse(window.to) - Date.parse(window.from)) / window.bucketMs;
      return { series: [{ start: D(10), users: 2 }], total: days > 7 ? 5 : 3 };
    },
    userActivity: async (window) => {
      note(null, window);
      return [];
    },
  };
  const stats = {
    searchSeries: async (userId: string | null, window: StatsWindow) => {
      note(userId, window);
      return [{ start: D(10), searches: 4, zeroResults: 1 }];
    },
    searchLatency: async (userId: string | null, window: StatsWindow) => {
      note(userId, window);
      return { count: 4, p50: 8, p95: 20, p99: 20, max: 20, mean: 10 };
    },
    zeroResultQueries: async (userId: string | null, window: StatsWindow) => {
      note(userId, window);
      return [];
    },
  } as unknown as StatsRepository;
  return { service: new AnalyticsService({ analytics, stats }), seen };
}

const access = (extra: Partial<Principal> = {}) =>
  Access.of({ kind: 'user', userId: 'u1', role: 'editor', scopes: ['read', 'write'], ...extra }, new Map());
const admin = () => access({ role: 'admin', scopes: ['read', 'write', 'admin'] });

describe('AnalyticsService', () => {
  it('asks for everyone’s records for an unrestricted admin, and says so', async () => {
    const { service, seen } = recordingStores();
    const overview = await service.overview(admin(), { days: 30, now: NOW });
    expect(new Set(seen.users)).toEqual(new Set([null]));
    expect(overview).toMatchObject({
      scope: 'all',
      days: 30,
      from: D(9 - 28),
      to: D(11),
      documents: { uploaded: 6, processed: 6, failed: 1 },
      search: { searches: 4, zeroResults: 1 },
      questions: { asked: 3, notFound: 1, notFoundRate: 0.333 },
      // The range's distinct users, and those of its last seven days.
      activeUsers: { total: 5, weekly: 3 },
    });
  });

  it('restricts every query to the principal’s own records otherwise, and leaves others’ activity out', async () => {
    for (const principal of [access(), access({ kind: 'api_key', role: 'admin', collectionIds: ['c1'] })]) {
      const { service, seen } = recordingStores();
      const overview = await service.overview(principal, { now: NOW });
      expect(overview).toMatchObject({ scope: 'own', activeUsers: null });
      expect(new Set(seen.users)).toEqual(new Set(['u1']));
      for (const view of ['documents', 'search', 'questions'] as const) {
        seen.users.length = 0;
        expect(await service[view](principal, { now: NOW })).toMatchObject({ scope: 'own' });
        expect(new Set(seen.users)).toEqual(new Set(['u1']));
      }
    }
  });

  it('refuses active users to anyone but an admin, and every view without read', async () => {
    const { service, seen } = recordingStores();
    await expect(service.users(access(), { now: NOW })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      service.users(access({ role: 'admin', scopes: ['read'] }), { now: NOW }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.overview(access({ scopes: [] }), { now: NOW })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(seen.windows).toEqual([]);
    const users = await service.users(admin(), { days: 10, now: NOW });
    expect(users).toMatchObject({ total: 5, weekly: 3 });
    expect(users.daily).toHaveLength(10);
    expect(users.daily.at(-1)).toEqual({ start: D(10), users: 2 });
  });

  it('gives one point per day with the families of each, families by uploads, and every stage', async () => {
    const { service } = recordingStores();
    const documents = await service.documents(admin(), { days: 3, now: NOW });
    expect(documents.series).toEqual([
      { start: D(8), uploaded: 0, processed: 0, failed: 0, byType: [] },
      {
        start: D(9),
        uploaded: 5,
        processed: 4,
        failed: 1,
        byType: [
          { typeFamily: 'pdf', uploaded: 2, processed: 1, failed: 0 },
          { typeFamily: 'text', uploaded: 3, processed: 3, failed: 1 },
        ],
      },
      {
        start: D(10),
        uploaded: 1,
        processed: 2,
        failed: 0,
        byType: [{ typeFamily: 'pdf', uploaded: 1, processed: 2, failed: 0 }],
      },
    ]);
    // Equal uploads and processed: by name.
    expect(documents.byType.map((t) => [t.typeFamily, t.uploaded, t.processed])).toEqual([
      ['pdf', 3, 3],
      ['text', 3, 3],
    ]);
    expect(documents.stages).toEqual([
      { stage: 'extract', count: 0, p50: null, p95: null },
      { stage: 'chunk', count: 6, p50: 3, p95: 9 },
      { stage: 'embed', count: 0, p50: null, p95: null },
      { stage: 'index', count: 0, p50: null, p95: null },
      { stage: 'total', count: 6, p50: 40, p95: 90 },
    ]);
  });

  it('resolves from/to as inclusive UTC days, and refuses what it cannot', async () => {
    const { service, seen } = recordingStores();
    const q = await service.questions(admin(), { from: '2025-03-01', to: '2025-03-03', now: NOW });
    expect(q).toMatchObject({ from: D(1), to: D(4), days: 3, asked: 3, notFoundRate: 0.333 });
    expect(q.series).toHaveLength(3);
    expect(seen.windows[0]).toEqual({ from: D(1), to: D(4), bucketMs: 86_400_000 });
    // `to` alone ends there; `from` alone runs to today.
    expect(await service.questions(admin(), { to: '2025-03-05', now: NOW })).toMatchObject({
      days: 30,
      to: D(6),
    });
    expect(await service.questions(admin(), { from: '2025-03-08', now: NOW })).toMatchObject({ days: 3 });
    for (const range of [
      { days: 7, from: '2025-03-01' },
      { days: 0 },
      { days: 367 },
      { days: 1.5 },
      { from: '2025-03-09', to: '2025-03-08' },
      { from: '2025-02-30' },
      { from: '03/01/2025' },
      { from: '2024-01-01', to: '2025-03-01' },
    ]) {
      await expect(
        service.search(admin(), { ...range, now: NOW }),
        JSON.stringify(range),
      ).rejects.toMatchObject({
        code: 'ANALYTICS_RANGE_INVALID',
      });
    }
  });
});
