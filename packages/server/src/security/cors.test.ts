import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const APP = 'https://app.example.com';
const EVIL = 'https://evil.example.net';

/** The `access-control-*` headers of a response. */
function corsHeaders(res: Response): Record<string, string> {
  return Object.fromEntries([...res.headers].filter(([name]) => name.startsWith('access-control-')));
}

/** The preflight a browser sends before a cookie-authenticated JSON POST with the CSRF header. */
function preflight(url: string, origin: string): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-csrf-token',
    },
  });
}

describe('CORS with no origins configured', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('answers cross-origin requests without any CORS header', async () => {
    const res = await fetch(`${t.url}/api/v1/tasks`, { headers: { origin: APP } });
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual({});
  });

  it('refuses every preflight', async () => {
    const res = await preflight(`${t.url}/api/v1/search`, APP);
    expect(res.status).toBe(404);
    expect(corsHeaders(res)).toEqual({});
  });
});

describe('CORS with a listed origin', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Listed with a trailing slash and capitals, as an operator might write it; auth on, to see refusals.
    t = await startTestServer({
      env: { SIFT_CORS_ORIGINS: `https://App.example.com/, https://other.example.org`, SIFT_AUTH: 'on' },
    });
  });
  afterAll(() => t.close());

  it('lets the listed origin read answers, with credentials', async () => {
    const res = await fetch(`${t.url}/api/v1/auth/status`, { headers: { origin: APP } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
    // Caches must not hand one origin's answer to another.
    expect(res.headers.get('vary')).toMatch(/origin/iu);
  });

  it('lets the listed origin read a refusal by authentication (so the page can sign in)', async () => {
    const res = await fetch(`${t.url}/api/v1/tasks`, { headers: { origin: APP } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    // The security headers are set before authentication refuses, too.
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers the preflight of a listed origin, allowing the CSRF header and credentials', async () => {
    const res = await preflight(`${t.url}/api/v1/search`, APP);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    const allowedHeaders = res.headers.get('access-control-allow-headers')?.split(/,\s*/u);
    expect(allowedHeaders).toEqual(expect.arrayContaining(['content-type', 'x-csrf-token', 'authorization']));
  });

  it('gives an origin that is not listed no CORS header, and refuses its preflight', async () => {
    const res = await fetch(`${t.url}/api/v1/auth/status`, { headers: { origin: EVIL } });
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual({});
    const pre = await preflight(`${t.url}/api/v1/search`, EVIL);
    expect(pre.status).toBe(404);
    expect(corsHeaders(pre)).toEqual({});
  });

  it('does not mistake an origin that merely starts like a listed one', async () => {
    const res = await fetch(`${t.url}/api/v1/auth/status`, {
      headers: { origin: `${APP}.evil.example.net` },
    });
    expect(corsHeaders(res)).toEqual({});
  });
});

describe('CORS and security headers on a streamed answer', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { SIFT_CORS_ORIGINS: APP } });
  });
  afterAll(() => t.close());

  // The stream takes the reply over (hijack); the headers the hooks set must still reach the page.
  it('sends the listed origin’s CORS headers and the security headers with the event stream', async () => {
    const res = await fetch(`${t.url}/api/v1/ask`, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ question: 'anything at all?' }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/u);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('event: done');
  });
});
