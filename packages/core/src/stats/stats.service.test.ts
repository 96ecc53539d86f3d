import { describe, expect, it } from 'vitest';
import { Access } from '../auth/access.js';
import type { Principal } from '../auth/auth.types.js';
import type { StatsRepository, StatsWindow } from '../ports/stats-repository.port.js';
import type { DocumentAccess } from '../search/search.types.js';
import { dashboardStats } from './stats.service.js';

const NOW = new Date('2025-03-10T14:25:00.000Z');

/** A store that answers fixed rows and remembers the restrictions it was asked to apply. */
function recordingStore() {
  const seen = {
    documents: [] as (DocumentAccess | null)[],
    searches: [] as (string | null)[],
    windows: [] as StatsWindow[],
    limits: [] as number[],
  };
  const store: StatsRepository = {
    documentCounts: async (access) => {
      seen.documents.push(access);
      return {
        total: 3,
        totalBytes: 300,
        byStatus: { uploaded: 0, queued: 1, processing: 0, processed: 2, failed: 0 },
        byCategory: { document: 3, image: 0, audio: 0, archive: 0 },
        byContentType: [{ contentType: 'text/plain', count: 3 }],
      };
    },
    ingestSeries: async (access, window) => {
      seen.documents.push(access);
      seen.windows.push(window);
      return [{ start: '2025-03-10T13:00:00.000Z', uploaded: 3, processed: 2, failed: 1 }];
    },
    searchSeries: async (userId) => {
      seen.searches.push(userId);
      return [
        { start: '2025-03-10T12:00:00.000Z', searches: 2, zeroResults: 0 },
        { start: '2025-03-10T14:00:00.000Z', searches: 5, zeroResults: 1 },
      ];
    },
    searchLatency: async (userId) => {
      seen.searches.push(userId);
      return { count: 7, p50: 3, p95: 9, p99: 9, max: 9, mean: 4 };
    },
    zeroResultQueries: async (userId, _window, limit) => {
      seen.searches.push(userId);
      seen.limits.push(limit);
      return [{ query: 'nothing here', count: 1, lastSeenAt: '2025-03-10T14:20:00.000Z' }];
    },
  };
  return { store, seen };
}

const principal = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({
  kind: 'user',
  userId: 'me',
  role,
  scopes: role === 'viewer' ? ['read'] : ['read', 'write', ...(role === 'admin' ? (['admin'] as const) : [])],
  ...extra,
});

describe('dashboardStats', () => {
  it('counts everything for an admin, with a point per bucket and totals of the window', async () => {
    const { store, seen } = recordingStore();
    const stats = await dashboardStats(store, Access.of(principal('admin'), new Map()), {
      range: '3h',
      now: NOW,
    });
    expect(seen.documents).toEqual([null, null]);
    expect(seen.searches).toEqual([null, null, null]);
    expect(seen.limits).toEqual([10]);
    expect(stats.scope).toEqual({ documents: 'all', searches: 'all' });
    expect(stats).toMatchObject({ range: '3h', bucket: 'hour', from: '2025-03-10T12:00:00.000Z' });
    expect(stats.ingest).toMatchObject({ uploaded: 3, processed: 2, failed: 1 });
    expect(stats.ingest.series.map((b) => b.processed)).toEqual([0, 2, 0]);
    expect(stats.search).toMatchObject({ searches: 7, zeroResults: 1 });
    expect(stats.search.series.map((b) => b.searches)).toEqual([2, 0, 5]);
  });

  it('counts for a user the documents it may read and only its own searches', async () => {
    const { store, seen } = recordingStore();
    const access = Access.of(principal('editor'), new Map([['shared', 'viewer']]));
    const stats = await dashboardStats(store, access, { range: '7d', top: 3, now: NOW });
    expect(seen.documents).toEqual([
      { ownerId: 'me', collectionIds: ['shared'] },
      { ownerId: 'me', collectionIds: ['shared'] },
    ]);
    expect(seen.searches).toEqual(['me', 'me', 'me']);
    expect(seen.limits).toEqual([3]);
    expect(seen.windows[0]!.bucketMs).toBe(86_400_000);
    expect(stats.scope).toEqual({ documents: 'readable', searches: 'own' });
    expect(stats.ingest.series).toHaveLength(7);
  });

  it('narrows an admin’s key restricted to some collections to their documents and its own searches', async () => {
    const { store, seen } = recordingStore();
    const access = Access.of(principal('admin', { kind: 'api_key', collectionIds: ['c2'] }), new Map());
    await dashboardStats(store, access, { range: '24h', now: NOW });
    expect(seen.documents[0]).toEqual({ ownerId: null, collectionIds: ['c2'] });
    expect(seen.searches[0]).toBe('me');
  });

  it('refuses a principal without the read scope and a range it cannot read, before asking the store', async () => {
    const { store, seen } = recordingStore();
    const keyWithoutRead = Access.of(principal('editor', { scopes: ['write'] }), new Map());
    await expect(dashboardStats(store, keyWithoutRead, { range: '24h' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const admin = Access.operator('op');
    await expect(dashboardStats(store, admin, { range: 'forever' })).rejects.toMatchObject({
      code: 'STATS_RANGE_INVALID',
      category: 'user',
    });
    expect(seen.documents).toEqual([]);
  });
});
