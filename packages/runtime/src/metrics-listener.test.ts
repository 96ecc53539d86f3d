import { createServer } from 'node:net';
import { once } from 'node:events';
import { parseScrape, valueOf } from '@sift/adapter-prometheus/testing';
import { silentLogger } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startMetricsListener } from './metrics-listener.js';
import { createRuntime } from './runtime.js';
import { tempConfig } from './test-support.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function runtimeWith(env: Record<string, string>) {
  const { config, cleanup } = await tempConfig({ SIFT_EMBEDDER: 'none', ...env });
  cleanups.push(cleanup);
  const runtime = await createRuntime(config);
  cleanups.push(() => runtime.close());
  return runtime;
}

describe('the separate metrics listener', () => {
  it('serves GET /metrics without credentials on SIFT_METRICS_HOST:SIFT_METRICS_PORT, and nothing else', async () => {
    const runtime = await runtimeWith({ SIFT_METRICS_HOST: '127.0.0.1', SIFT_METRICS_PORT: '0' });
    const listener = await startMetricsListener(
      runtime.telemetry.exposition,
      runtime.config.operations.metrics.listener,
      silentLogger,
    );
    expect(listener).not.toBeNull();
    cleanups.push(() => listener!.close());
    expect(listener!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    runtime.telemetry.metrics.count('sift_search_zero_results_total', { mode: 'lexical' });

    const res = await fetch(`${listener!.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const scrape = parseScrape(await res.text());
    expect(valueOf(scrape, 'sift_search_zero_results_total', { mode: 'lexical' })).toBe(1);
    expect(valueOf(scrape, 'sift_queue_tasks', { queue: 'default', status: 'pending' })).toBe(0);

    expect((await fetch(`${listener!.url}/metrics?x=1`)).status).toBe(200);
    expect((await fetch(`${listener!.url}/`)).status).toBe(404);
    expect((await fetch(`${listener!.url}/api/v1/documents`)).status).toBe(404);
    const post = await fetch(`${listener!.url}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    await listener!.close();
    await listener!.close();
    await expect(fetch(`${listener!.url}/metrics`)).rejects.toThrow();
  });

  it('starts nothing without SIFT_METRICS_PORT or with metrics off', async () => {
    const plain = await runtimeWith({});
    expect(plain.config.operations.metrics.listener).toBeNull();
    expect(await startMetricsListener(plain.telemetry.exposition, null, silentLogger)).toBeNull();
    const off = await runtimeWith({ SIFT_METRICS: 'false', SIFT_METRICS_PORT: '0' });
    expect(
      await startMetricsListener(
        off.telemetry.exposition,
        off.config.operations.metrics.listener,
        silentLogger,
      ),
    ).toBeNull();
  });

  it('fails to start on a port already taken, naming the address', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    cleanups.push(() => new Promise((r) => taken.close(r)));
    const port = (taken.address() as { port: number }).port;
    const runtime = await runtimeWith({});
    await expect(
      startMetricsListener(runtime.telemetry.exposition, { host: '127.0.0.1', port }, silentLogger),
    ).rejects.toThrow(/EADDRINUSE.*127\.0\.0\.1/);
  });
});
