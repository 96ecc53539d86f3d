import { SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const PASSWORD = 'a long enough test password';

interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** Sign-in, tokens, sessions, cookies and their failures, against a real server with accounts on. */
describe('sign-in and tokens', { timeout: 120_000 }, () => {
  let t: TestServer;
  afterEach(() => t?.close());

  const open = async (env: Record<string, string> = {}) => {
    t = await startTestServer({ env: { SIFT_AUTH: 'on', ...env } });
  };
  const api = (p: string) => `${t.url}/api/v1${p}`;
  async function send(
    method: string,
    p: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(api(p), {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }
  const setup = () =>
    send('POST', '/auth/setup', { body: { email: 'admin@example.com', password: PASSWORD } });
  const login = (email = 'admin@example.com', password = PASSWORD) =>
    send('POST', '/auth/login', { body: { email, password } });

  it('answers SETUP_REQUIRED everywhere but health, the API reference and setup until the first admin exists', async () => {
    await open();
    expect((await send('GET', '/documents')).body.code).toBe('SETUP_REQUIRED');
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    expect((await fetch(`${t.url}/api/openapi.json`)).status).toBe(200);
    expect((await send('GET', '/auth/status')).body).toMatchObject({
      setup_required: true,
      auth_enabled: true,
    });
    const created = await setup();
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email: 'admin@example.com', role: 'admin' });
    expect((await send('GET', '/documents', { token: created.body.access_token as string })).status).toBe(
      200,
    );
    expect((await send('GET', '/documents')).body.code).toBe('AUTH_REQUIRED');
  });

  it('creates the first admin exactly once when two setups race', async () => {
    await open();
    const [a, b] = await Promise.all([
      send('POST', '/auth/setup', { body: { email: 'a@example.com', password: PASSWORD } }),
      send('POST', '/auth/setup', { body: { email: 'b@example.com', password: PASSWORD } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a.body.code, b.body.code]).toContain('SETUP_DONE');
  });

  it('refuses bad setup input with stable codes: malformed email, short, common and over-long passwords', async () => {
    await open();
    const attempt = (email: string, password: string) =>
      send('POST', '/auth/setup', { body: { email, password } });
    expect((await attempt('not-an-email', PASSWORD)).body.code).toBe('EMAIL_INVALID');
    expect((await attempt('a@example.com', 'short')).body.code).toBe('PASSWORD_TOO_SHORT');
    expect((await attempt('a@example.com', 'password1234')).body.code).toBe('PASSWORD_TOO_COMMON');
    expect((await attempt('a@example.com', 'x'.repeat(2000))).body.code).toBe('PASSWORD_TOO_LONG');
    expect((await login('a@example.com', 'x'.repeat(2000))).body.code).toBe('PASSWORD_TOO_LONG');
  });

  it('gives the same answer for an unknown email and a wrong password, and throttles guessing with Retry-After', async () => {
    await open();
    await setup();
    const unknown = await login('nobody@example.com', PASSWORD);
    const wrong = await login('admin@example.com', 'not the right password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.body.detail).toBe(unknown.body.detail);
    for (let i = 0; i < 4; i++) await login('admin@example.com', 'still not the password');
    const throttled = await login('admin@example.com', PASSWORD);
    expect(throttled.status).toBe(429);
    expect(throttled.body.code).toBe('LOGIN_THROTTLED');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses expired, forged, unsigned and foreign tokens', async () => {
    await open();
    const { body } = await setup();
    const sub = (body.user as { id: string }).id;
    const claims = JSON.parse(
      Buffer.from((body.access_token as string).split('.')[1]!, 'base64url').toString(),
    ) as { sid: string };
    const expired = await t.runtime.identity.signer.sign({ sub, sid: claims.sid }, -60);
    expect((await send('GET', '/auth/me', { token: expired })).body.code).toBe('TOKEN_EXPIRED');
    const unsigned = new UnsecuredJWT({ sid: claims.sid })
      .setSubject(sub)
      .setIssuer('sift')
      .setAudience('sift-api')
      .setExpirationTime('5m')
      .encode();
    expect((await send('GET', '/auth/me', { token: unsigned })).body.code).toBe('TOKEN_INVALID');
    const foreign = await new SignJWT({ sid: claims.sid })
      .setProtectedHeader({ alg: 'HS256', kid: 'attacker' })
      .setSubject(sub)
      .setIssuer('sift')
      .setAudience('sift-api')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a secret the attacker chose for himself'));
    expect((await send('GET', '/auth/me', { token: foreign })).body.code).toBe('TOKEN_INVALID');
    expect((await send('GET', '/auth/me', { token: 'garbage' })).body.code).toBe('TOKEN_INVALID');
    expect((await send('GET', '/auth/me', { headers: { authorization: 'Basic YTpi' } })).body.code).toBe(
      'AUTH_SCHEME_UNSUPPORTED',
    );
  });

  it('rotates refresh tokens, and revokes the whole sign-in when a used one comes back', async () => {
    await open();
    const first = (await setup()).body;
    const second = await send('POST', '/auth/refresh', { body: { refresh_token: first.refresh_token } });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect((await send('GET', '/auth/me', { token: second.body.access_token as string })).status).toBe(200);
    const replay = await send('POST', '/auth/refresh', { body: { refresh_token: first.refresh_token } });
    expect(replay.body.code).toBe('TOKEN_REUSED');
    // The thief's and the user's tokens of that sign-in are both dead now.
    expect(
      (await send('POST', '/auth/refresh', { body: { refresh_token: second.body.refresh_token } })).status,
    ).toBe(401);
    expect((await send('GET', '/auth/me', { token: second.body.access_token as string })).status).toBe(401);
  });

  it('ends a sign-in at logout, and the other sign-ins at a password change', async () => {
    await open();
    const a = (await setup()).body;
    const b = (await login()).body;
    const c = (await login()).body;
    expect((await send('POST', '/auth/logout', { token: a.access_token as string })).status).toBe(204);
    expect((await send('GET', '/auth/me', { token: a.access_token as string })).body.code).toBe(
      'TOKEN_INVALID',
    );
    const changed = await send('POST', '/auth/password', {
      token: b.access_token as string,
      body: { current_password: PASSWORD, new_password: `${PASSWORD} changed` },
    });
    expect(changed.status).toBe(204);
    expect((await send('GET', '/auth/me', { token: b.access_token as string })).status).toBe(200);
    expect((await send('GET', '/auth/me', { token: c.access_token as string })).status).toBe(401);
    expect((await login()).status).toBe(401);
    expect((await login('admin@example.com', `${PASSWORD} changed`)).status).toBe(200);
  });

  it('keeps tokens signed before a key rotation valid, and signs new ones with the new key', async () => {
    await open();
    const before = (await setup()).body.access_token as string;
    await t.runtime.identity.signer.rotate();
    const after = (await login()).body.access_token as string;
    const kid = (token: string) =>
      (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
    expect(kid(after)).not.toBe(kid(before));
    expect((await send('GET', '/auth/me', { token: before })).status).toBe(200);
    expect((await send('GET', '/auth/me', { token: after })).status).toBe(200);
  });

  it('protects cookie sign-ins against cross-site requests with the double-submit token', async () => {
    await open();
    const setupReply = await fetch(api('/auth/setup'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: PASSWORD }),
    });
    const cookies = setupReply.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('sift_access='))).toMatch(/HttpOnly/iu);
    expect(cookies.find((c) => c.startsWith('sift_access='))).toMatch(/SameSite=Strict/iu);
    const jar = cookies.map((c) => c.split(';')[0]).join('; ');
    const csrf = /sift_csrf=([^;]+)/u.exec(jar)![1]!;
    expect((await send('GET', '/collections', { headers: { cookie: jar } })).status).toBe(200);
    const forged = await send('POST', '/collections', {
      headers: { cookie: jar },
      body: { name: 'from evil.example' },
    });
    expect(forged.body.code).toBe('CSRF_FAILED');
    const wrong = await send('POST', '/collections', {
      headers: { cookie: jar, 'x-csrf-token': 'guess' },
      body: { name: 'x' },
    });
    expect(wrong.body.code).toBe('CSRF_FAILED');
    const ok = await send('POST', '/collections', {
      headers: { cookie: jar, 'x-csrf-token': csrf },
      body: { name: 'mine' },
    });
    expect(ok.status).toBe(201);
  });

  it('refuses disabled accounts, revoked and expired keys, and keys wider than their owner', async () => {
    await open();
    const admin = (await setup()).body.access_token as string;
    const user = await send('POST', '/users', {
      token: admin,
      body: { email: 'v@example.com', role: 'viewer', password: PASSWORD },
    });
    const viewer = (await login('v@example.com')).body.access_token as string;
    const wide = await send('POST', '/api-keys', {
      token: viewer,
      body: { name: 'w', scopes: ['read', 'write'] },
    });
    expect(wide.body.code).toBe('API_KEY_SCOPE_EXCEEDS_ROLE');
    const key = (await send('POST', '/api-keys', { token: viewer, body: { name: 'r', scopes: ['read'] } }))
      .body;
    expect(key.key as string).toMatch(/^sift_[A-Za-z0-9]{8}_/u);
    expect((await send('GET', '/auth/me', { token: key.key as string })).body).toMatchObject({
      via: 'api_key',
      scopes: ['read'],
    });
    expect((await send('DELETE', `/api-keys/${key.id as string}`, { token: viewer })).status).toBe(200);
    expect((await send('GET', '/auth/me', { token: key.key as string })).body.code).toBe('API_KEY_REVOKED');
    const soon = new Date(Date.now() + 1500).toISOString();
    const short = (
      await send('POST', '/api-keys', {
        token: viewer,
        body: { name: 's', scopes: ['read'], expires_at: soon },
      })
    ).body;
    await new Promise((r) => setTimeout(r, 1800));
    expect((await send('GET', '/auth/me', { token: short.key as string })).body.code).toBe('API_KEY_EXPIRED');
    expect((await send('GET', '/auth/me', { token: 'sift_invalid_key' })).body.code).toBe('API_KEY_INVALID');
    await send('PATCH', `/users/${(user.body as { id: string }).id}`, {
      token: admin,
      body: { is_active: false },
    });
    expect((await send('GET', '/auth/me', { token: viewer })).status).toBe(401);
    expect((await login('v@example.com')).body.code).toBe('ACCOUNT_DISABLED');
  });

  it('never leaves the install without an admin, and keeps viewers from uploading', async () => {
    await open();
    const setupBody = (await setup()).body;
    const admin = setupBody.access_token as string;
    const me = (setupBody.user as { id: string }).id;
    expect((await send('PATCH', `/users/${me}`, { token: admin, body: { role: 'editor' } })).body.code).toBe(
      'LAST_ADMIN',
    );
    expect(
      (await send('PATCH', `/users/${me}`, { token: admin, body: { is_active: false } })).body.code,
    ).toBe('LAST_ADMIN');
    await send('POST', '/users', {
      token: admin,
      body: { email: 'v@example.com', role: 'viewer', password: PASSWORD },
    });
    const viewer = (await login('v@example.com')).body.access_token as string;
    const form = new FormData();
    form.append('file', new Blob(['text'], { type: 'text/plain' }), 'a.txt');
    const upload = await fetch(api('/documents'), {
      method: 'POST',
      headers: { authorization: `Bearer ${viewer}` },
      body: form,
    });
    expect(upload.status).toBe(403);
    expect(((await upload.json()) as { code: string }).code).toBe('FORBIDDEN');
  });

  it('records sign-in events, key changes, role changes and shares in the audit trail', async () => {
    await open();
    const admin = (await setup()).body.access_token as string;
    await login('admin@example.com', 'wrong password!!');
    const user = (
      await send('POST', '/users', {
        token: admin,
        body: { email: 'e@example.com', role: 'editor', password: PASSWORD },
      })
    ).body;
    await send('PATCH', `/users/${user.id as string}`, { token: admin, body: { role: 'viewer' } });
    const key = (await send('POST', '/api-keys', { token: admin, body: { name: 'k', scopes: ['read'] } }))
      .body;
    await send('DELETE', `/api-keys/${key.id as string}`, { token: admin });
    const collection = (await send('POST', '/collections', { token: admin, body: { name: 'c' } })).body;
    await send('PUT', `/collections/${collection.id as string}/shares`, {
      token: admin,
      body: { principal_type: 'user', principal_id: user.id, role: 'viewer' },
    });
    // A search is a read sent as POST: no line of its own.
    expect((await send('POST', '/search', { token: admin, body: { query: 'anything' } })).status).toBe(200);
    const trail = (await send('GET', '/audit?limit=200', { token: admin })).body.items as {
      action: string;
      outcome: string;
      after: unknown;
    }[];
    const actions = trail.map((r) => `${r.action}:${r.outcome}`);
    for (const expected of [
      'auth.setup:success',
      'auth.login:failure',
      'user.create:success',
      'user.role_change:success',
      'api_key.create:success',
      'api_key.revoke:success',
      'share.put:success',
      'POST /api/v1/collections:success',
    ]) {
      expect(actions).toContain(expected);
    }
    expect(actions.filter((a) => a.startsWith('POST /api/v1/search'))).toEqual([]);
    expect(JSON.stringify(trail)).not.toContain(PASSWORD);
    const viewer = (await login('e@example.com')).body.access_token as string;
    expect((await send('GET', '/audit', { token: viewer })).status).toBe(403);
  });
});
