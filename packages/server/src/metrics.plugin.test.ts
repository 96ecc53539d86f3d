import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { labelValues, parseScrape, seriesOf, valueOf, type Scrape } from '@sift/adapter-prometheus/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, startTestServer, type TestServer } from './testing/test-server.js';
import type { DocumentBody } from './testing/upload.js';

const PROMTOOL = '/usr/bin/promtool';
const PASSWORD = 'a long enough test password';

/** Sends `init` with the given bearer credentials; JSON in, the raw Response out. */
function request(url: string, token: string | null, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(url, { ...init, headers });
}

async function json<T>(res: Promise<Response>, what: string): Promise<T> {
  const r = await res;
  const body = (await r.json()) as T;
  if (r.status >= 400) throw new Error(`${what}: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * GET /metrics on the API port over a real server with accounts on, after real uploads, processing and
 * searches; the scrape is read with a Prometheus text-format parser.
 */
describe('GET /metrics', () => {
  let t: TestServer;
  let api: string;
  let adminToken: string;
  /** A key with the admin scope alone: what Prometheus scrapes with. */
  let adminKey: string;
  let readKey: string;
  let editorToken: string;
  const documentIds: string[] = [];
  let failed: DocumentBody;
  let timings: Record<string, number> | undefined;
  let scrape: Scrape;
  let scrapeText: string;

  beforeAll(async () => {
    t = await startTestServer({
      startWorkers: true,
      env: { SIFT_AUTH: 'on', SIFT_QUEUE_POLL_MS: '50', SIFT_EMBEDDER: 'use-lite' },
    });
    api = `${t.url}/api/v1`;
    const post = (path: string, token: string | null, body: unknown) =>
      request(`${api}${path}`, token, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const setup = await json<{ access_token: string }>(
      post('/auth/setup', null, { email: 'admin@example.com', password: PASSWORD }),
      'setup',
    );
    const admin = setup.access_token;
    adminToken = admin;
    adminKey = (
      await json<{ key: string }>(post('/api-keys', admin, { name: 'prom', scopes: ['admin'] }), 'key')
    ).key;
    readKey = (await json<{ key: string }>(post('/api-keys', admin, { name: 'ro', scopes: ['read'] }), 'key'))
      .key;
    await json(
      post('/users', admin, { email: 'ed@example.com', role: 'editor', password: PASSWORD }),
      'user',
    );
    editorToken = (
      await json<{ access_token: string }>(
        post('/auth/login', null, { email: 'ed@example.com', password: PASSWORD }),
        'login',
      )
    ).access_token;

    const upload = async (name: string, text: string) => {
      const form = new FormData();
      form.append('file', new Blob([text], { type: 'text/plain' }), name);
      const body = await json<{ items: { document_id: string }[] }>(
        request(`${api}/documents`, adminToken, { method: 'POST', body: form }),
        `upload ${name}`,
      );
      return body.items[0]!.document_id;
    };
    const processed = nextEvent(t.runtime, 'document.processed');
    documentIds.push(
      await upload('bees.txt', 'Honey bees pollinate almond orchards in the spring. '.repeat(20)),
    );
    timings = (await processed).timings as Record<string, number> | undefined;
    documentIds.push(await upload('orbits.txt', 'A Hohmann transfer moves a satellite between two orbits.'));
    const failedId = await upload('dashes.txt', '--- ... !!! ***\n\n   ;;;\n');
    documentIds.push(failedId);
    const deadline = Date.now() + 90_000;
    for (const id of documentIds) {
      for (;;) {
        const doc = await json<DocumentBody>(request(`${api}/documents/${id}`, adminToken), 'document');
        if (doc.status === 'processed' || doc.status === 'failed') break;
        if (Date.now() > deadline) throw new Error(`document ${id} still ${doc.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    failed = await json<DocumentBody>(request(`${api}/documents/${failedId}`, adminToken), 'failed doc');
    const search = (mode: string, query: string) =>
      json(
        request(`${api}/search`, adminToken, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, mode }),
        }),
        `search ${mode}`,
      );
    await search('hybrid', 'honey bees');
    await search('lexical', 'honey bees');
    await search('lexical', 'zyxwvut');
    await request(`${api}/documents/${documentIds[0]}`, adminToken);
    await request(`${t.url}/no/such/${documentIds[0]}/path`, adminToken);
    // A scrape is not counted: the second one must not see the first.
    await request(`${t.url}/metrics`, adminKey);
    const res = await request(`${t.url}/metrics`, adminKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    scrapeText = await res.text();
    scrape = parseScrape(scrapeText);
  }, 120_000);
  afterAll(() => t?.close());

  it('counts HTTP requests by route template, method and status, never by raw path, and not its own scrapes', () => {
    expect(
      valueOf(scrape, 'sift_http_requests_total', {
        route: '/api/v1/documents/:id',
        method: 'GET',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(valueOf(scrape, 'sift_http_requests_total', { route: '/api/v1/search', method: 'POST' })).toBe(3);
    expect(valueOf(scrape, 'sift_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(seriesOf(scrape, 'sift_http_requests_total', { route: '/metrics' })).toEqual([]);
    const [duration] = seriesOf(scrape, 'sift_http_request_duration_seconds', {
      route: '/api/v1/search',
      method: 'POST',
    });
    expect(duration?.value).toBe(3);
    expect(duration?.sum).toBeGreaterThan(0);
    expect(duration?.buckets?.['+Inf']).toBe(3);
  });

  it('records pipeline stages, documents processed and failed by type family, and embedding batches', () => {
    for (const stage of ['extract', 'chunk', 'embed', 'index'])
      expect(
        valueOf(scrape, 'sift_pipeline_stage_duration_seconds', { stage }),
        stage,
      ).toBeGreaterThanOrEqual(2);
    expect(valueOf(scrape, 'sift_documents_processed_total', { type: 'document' })).toBe(2);
    expect(failed.error?.code).toBe('EMPTY_TEXT');
    expect(valueOf(scrape, 'sift_documents_failed_total', { type: 'document', code: 'EMPTY_TEXT' })).toBe(1);
    const texts = seriesOf(scrape, 'sift_embedding_texts_total');
    expect(texts).toHaveLength(1);
    expect(texts[0]!.labels.model).toBe('use-lite');
    // Both documents' chunks and the hybrid search's query.
    expect(texts[0]!.value).toBeGreaterThanOrEqual(3);
    expect(
      valueOf(scrape, 'sift_embedding_batch_duration_seconds', { model: 'use-lite' }),
    ).toBeGreaterThanOrEqual(3);
  });

  it('puts each stage’s milliseconds on the document.processed event', () => {
    expect(Object.keys(timings ?? {}).sort()).toEqual(['chunk', 'embed', 'extract', 'index']);
    for (const ms of Object.values(timings!)) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('records search latency per mode and zero-result searches', () => {
    expect(valueOf(scrape, 'sift_search_duration_seconds', { mode: 'hybrid' })).toBe(1);
    expect(valueOf(scrape, 'sift_search_duration_seconds', { mode: 'lexical' })).toBe(2);
    expect(valueOf(scrape, 'sift_search_zero_results_total', { mode: 'lexical' })).toBe(1);
    expect(valueOf(scrape, 'sift_search_zero_results_total', { mode: 'hybrid' })).toBe(0);
  });

  it('reads queues, workers, storage and the process at scrape time', () => {
    expect(
      valueOf(scrape, 'sift_queue_tasks', { queue: 'default', status: 'succeeded' }),
    ).toBeGreaterThanOrEqual(2);
    expect(valueOf(scrape, 'sift_workers', { queue: 'default' })).toBe(1);
    expect(valueOf(scrape, 'sift_database_size_bytes')).toBeGreaterThan(0);
    expect(valueOf(scrape, 'sift_disk_free_bytes')).toBeGreaterThan(0);
    expect(valueOf(scrape, 'sift_disk_free_floor_bytes')).toBe(
      t.runtime.config.health.minFreeDiskMb * 1024 ** 2,
    );
    expect(valueOf(scrape, 'sift_memory_limit_bytes')).toBeGreaterThan(0);
    expect(valueOf(scrape, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(scrape.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('keeps label values bounded: no document id, no raw path, no query text', () => {
    const values = [...labelValues(scrape)];
    for (const id of documentIds) {
      expect(scrapeText).not.toContain(id);
      expect(values.some((v) => v.includes(id))).toBe(false);
    }
    expect(values.some((v) => v.includes('/no/such'))).toBe(false);
    expect(scrapeText).not.toContain('zyxwvut');
    expect(scrapeText).not.toContain('bees.txt');
  });

  it.skipIf(!existsSync(PROMTOOL) && process.env.SIFT_TEST_REQUIRE_SERVICES !== '1')(
    'passes `promtool check metrics` (Prometheus’s own parser and naming lint) for every sift_ metric — #15',
    async () => {
      // A non-zero exit for lint problems and parse errors alike; each problem is printed on a line.
      const problems = await new Promise<string[]>((resolve, reject) => {
        const child = execFile(PROMTOOL, ['check', 'metrics'], (err, stdout, stderr) => {
          if (err && typeof err.code !== 'number') reject(err);
          else resolve(`${stdout}${stderr}`.split('\n').filter(Boolean));
        });
        child.stdin!.end(scrapeText);
      });
      // prom-client's own default gauges `nodejs_active_*_total` break the `_total` naming rule; kept under
      // their standard names so stock Node.js dashboards keep working.
      const ours = problems.filter((line) => !/^nodejs_active_\w+_total non-counter metrics/.test(line));
      expect(ours).toEqual([]);
    },
  );

  it('is for admins only: 401 without credentials, 403 for a read key or an editor', async () => {
    const none = await request(`${t.url}/metrics`, null);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { code: string }).code).toBeTruthy();
    expect((await request(`${t.url}/metrics`, readKey)).status).toBe(403);
    expect((await request(`${t.url}/metrics`, editorToken)).status).toBe(403);
    expect((await request(`${t.url}/metrics`, 'sift_not_a_real_key')).status).toBe(401);
  });
});

describe('GET /metrics with SIFT_METRICS=false', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { SIFT_METRICS: 'false', SIFT_EMBEDDER: 'none' } });
  });
  afterAll(() => t?.close());

  it('is not served at all', async () => {
    expect(t.runtime.telemetry.exposition).toBeNull();
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(404);
  });
});
