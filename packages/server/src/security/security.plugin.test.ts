import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles } from '../testing/upload.js';
import { JSON_BODY_LIMIT_BYTES } from './security.plugin.js';

/** `default-src 'self'; img-src 'self' data:` → { 'default-src': ["'self'"], 'img-src': ["'self'", 'data:'] }. */
function directivesOf(csp: string | null): Map<string, string[]> {
  expect(csp).toBeTruthy();
  return new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/u))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

/** The sources a CSP allows for a kind of resource (its own directive, else default-src). */
function allowed(csp: Map<string, string[]>, directive: string): string[] {
  return csp.get(directive) ?? csp.get('default-src') ?? [];
}

describe('security headers', () => {
  let t: TestServer;
  beforeAll(async () => {
    // The placeholder page, whether or not packages/web has been built on this machine.
    t = await startTestServer({ webDistDir: path.join(tmpdir(), 'sift-no-such-dist') });
  });
  afterAll(() => t.close());

  it('sends nosniff, frame protection and a CSP that allows only the server’s own scripts', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const csp = directivesOf(res.headers.get('content-security-policy'));
    expect(csp.get('frame-ancestors')).toEqual(["'self'"]);
    expect(allowed(csp, 'script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    // Plain HTTP on a LAN must keep working: nothing is upgraded to HTTPS.
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('sends the headers with error answers too', async () => {
    const res = await fetch(`${t.url}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('serves the Swagger UI under the CSP: every script and stylesheet it loads is the server’s own', async () => {
    const res = await fetch(`${t.url}/api/docs`);
    expect(res.status).toBe(200);
    const csp = directivesOf(res.headers.get('content-security-policy'));
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/giu)];
    expect(scripts.length).toBeGreaterThan(0);
    // No inline code: script-src has neither 'unsafe-inline' nor a hash or nonce for it.
    expect(scripts.map(([, , body]) => body?.trim())).toEqual(scripts.map(() => ''));
    expect(allowed(csp, 'script-src')).toContain("'self'");
    expect(allowed(csp, 'style-src')).toContain("'self'");
    const assets = [
      ...scripts.map(([, attrs]) => /src="([^"]+)"/u.exec(attrs ?? '')?.[1]),
      ...[...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/giu)].map((m) => m[1]),
    ];
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      // Same origin ('self'), and there.
      const url = new URL(asset!, res.url);
      expect(url.origin).toBe(new URL(t.url).origin);
      const loaded = await fetch(url);
      expect(loaded.status, url.pathname).toBe(200);
      expect(loaded.headers.get('content-type')).toMatch(/javascript|css/u);
      await loaded.arrayBuffer();
    }
    // The UI fetches the document from the same origin (connect-src falls back to default-src 'self').
    expect(allowed(csp, 'connect-src')).toContain("'self'");
    const doc = await fetch(`${t.url}/api/openapi.json`);
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('allows the inline styles of the placeholder page (and of Swagger UI’s components)', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<style>');
    expect(allowed(directivesOf(res.headers.get('content-security-policy')), 'style-src')).toContain(
      "'unsafe-inline'",
    );
  });

  it('allows what the web UI needs: inline styles, blob and data images, a blob worker, same-origin WebSockets', async () => {
    const res = await fetch(`${t.url}/health`);
    const csp = directivesOf(res.headers.get('content-security-policy'));
    const host = new URL(t.url).host;
    // Scripts stay the server's own: no inline code, no eval, no other origin.
    expect(allowed(csp, 'script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    // Component libraries set inline styles; stylesheets still come only from here.
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it('spells out WebSocket sources only for a plain Host header, so a forged one cannot add a directive', async () => {
    for (const host of ['evil.example; script-src *', 'a b', 'x/y', "'unsafe-eval'"]) {
      const res = await t.server.inject({ method: 'GET', url: '/health', headers: { host } });
      const csp = directivesOf(String(res.headers['content-security-policy']));
      expect(csp.get('connect-src'), host).toEqual(["'self'"]);
      expect(allowed(csp, 'script-src'), host).toEqual(["'self'"]);
    }
    const v6 = await t.server.inject({ method: 'GET', url: '/health', headers: { host: '[::1]:8080' } });
    expect(directivesOf(String(v6.headers['content-security-policy'])).get('connect-src')).toEqual([
      "'self'",
      'ws://[::1]:8080',
      'wss://[::1]:8080',
    ]);
  });

  it('documents 429 RATE_LIMITED on the API routes, and not on the health probes', async () => {
    const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as {
      paths: Record<string, { get?: { responses: Record<string, { content?: object }> } }>;
    };
    const limited = doc.paths['/api/v1/tasks']?.get?.responses['429'];
    expect(Object.keys(limited?.content ?? {})).toEqual(['application/problem+json']);
    expect(doc.paths['/health']?.get?.responses['429']).toBeUndefined();
  });
});

describe('body limits', () => {
  let t: TestServer;
  const api = () => `${t.url}/api/v1`;
  const twoMb = 2 * 1024 ** 2;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('refuses a JSON body over the limit with 413 PAYLOAD_TOO_LARGE as problem+json', async () => {
    const body = JSON.stringify({ query: 'x'.repeat(twoMb) });
    const res = await fetch(`${api()}/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/u);
    expect(await res.json()).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('parses a JSON body just under the limit', async () => {
    // Valid JSON that the route's schema then refuses: the body was read and parsed, not cut off.
    const body = JSON.stringify({ query: 'x'.repeat(JSON_BODY_LIMIT_BYTES - 100), limit: 'many' });
    const res = await fetch(`${api()}/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('still accepts a multipart upload larger than the JSON limit', async () => {
    const text = 'lorem ipsum dolor sit amet\n'.repeat(Math.ceil(twoMb / 27));
    const res = await uploadFiles(api(), [{ name: 'big.txt', data: text, type: 'text/plain' }]);
    expect(res.status).toBe(202);
    expect(res.body.items).toEqual([
      expect.objectContaining({ filename: 'big.txt', duplicate: false, document: expect.anything() }),
    ]);
    const stored = await fetch(`${api()}/documents/${res.body.items[0]?.document_id}`);
    expect(((await stored.json()) as { size: number }).size).toBe(Buffer.byteLength(text));
  });
});
