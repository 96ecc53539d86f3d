import { afterEach, describe, expect, it } from 'vitest';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import type { ReadinessResponse } from './health.schema.js';

describe('health routes', () => {
  let t: TestServer;
  afterEach(() => t.close());

  it('answers liveness with status, uptime and version', async () => {
    t = await startTestServer();
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      uptime_s: expect.any(Number),
      version: expect.any(String),
    });
  });

  it('is ready when the database is writable, the disk has room and the workers run', async () => {
    t = await startTestServer({ startWorkers: true });
    const { status, body } = await fetchJson<ReadinessResponse>(`${t.url}/health/ready`);
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'ready',
      checks: {
        database: { ok: true, engine: 'sqlite', latency_ms: expect.any(Number) },
        disk: { ok: true, free_mb: expect.any(Number), min_free_mb: 256 },
        workers: { ok: true, detail: expect.stringContaining('running') },
        queue: { ok: true, engine: 'sqlite', latency_ms: expect.any(Number) },
        vectors: { ok: true, engine: 'sqlite', latency_ms: expect.any(Number) },
        // SIFT_EMBEDDER=auto over an empty models dir, downloads off (the test server's default).
        embedder: {
          ok: true,
          engine: 'use-lite',
          model: 'use-lite',
          reason: expect.stringContaining('no real model in SIFT_MODELS_DIR and downloads are off'),
        },
      },
      intake: { pending_tasks: 0, max_pending_tasks: 1000, accepting_uploads: true },
    });
  });

  it('names the serving embedder and model, and its load error, without failing readiness', async () => {
    t = await startTestServer({
      startWorkers: true,
      env: { SIFT_EMBEDDER: 'transformers', SIFT_EMBEDDING_MODEL: 'BAAI/bge-small-en-v1.5' },
    });
    // The model is not in the (empty) models dir: loading it fails.
    await expect(t.runtime.search.embedder!.info()).rejects.toMatchObject({ code: 'MODEL_MISSING' });
    await t.runtime.health.refresh();
    const { status, body } = await fetchJson<ReadinessResponse>(`${t.url}/health/ready`);
    expect(status).toBe(200);
    expect(body.checks.embedder).toEqual({
      ok: false,
      engine: 'transformers',
      model: 'BAAI/bge-small-en-v1.5',
      dtype: 'q8',
      pooling: 'cls',
      reason: 'SIFT_EMBEDDER=transformers',
      error: expect.stringMatching(/^MODEL_MISSING: BAAI\/bge-small-en-v1.5 is not available offline/),
    });
    // Nothing in it locates the server's files.
    expect(JSON.stringify(body.checks.embedder)).not.toContain(t.runtime.config.models.dir);
  });

  it('is not ready, naming the workers check, when workers are enabled but not started', async () => {
    t = await startTestServer({ env: { SIFT_WORKERS: 'true' } });
    const { status, body } = await fetchJson<ReadinessResponse>(`${t.url}/health/ready`);
    expect(status).toBe(503);
    expect(body.status).toBe('not_ready');
    expect(body.checks.workers).toEqual({ ok: false, detail: 'enabled but not started' });
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.disk.ok).toBe(true);
  });

  it('is not ready, naming the disk check, below the minimum free space', async () => {
    t = await startTestServer({ env: { SIFT_MIN_FREE_DISK_MB: '10000000', SIFT_WORKERS: 'false' } });
    const { status, body } = await fetchJson<ReadinessResponse>(`${t.url}/health/ready`);
    expect(status).toBe(503);
    expect(body.checks.disk).toEqual({ ok: false, free_mb: expect.any(Number), min_free_mb: 10_000_000 });
    expect(body.checks.disk.free_mb).toBeLessThan(10_000_000);
    expect(body.checks.database.ok).toBe(true);
  });

  it('reports registered worker processes when this process runs none', async () => {
    t = await startTestServer({ env: { SIFT_WORKERS: 'false' } });
    await t.runtime.queue.registerWorker({
      id: 'worker-elsewhere',
      pid: 4242,
      hostname: 'other-host',
      queues: ['default'],
      startedAt: new Date().toISOString(),
    });
    // Readiness answers from the last background check; the next one sees the new worker.
    await t.runtime.health.refresh();
    const { body } = await fetchJson<ReadinessResponse>(`${t.url}/health/ready`);
    expect(body.status).toBe('ready');
    expect(body.checks.workers).toEqual({
      ok: true,
      detail: 'disabled in this process; 1 worker process(es) seen within 60s',
    });
  });
});
