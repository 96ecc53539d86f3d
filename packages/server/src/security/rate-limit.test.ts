import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  t = await startTestServer({ env: { SIFT_AUTH: 'on', ...env } });
  return t;
}

/** Creates the first admin; returns its access token. */
async function setup(server: TestServer): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.com', password: 'a long enough password' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Creates an API key of the admin's with its own limit; returns the key. */
async function createKey(server: TestServer, token: string, name: string, perMinute: number) {
  const res = await fetch(`${server.url}/api/v1/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name, scopes: ['read'], rate_limit_per_minute: perMinute }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

const get = (server: TestServer, path: string, bearer?: string) =>
  fetch(`${server.url}${path}`, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});

async function expectRateLimited(res: Response, limit: number): Promise<void> {
  expect(res.status).toBe(429);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/u);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(await res.json()).toMatchObject({
    status: 429,
    code: 'RATE_LIMITED',
    limit,
    retryAfterSeconds: retryAfter,
  });
}

describe('rate limit', () => {
  it('holds each API key to its own limit per minute, independently of other keys', async () => {
    const server = await start();
    const token = await setup(server);
    const slow = await createKey(server, token, 'slow', 3);
    const fast = await createKey(server, token, 'fast', 100);

    for (const remaining of [2, 1, 0]) {
      const res = await get(server, '/api/v1/tasks', slow);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(remaining));
    }
    await expectRateLimited(await get(server, '/api/v1/tasks', slow), 3);

    const other = await get(server, '/api/v1/tasks', fast);
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-limit')).toBe('100');
    expect(other.headers.get('x-ratelimit-remaining')).toBe('99');
    // The key's owner, signed in, has a budget of its own too (the server's default).
    const owner = await get(server, '/api/v1/tasks', token);
    expect(owner.status).toBe(200);
    expect(owner.headers.get('x-ratelimit-limit')).toBe('1200');
  });

  it('limits anonymous callers by address and signed-in users by account, with the server’s limit', async () => {
    const server = await start({ SIFT_RATE_LIMIT_PER_MINUTE: '3' });
    const token = await setup(server); // the address's first request
    for (let i = 0; i < 3; i++) expect((await get(server, '/api/v1/tasks', token)).status).toBe(200);
    await expectRateLimited(await get(server, '/api/v1/tasks', token), 3);

    for (let i = 0; i < 2; i++) expect((await get(server, '/api/v1/auth/status')).status).toBe(200);
    await expectRateLimited(await get(server, '/api/v1/auth/status'), 3);
    // Unknown paths count too: probing for routes is no way around the limit.
    await expectRateLimited(await get(server, '/api/v1/nothing-here'), 3);
  });

  it('counts callers behind a trusted proxy by their forwarded address, and ignores it from anyone else', async () => {
    const from = (server: TestServer, forwarded: string) =>
      fetch(`${server.url}/api/v1/auth/status`, { headers: { 'x-forwarded-for': forwarded } });
    const proxied = await start({ SIFT_RATE_LIMIT_PER_MINUTE: '2', SIFT_TRUST_PROXY: '127.0.0.1' });
    for (let i = 0; i < 2; i++) expect((await from(proxied, '203.0.113.7')).status).toBe(200);
    await expectRateLimited(await from(proxied, '203.0.113.7'), 2);
    // Another client of the same proxy has its own budget.
    expect((await from(proxied, '198.51.100.9')).status).toBe(200);
    await proxied.close();

    // Without SIFT_TRUST_PROXY the header is anyone's to forge: every request counts against the socket's address.
    const direct = await start({ SIFT_RATE_LIMIT_PER_MINUTE: '2' });
    expect((await from(direct, '203.0.113.7')).status).toBe(200);
    expect((await from(direct, '198.51.100.9')).status).toBe(200);
    await expectRateLimited(await from(direct, '192.0.2.1'), 2);
  });

  it('never limits the health probes', async () => {
    const server = await start({ SIFT_RATE_LIMIT_PER_MINUTE: '1' });
    expect((await get(server, '/api/v1/auth/status')).status).toBe(200);
    await expectRateLimited(await get(server, '/api/v1/auth/status'), 1);
    for (let i = 0; i < 5; i++) {
      const live = await get(server, '/health');
      expect(live.status).toBe(200);
      expect(live.headers.get('x-ratelimit-limit')).toBeNull();
      expect([200, 503]).toContain((await get(server, '/health/ready')).status);
    }
  });

  it('refuses an over-limit caller before reading its body, and closes a connection with a large one', async () => {
    const server = await start({ SIFT_RATE_LIMIT_PER_MINUTE: '1' });
    expect((await get(server, '/api/v1/auth/status')).status).toBe(200);
    // Over the body limit as well: the rate limit answers first, without parsing.
    const res = await rawJsonPost(`${server.url}/api/v1/auth/login`, Buffer.alloc(2 * 1024 ** 2, 0x20));
    expect(res.status).toBe(429);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(res.body)).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('does not limit the operator when accounts are off (loopback only)', async () => {
    t = await startTestServer({ env: { SIFT_RATE_LIMIT_PER_MINUTE: '1' } });
    for (let i = 0; i < 5; i++) {
      const res = await get(t, '/api/v1/tasks');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    }
  });
});

/**
 * A JSON POST over its own connection that resolves with the answer even when the server closes the
 * connection before the whole body is sent (fetch would fail the request instead).
 */
function rawJsonPost(
  url: string,
  body: Buffer,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    // Writing the rest of the body into a closed connection fails after the answer arrived.
    req.on('error', (err) => reject(err));
    req.end(body);
  });
}
