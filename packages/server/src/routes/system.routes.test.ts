import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import type { SystemStatusResponse } from './system.schema.js';

describe('system routes', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ env: { SIFT_WORKERS: 'false' } });
  });
  afterEach(() => t.close());

  it('reports task counts per queue and status, blobs and the data dir size', async () => {
    await t.runtime.tasks.enqueue('system.noop', {});
    await t.runtime.tasks.enqueue('system.noop', {});
    const cancelled = await t.runtime.tasks.enqueue('system.noop', {}, { queue: 'high' });
    await t.runtime.tasks.cancel(null, cancelled.id);
    await t.runtime.blobService.store(new TextEncoder().encode('hello sift'));
    await writeFile(path.join(t.dataDir, 'marker.bin'), Buffer.alloc(4096));

    const { status, body } = await fetchJson<SystemStatusResponse>(`${t.url}/api/v1/system/status`);
    expect(status).toBe(200);
    expect(body.queues.maintenance).toEqual({
      pending: 2,
      running: 0,
      succeeded: 0,
      failed: 0,
      dead: 0,
      cancelled: 0,
    });
    expect(body.queues.high.cancelled).toBe(1);
    expect(body.queues.default.pending).toBe(0);
    expect(body.blobs).toEqual({ count: 1, bytes: 10 });
    // The database, the blob and the marker are all under the data dir.
    expect(body.data_dir_bytes).toBeGreaterThan(4096 + 10);
    expect(body.database_bytes).toBeGreaterThan(4096);
    expect(body.database_bytes).toBeLessThan(body.data_dir_bytes);
    expect(body).toMatchObject({ version: expect.any(String), in_process_workers: null });
  });

  it('tells which vector space searches read, which is configured, and the latest re-embedding', async () => {
    const before = await fetchJson<SystemStatusResponse>(`${t.url}/api/v1/system/status`);
    const space = before.body.embeddings.target_space;
    expect(space).toMatch(/^.+@\d+$/);
    // Without workers nothing has chosen a serving space yet; starting them (ensure) serves the configured one.
    expect(before.body.embeddings).toEqual({
      serving_space: null,
      target_space: space,
      reembedding: null,
      hybrid_alpha: { value: 0.5, source: 'default' },
      swap: null,
    });
    await t.runtime.search.spaces.ensure();

    const task = await t.runtime.tasks.enqueue('index.reembed', { space: space! });
    const after = await fetchJson<SystemStatusResponse>(`${t.url}/api/v1/system/status`);
    expect(after.body.embeddings.serving_space).toBe(space);
    // The default embedder's space carries USE-lite's measured weight.
    expect(after.body.embeddings.hybrid_alpha).toEqual({ value: 0.1, source: 'preset' });
    expect(after.body.embeddings.reembedding).toMatchObject({
      task_id: task.id,
      status: 'pending',
      progress: 0,
    });
  });

  it('does not tell HTTP clients where the data lives', async () => {
    const res = await fetch(`${t.url}/api/v1/system/status`);
    const text = await res.text();
    expect(JSON.parse(text)).not.toHaveProperty('data_dir');
    expect(text).not.toContain(t.dataDir);
  });

  it('lists registered workers and whether they were seen recently, without their pid and host', async () => {
    await t.runtime.queue.registerWorker({
      id: 'worker-a',
      pid: 99_123,
      hostname: 'box-7f3a.internal',
      queues: ['default', 'low'],
      startedAt: new Date().toISOString(),
    });
    const res = await fetch(`${t.url}/api/v1/system/status`);
    const text = await res.text();
    expect(text).not.toContain('box-7f3a.internal');
    expect(text).not.toContain('99123');
    const body = JSON.parse(text) as SystemStatusResponse;
    expect(body.workers).toEqual([
      {
        id: 'worker-a',
        queues: ['default', 'low'],
        started_at: expect.any(String),
        last_seen_at: expect.any(String),
        recent: true,
      },
    ]);
  });
});
