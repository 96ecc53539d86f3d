import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { silentLogger } from '@sift/core';
import { startMetricsListener, type MetricsListener } from '@sift/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestServer, type TestServer } from './testing/test-server.js';

const PROMETHEUS = '/usr/bin/prometheus';
const PASSWORD = 'a long enough test password';
const available = existsSync(PROMETHEUS) || process.env.SIFT_TEST_REQUIRE_SERVICES === '1';

interface Target {
  labels: { job: string };
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}
interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * Debian's Prometheus against a live Sift: one job scrapes the API port's admin-only /metrics with an admin API
 * key as bearer token (the documented setup), another the separate unauthenticated listener.
 */
describe.skipIf(!available)('Prometheus scraping a live Sift (#15)', () => {
  let t: TestServer;
  let listener: MetricsListener;
  let prometheus: ChildProcess;
  let promUrl: string;
  let dir: string;
  let stderr = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sift-prometheus-'));
    t = await startTestServer({ env: { SIFT_AUTH: 'on', SIFT_EMBEDDER: 'none' } });
    const api = `${t.url}/api/v1`;
    const post = async (url: string, token: string | null, body: unknown) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      if (res.status >= 400) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, string>;
    };
    const setup = await post(`${api}/auth/setup`, null, { email: 'admin@example.com', password: PASSWORD });
    const key = await post(`${api}/api-keys`, setup.access_token!, { name: 'prometheus', scopes: ['admin'] });
    await writeFile(path.join(dir, 'sift.key'), key.key!, { mode: 0o600 });
    listener = (await startMetricsListener(
      t.runtime.telemetry.exposition,
      { host: '127.0.0.1', port: 0 },
      silentLogger,
    ))!;

    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    const apiTarget = new URL(t.url).host;
    const listenerTarget = new URL(listener.url).host;
    await writeFile(
      path.join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        'scrape_configs:',
        '  - job_name: sift',
        '    authorization:',
        '      type: Bearer',
        `      credentials_file: ${path.join(dir, 'sift.key')}`,
        '    static_configs:',
        `      - targets: ['${apiTarget}']`,
        '  - job_name: sift-listener',
        '    static_configs:',
        `      - targets: ['${listenerTarget}']`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prometheus.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Some traffic for the HTTP series.
    for (let i = 0; i < 3; i++) await fetch(`${t.url}/health`);
  }, 60_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus.once('exit', r));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await listener?.close();
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function get<T>(pathname: string): Promise<T> {
    const res = await fetch(`${promUrl}${pathname}`);
    const body = (await res.json()) as { status: string; data: T };
    if (body.status !== 'success') throw new Error(`${pathname}: ${JSON.stringify(body)}`);
    return body.data;
  }

  /** Polls until fn returns something truthy; Prometheus starts and scrapes on its own schedule. */
  async function eventually<T>(fn: () => Promise<T | null | undefined | false>, what: string): Promise<T> {
    const deadline = Date.now() + 45_000;
    let last: unknown = null;
    for (;;) {
      try {
        const value = await fn();
        if (value) return value;
      } catch (err) {
        last = err; // not listening yet
      }
      if (prometheus.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`${what} not seen in time (${String(last)}) ${stderr}`);
      await delay(250);
    }
  }

  it('finds both targets up: the admin-only API port with a key, and the separate listener', async () => {
    const targets = await eventually(async () => {
      const data = await get<{ activeTargets: Target[] }>('/api/v1/targets');
      return data.activeTargets.length === 2 && data.activeTargets.every((x) => x.health === 'up')
        ? data.activeTargets
        : null;
    }, 'two healthy targets');
    expect(targets.map((x) => x.labels.job).sort()).toEqual(['sift', 'sift-listener']);
    expect(targets.map((x) => x.lastError)).toEqual(['', '']);
  }, 60_000);

  it('answers a query for the HTTP request series with its route template labels', async () => {
    const samples = await eventually(async () => {
      const query = encodeURIComponent('sift_http_requests_total{job="sift",route="/health"}');
      const data = await get<{ result: Sample[] }>(`/api/v1/query?query=${query}`);
      return data.result.length > 0 ? data.result : null;
    }, 'sift_http_requests_total');
    expect(samples[0]!.metric).toMatchObject({
      route: '/health',
      method: 'GET',
      status: '200',
      job: 'sift',
    });
    expect(Number(samples[0]!.value[1])).toBeGreaterThanOrEqual(3);
    const tasks = await eventually(async () => {
      const query = encodeURIComponent('sum by (status) (sift_queue_tasks{job="sift-listener"})');
      const data = await get<{ result: Sample[] }>(`/api/v1/query?query=${query}`);
      return data.result.length > 0 ? data.result : null;
    }, 'sift_queue_tasks');
    expect(tasks.map((s) => s.metric.status)).toContain('pending');
    const memory = await get<{ result: Sample[] }>(
      `/api/v1/query?query=${encodeURIComponent('process_resident_memory_bytes{job="sift"} / sift_memory_limit_bytes{job="sift"}')}`,
    );
    expect(Number(memory.result[0]!.value[1])).toBeGreaterThan(0);
    expect(Number(memory.result[0]!.value[1])).toBeLessThan(1);
  }, 60_000);
});
