import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../problem.schema.js';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles, waitForDocument } from '../testing/upload.js';
import type { StatsResponse } from './stats.schema.js';

/** The value at rank ⌈p·n⌉ of the sorted values (nearest rank), as the endpoint promises. */
function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

/**
 * The dashboard over real records: uploads processed by the real pipeline, searches logged by the real
 * search service, all counted by SQLite. Auth is off, so the caller is the operator and sees everything.
 */
describe('GET /stats', () => {
  let t: TestServer;
  const api = () => `${t.url}/api/v1`;
  const stats = (query = '') => fetchJson<StatsResponse & Problem>(`${api()}/stats${query}`);
  const search = async (query: string) => {
    const res = await fetch(`${api()}/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, mode: 'lexical' }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { hits: unknown[] }).hits.length;
  };

  beforeAll(async () => {
    t = await startTestServer({ startWorkers: true, env: { SIFT_EMBEDDER: 'none' } });
    const up = await uploadFiles(api(), [
      { name: 'bees.md', data: '# Bees\n\nHoney bees pollinate almond orchards.' },
      { name: 'hives.md', data: '# Hives\n\nA beekeeper inspects the hive frames.' },
      { name: 'tides.txt', data: 'The moon raises ocean tides twice a day.' },
      // No word at all: processing fails with EMPTY_TEXT.
      { name: 'dashes.txt', data: '--- ... !!! ***\n\n   ;;;\n' },
    ]);
    expect(up.status).toBe(202);
    for (const item of up.body.items) await waitForDocument(api(), item.document_id!);
    for (const q of ['honey bees', 'hive frames', 'ocean tides', 'xyzzy plugh', 'XYZZY plugh ', 'quokka'])
      await search(q);
  }, 120_000);
  afterAll(() => t?.close());

  it('counts documents by status, category and content type', async () => {
    const { status, body } = await stats();
    expect(status).toBe(200);
    expect(body.scope).toEqual({ documents: 'all', searches: 'all' });
    expect(body.documents.total).toBe(4);
    expect(body.documents.by_status).toEqual({
      uploaded: 0,
      queued: 0,
      processing: 0,
      processed: 3,
      failed: 1,
    });
    expect(body.documents.by_category).toEqual({ document: 4, image: 0, audio: 0, archive: 0 });
    expect(body.documents.by_content_type).toEqual([
      { content_type: 'text/markdown', count: 2 },
      { content_type: 'text/plain', count: 2 },
    ]);
    expect(body.documents.total_bytes).toBeGreaterThan(100);
  });

  it('gives ingest per hour over the last 24 hours, the current hour last', async () => {
    const { body } = await stats('?range=24h');
    expect(body.bucket).toBe('hour');
    expect(body.ingest.series).toHaveLength(24);
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(24 * 3_600_000);
    expect(Date.parse(body.ingest.series.at(-1)!.start)).toBeLessThanOrEqual(Date.now());
    expect(body.ingest).toMatchObject({ uploaded: 4, processed: 3, failed: 1 });
    const total = (key: 'uploaded' | 'processed' | 'failed') =>
      body.ingest.series.reduce((n, b) => n + b[key], 0);
    expect([total('uploaded'), total('processed'), total('failed')]).toEqual([4, 3, 1]);
  });

  it('counts searches, those without hits, and their latency percentiles as the query log shows them', async () => {
    const { body } = await stats('?range=24h');
    const log = await fetchJson<{ items: { query: string; results_count: number; latency_ms: number }[] }>(
      `${api()}/search/queries?limit=1000`,
    );
    const latencies = log.body.items.map((q) => q.latency_ms);
    expect(latencies).toHaveLength(6);
    expect(body.search.searches).toBe(6);
    expect(body.search.zero_results).toBe(log.body.items.filter((q) => q.results_count === 0).length);
    expect(body.search.zero_results).toBe(3);
    expect(body.search.series.reduce((n, b) => n + b.searches, 0)).toBe(6);
    expect(body.search.latency_ms).toEqual({
      count: 6,
      p50: nearestRank(latencies, 50),
      p95: nearestRank(latencies, 95),
      p99: nearestRank(latencies, 99),
      max: Math.max(...latencies),
      mean: Math.round((latencies.reduce((a, b) => a + b, 0) / 6) * 10) / 10,
    });
  });

  it('lists the most frequent queries without hits, spelling variants together', async () => {
    const { body } = await stats('?top=5');
    expect(body.search.top_zero_result_queries).toEqual([
      { query: 'xyzzy plugh', count: 2, last_seen_at: expect.any(String) },
      { query: 'quokka', count: 1, last_seen_at: expect.any(String) },
    ]);
    expect((await stats('?top=1')).body.search.top_zero_result_queries).toHaveLength(1);
  });

  it('uses days past 48 hours, hours when asked, and refuses ranges it cannot chart', async () => {
    const week = await stats('?range=7d');
    expect(week.body.bucket).toBe('day');
    expect(week.body.ingest.series).toHaveLength(7);
    expect(week.body.ingest.processed).toBe(3);
    expect((await stats('?range=7d&bucket=hour')).body.search.series).toHaveLength(168);
    for (const [query, code] of [
      ['?range=forever', 'VALIDATION_FAILED'],
      ['?range=999d', 'STATS_RANGE_INVALID'],
      ['?range=90d&bucket=hour', 'STATS_TOO_MANY_BUCKETS'],
      ['?top=0', 'VALIDATION_FAILED'],
    ] as const) {
      const res = await stats(query);
      expect(res.status, query).toBe(400);
      expect(res.body.code, query).toBe(code);
    }
  });
});
