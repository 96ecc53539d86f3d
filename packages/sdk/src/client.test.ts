import { startTestServer, type TestServer } from '@sift/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiftClient, readCookie, SiftApiError, unwrap } from './client.js';

let server: TestServer;
const admin = { email: 'admin@example.org', password: 'correct horse battery staple' };

beforeAll(async () => {
  server = await startTestServer({ env: { SIFT_AUTH: 'on' }, logger: false });
});
afterAll(() => server.close());

describe('SiftClient against a real server', () => {
  it('sets up, signs in with a bearer token and reads typed data', async () => {
    const anonymous = createSiftClient({ baseUrl: server.url });
    const status = await unwrap(anonymous.GET('/api/v1/auth/status'));
    expect(status.setup_required).toBe(true);

    const session = await unwrap(anonymous.POST('/api/v1/auth/setup', { body: admin }));
    const client = createSiftClient({ baseUrl: server.url, token: session.access_token });
    const me = await unwrap(client.GET('/api/v1/auth/me'));
    expect(me.user.email).toBe(admin.email);
    expect(me.user.role).toBe('admin');
  });

  it('turns a problem answer into a SiftApiError with its stable code', async () => {
    const client = createSiftClient({ baseUrl: server.url });
    const err = await unwrap(client.GET('/api/v1/documents', {})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SiftApiError);
    expect(err).toMatchObject({ status: 401, code: 'AUTH_REQUIRED' });
  });

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    const client = createSiftClient({ baseUrl: 'http://127.0.0.1:9' });
    const err = await unwrap(client.GET('/api/v1/auth/status')).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('refreshes an expired cookie session once and repeats the call', async () => {
    // A cookie jar standing in for the browser: the client sends cookies and the CSRF header from it.
    const jar = new Map<string, string>();
    const cookieFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const headers = new Headers(request.headers);
      headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
      const res = await fetch(new Request(request, { headers }));
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [key, value] = pair!.split('=');
        if (value) jar.set(key!, value);
        else jar.delete(key!);
      }
      return res;
    };
    const globalDoc = globalThis as { document?: { cookie: string } };
    globalDoc.document = {
      get cookie() {
        return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      },
    };
    try {
      let expired = 0;
      const client = createSiftClient({
        baseUrl: server.url,
        cookieSession: true,
        fetch: cookieFetch,
        onSessionExpired: () => expired++,
      });
      await unwrap(client.POST('/api/v1/auth/login', { body: admin }));
      expect(readCookie(globalDoc.document.cookie, 'sift_csrf')).toBeTruthy();
      // The access cookie is gone (as when it expires); the refresh cookie is still there.
      jar.delete('sift_access');
      const me = await unwrap(client.GET('/api/v1/auth/me'));
      expect(me.user.email).toBe(admin.email);
      expect(jar.has('sift_access')).toBe(true);
      // A state-changing call carries the CSRF header from the cookie.
      const key = await unwrap(
        client.POST('/api/v1/api-keys', { body: { name: 'from-cookie', scopes: ['read'] } }),
      );
      expect(key.key).toMatch(/^sift_/);
      // With no refresh cookie either, the session is over: the caller is told once.
      jar.clear();
      const err = await unwrap(client.GET('/api/v1/auth/me')).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 401 });
      expect(expired).toBe(1);
    } finally {
      delete globalDoc.document;
    }
  });
});
