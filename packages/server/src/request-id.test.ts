import { Writable } from 'node:stream';
import { loadConfig } from '@sift/config';
import { createLogger } from '@sift/runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Problem } from './problem.schema.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  const lines: Record<string, unknown>[] = [];
  let t: TestServer;
  beforeAll(async () => {
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    const logger = createLogger(loadConfig({ SIFT_LOG_LEVEL: 'info' }), capture);
    t = await startTestServer({ runtimeLogger: logger });
  });
  afterAll(() => t.close());

  it("echoes the caller's x-request-id and logs the request under it", async () => {
    const res = await fetch(`${t.url}/health`, { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc.123');
    await res.text();
    // The completion line is written once the response has finished, which may be after fetch resolves.
    await vi.waitFor(() =>
      expect(lines).toContainEqual(
        expect.objectContaining({
          requestId: 'trace-abc.123',
          msg: 'request completed',
          res: { statusCode: 200 },
        }),
      ),
    );
  });

  it('generates a uuid when the caller sends none, also on errors', async () => {
    const res = await fetch(`${t.url}/no/such/route`);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(((await res.json()) as Problem).request_id).toBe(id);
  });

  it('replaces an id that could forge log lines or bloat them', async () => {
    for (const bad of ['has space', 'x'.repeat(200), 'line"break']) {
      const res = await fetch(`${t.url}/health`, { headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id')).toMatch(UUID);
      await res.text();
    }
  });
});
