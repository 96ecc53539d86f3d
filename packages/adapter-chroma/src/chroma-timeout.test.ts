import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChromaCollections, call, createChromaClient } from './chroma-collections.js';
import { chromaAvailable, TEST_CHROMA_URL } from './testing/chroma-test.js';

const TIMEOUT_MS = 300;
const SETTINGS = { prefix: 'sift-timeout-', efSearch: 50, efConstruction: 50 };

/** Times `promise` and returns what it rejected with. */
async function failure(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('expected a rejection');
}

describe('Chroma calls with a server that does not answer', () => {
  let server: http.Server | null = null;
  const requests: string[] = [];

  /** A real HTTP server on a free port that runs `handle` on each request (which may never answer). */
  async function serve(
    handle: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  ): Promise<string> {
    server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      handle(req, res);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    requests.length = 0;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  it('fails a request the server accepts but never answers with retryable VECTOR_INDEX_UNAVAILABLE in time', async () => {
    const url = await serve(() => undefined);
    const client = createChromaClient(url, { timeoutMs: TIMEOUT_MS });
    const collections = new ChromaCollections(client, SETTINGS);

    const { error, ms } = await failure(collections.open('space', 1));
    expect(error).toMatchObject({
      code: 'VECTOR_INDEX_UNAVAILABLE',
      category: 'unavailable',
      retryable: true,
      details: { timeoutMs: TIMEOUT_MS },
    });
    expect((error as Error).message).toBe(`Chroma did not answer within ${TIMEOUT_MS} ms`);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(TIMEOUT_MS + 2_000);
    // The request did reach the server: it was the answer that never came.
    expect(requests.length).toBeGreaterThan(0);

    // Each request has its own deadline: a later call waits its full time again, then fails the same way.
    const again = await failure(call(() => client.heartbeat()));
    expect(again.error).toMatchObject({ code: 'VECTOR_INDEX_UNAVAILABLE', retryable: true });
    expect(again.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
  });

  it('fails an answer whose body stops arriving the same way', async () => {
    const url = await serve((_req, res) => {
      // Headers and the start of a body, then nothing more.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"nanosecond heartbeat":');
    });
    const client = createChromaClient(url, { timeoutMs: TIMEOUT_MS });
    const { error, ms } = await failure(call(() => client.heartbeat()));
    expect(error).toMatchObject({
      code: 'VECTOR_INDEX_UNAVAILABLE',
      category: 'unavailable',
      retryable: true,
    });
    expect(ms).toBeLessThan(TIMEOUT_MS + 2_000);
  });

  it('refuses a timeout that is not a positive number of milliseconds', () => {
    for (const timeoutMs of [0, -1, Number.NaN]) {
      expect(() => createChromaClient('http://127.0.0.1:1', { timeoutMs }), String(timeoutMs)).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID' }),
      );
    }
  });
});

const available = await chromaAvailable();

describe.skipIf(!available)('Chroma calls within the timeout (needs Chroma, #14)', () => {
  it('answers as before when the server replies in time', async () => {
    const client = createChromaClient(TEST_CHROMA_URL, { timeoutMs: 5_000 });
    expect(typeof (await call(() => client.heartbeat()))).toBe('number');
  });
});
