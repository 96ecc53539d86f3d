import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestOidcProvider, type TestOidcProvider, type TestOidcUser } from '@sift/adapter-auth/testing';
import { freePort, startTestServer, type TestServer } from '../testing/test-server.js';

const CALLBACK = '/api/v1/auth/oidc/callback';
const HTML = 'text/html,application/xhtml+xml,*/*;q=0.8';

interface Setup {
  idp: TestOidcProvider;
  sift: TestServer;
}

const open: Setup[] = [];
afterEach(async () => {
  const setups = open.splice(0);
  for (const { sift } of setups) await sift.close();
  for (const idp of new Set(setups.map((s) => s.idp))) await idp.close();
});

/** A provider and a Sift with SSO pointed at it; Sift must know its own URL before it starts. */
async function start(env: Record<string, string> = {}): Promise<Setup> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const idp = await startTestOidcProvider({ redirectUris: [`${url}${CALLBACK}`] });
  const sift = await startTestServer({
    env: {
      SIFT_AUTH: 'on',
      SIFT_PORT: String(port),
      SIFT_PUBLIC_URL: url,
      SIFT_OIDC_ISSUER: idp.issuer,
      SIFT_OIDC_CLIENT_ID: idp.clientId,
      SIFT_OIDC_CLIENT_SECRET: idp.clientSecret,
      ...env,
    },
  });
  const setup = { idp, sift };
  open.push(setup);
  return setup;
}

/** name → value of the cookies a response sets, and the raw Set-Cookie lines by name. */
function cookiesOf(res: Response): { values: Map<string, string>; lines: Map<string, string> } {
  const values = new Map<string, string>();
  const lines = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const name = pair.slice(0, pair.indexOf('='));
    values.set(name, pair.slice(pair.indexOf('=') + 1));
    lines.set(name, line);
  }
  return { values, lines };
}

/** Sift's login → the provider (signing `user` in) → the URL the provider sends the browser back to. */
async function toProviderAndBack({ idp, sift }: Setup, user: TestOidcUser) {
  const login = await fetch(`${sift.url}/api/v1/auth/oidc/login`, { redirect: 'manual' });
  expect(login.status).toBe(302);
  const location = login.headers.get('location')!;
  expect(location.startsWith(`${idp.issuer}/`)).toBe(true);
  const { values, lines } = cookiesOf(login);
  idp.signInAs(user);
  return { back: await idp.authorize(location), stateCookie: values.get('sift_oidc')!, lines };
}

function callback(url: URL, cookie: string | null, accept = HTML): Promise<Response> {
  return fetch(url, {
    redirect: 'manual',
    headers: { accept, ...(cookie ? { cookie: `sift_oidc=${cookie}` } : {}) },
  });
}

/** A whole SSO sign-in as a browser does it; the answer of Sift's callback. */
async function signIn(setup: Setup, user: TestOidcUser): Promise<Response> {
  const { back, stateCookie } = await toProviderAndBack(setup, user);
  return callback(back, stateCookie);
}

async function me(sift: TestServer, res: Response) {
  const access = cookiesOf(res).values.get('sift_access');
  const reply = await fetch(`${sift.url}/api/v1/auth/me`, { headers: { cookie: `sift_access=${access}` } });
  return { status: reply.status, body: (await reply.json()) as { user: Record<string, unknown> } };
}

async function setupAdmin(sift: TestServer, email = 'admin@example.org'): Promise<string> {
  const res = await fetch(`${sift.url}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'a long enough test password' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function ssoAudit(sift: TestServer) {
  const { identity } = sift.runtime;
  return (await identity.audit.list(identity.operator(), { action: 'auth.sso_login' })).items;
}

const user = (sub: string, claims: Record<string, unknown>): TestOidcUser => ({ sub, claims });
const ERIN = user('erin-7', {
  email: 'Erin@Example.org',
  email_verified: true,
  name: 'Erin E.',
  sift_role: 'editor',
});

describe('OpenID Connect sign-in through a real provider', () => {
  it('creates a first-time user with the role of the claim and answers with working session cookies', async () => {
    const setup = await start();
    await setupAdmin(setup.sift);
    const res = await signIn(setup, ERIN);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const { values, lines } = cookiesOf(res);
    expect([...values.keys()]).toEqual(expect.arrayContaining(['sift_access', 'sift_refresh', 'sift_csrf']));
    expect(lines.get('sift_oidc')).toMatch(/sift_oidc=;/u); // the sign-in cookie is used up

    const { status, body } = await me(setup.sift, res);
    expect(status).toBe(200);
    expect(body.user).toMatchObject({
      email: 'erin@example.org',
      display_name: 'Erin E.',
      role: 'editor',
      sso: true,
    });
    expect(body.user.has_password).toBe(false);
    const [record] = await ssoAudit(setup.sift);
    expect(record).toMatchObject({ outcome: 'success', actorUserId: body.user.id, entityId: body.user.id });
  });

  it('keeps the sign-in state in a signed httpOnly SameSite=Lax cookie scoped to the SSO routes', async () => {
    const setup = await start();
    const { lines, stateCookie } = await toProviderAndBack(setup, ERIN);
    expect(lines.get('sift_oidc')).toMatch(/HttpOnly/u);
    expect(lines.get('sift_oidc')).toMatch(/SameSite=Lax/u);
    expect(lines.get('sift_oidc')).toMatch(/Path=\/api\/v1\/auth\/oidc/u);
    expect(lines.get('sift_oidc')).toMatch(/Max-Age=600/u);
    // Nothing of the transaction (state, nonce, verifier) can be changed without breaking the signature.
    expect(stateCookie.split('.')).toHaveLength(2);
  });

  it('signs a returning user into the same account', async () => {
    const setup = await start();
    await setupAdmin(setup.sift);
    const first = await me(setup.sift, await signIn(setup, ERIN));
    const second = await me(setup.sift, await signIn(setup, ERIN));
    expect(second.status).toBe(200);
    expect(second.body.user.id).toBe(first.body.user.id);
    const { items } = await setup.sift.runtime.identity.accounts.list(setup.sift.runtime.identity.operator());
    expect(items.filter((a) => a.email === 'erin@example.org')).toHaveLength(1);
  });

  it('gives a user whose token carries no role claim the configured default role', async () => {
    const setup = await start({ SIFT_OIDC_DEFAULT_ROLE: 'viewer' });
    await setupAdmin(setup.sift);
    const res = await signIn(setup, user('gus', { email: 'gus@example.org', email_verified: true }));
    const { body } = await me(setup.sift, res);
    expect(body.user).toMatchObject({
      email: 'gus@example.org',
      role: 'viewer',
      display_name: 'gus@example.org',
    });
  });

  it('makes the first SSO user the admin while no account exists yet, whatever its claim', async () => {
    const setup = await start();
    const status = async () =>
      ((await (await fetch(`${setup.sift.url}/api/v1/auth/status`)).json()) as { setup_required: boolean })
        .setup_required;
    expect(await status()).toBe(true);
    const res = await signIn(setup, user('hal', { email: 'hal@example.org', sift_role: 'viewer' }));
    expect((await me(setup.sift, res)).body.user).toMatchObject({ email: 'hal@example.org', role: 'admin' });
    expect(await status()).toBe(false);
  });

  it('refuses a callback whose state was tampered with, or whose sign-in cookie is missing or forged', async () => {
    const setup = await start();
    await setupAdmin(setup.sift);
    const { back, stateCookie } = await toProviderAndBack(setup, ERIN);

    const tampered = new URL(back);
    tampered.searchParams.set('state', 'attacker-state');
    const browser = await callback(tampered, stateCookie);
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/?sso_error=SSO_STATE_INVALID');
    expect(cookiesOf(browser).values.has('sift_access')).toBe(false);

    const api = await callback(tampered, stateCookie, 'application/json');
    expect(api.status).toBe(400);
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/u);
    expect(await api.json()).toMatchObject({ code: 'SSO_STATE_INVALID' });

    const withoutCookie = await callback(back, null, 'application/json');
    expect(await withoutCookie.json()).toMatchObject({ code: 'SSO_STATE_INVALID' });
    // The right transaction under a wrong signature, or none, is refused: the cookie is trusted for its signature.
    const [value, signature = ''] = stateCookie.split('.');
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    for (const forged of [`${value}.${flipped}`, value!]) {
      const res = await callback(back, forged, 'application/json');
      expect(await res.json()).toMatchObject({ code: 'SSO_STATE_INVALID' });
    }

    // None of the refusals spent the code: the real callback still signs in.
    expect((await callback(back, stateCookie)).headers.get('location')).toBe('/');
    const outcomes = (await ssoAudit(setup.sift)).map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'failure')).toHaveLength(5);
  });

  it('refuses a sign-in cookie older than ten minutes', async () => {
    const setup = await start();
    const { back, stateCookie } = await toProviderAndBack(setup, ERIN);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 601_000);
      const res = await callback(back, stateCookie, 'application/json');
      expect(await res.json()).toMatchObject({
        code: 'SSO_STATE_INVALID',
        detail: expect.stringMatching(/expired/u),
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts a sign-in another node with the same SIFT_JWT_SECRET started, and only such', async () => {
    const secret = { SIFT_JWT_SECRET: 'a shared secret of the cluster, 32+ characters long' };
    const a = await start(secret);
    const env = (extra: Record<string, string>) => ({
      ...extra,
      SIFT_AUTH: 'on',
      // Behind one public URL, as nodes behind a load balancer are.
      SIFT_PUBLIC_URL: a.sift.url,
      SIFT_OIDC_ISSUER: a.idp.issuer,
      SIFT_OIDC_CLIENT_ID: a.idp.clientId,
      SIFT_OIDC_CLIENT_SECRET: a.idp.clientSecret,
    });
    const twin = await startTestServer({ env: env(secret) });
    const stranger = await startTestServer({
      env: env({ SIFT_JWT_SECRET: 'another secret, also 32+ characters long' }),
    });
    open.push({ idp: a.idp, sift: twin }, { idp: a.idp, sift: stranger });
    const { back, stateCookie } = await toProviderAndBack(a, ERIN);
    const onNode = (node: TestServer) => new URL(`${node.url}${CALLBACK}${back.search}`);

    const refused = await callback(onNode(stranger), stateCookie, 'application/json');
    expect(await refused.json()).toMatchObject({ code: 'SSO_STATE_INVALID' });
    const res = await callback(onNode(twin), stateCookie);
    expect(res.headers.get('location')).toBe('/');
    expect((await me(twin, res)).body.user).toMatchObject({ email: 'erin@example.org' });
  });

  it('refuses a replayed callback, with or without the used sign-in cookie', async () => {
    const setup = await start();
    await setupAdmin(setup.sift);
    const { back, stateCookie } = await toProviderAndBack(setup, ERIN);
    expect((await callback(back, stateCookie)).headers.get('location')).toBe('/');

    const replay = await callback(back, stateCookie, 'application/json');
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ code: 'SSO_FAILED', error: 'invalid_grant' });
    const again = await callback(back, null);
    expect(again.headers.get('location')).toBe('/?sso_error=SSO_STATE_INVALID');
    expect(cookiesOf(again).values.has('sift_access')).toBe(false);
  });

  it('does not let an account an admin disabled sign in through SSO', async () => {
    const setup = await start();
    const adminToken = await setupAdmin(setup.sift);
    const { body } = await me(setup.sift, await signIn(setup, ERIN));
    const patch = await fetch(`${setup.sift.url}/api/v1/users/${String(body.user.id)}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ is_active: false }),
    });
    expect(patch.status).toBe(200);

    const browser = await signIn(setup, ERIN);
    expect(browser.headers.get('location')).toBe('/?sso_error=ACCOUNT_DISABLED');
    expect(cookiesOf(browser).values.has('sift_access')).toBe(false);
    const { back, stateCookie } = await toProviderAndBack(setup, ERIN);
    const api = await callback(back, stateCookie, 'application/json');
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ code: 'ACCOUNT_DISABLED' });
    const [latest] = await ssoAudit(setup.sift);
    expect(latest).toMatchObject({ outcome: 'failure', entityId: body.user.id });
    expect(latest!.after).toMatchObject({ code: 'ACCOUNT_DISABLED' });
  });

  it('sends the browser back to the UI when the person cancels at the provider', async () => {
    const setup = await start();
    const login = await fetch(`${setup.sift.url}/api/v1/auth/oidc/login`, { redirect: 'manual' });
    setup.idp.denyNext();
    const back = await setup.idp.authorize(login.headers.get('location')!);
    const res = await callback(back, cookiesOf(login).values.get('sift_oidc')!);
    expect(res.headers.get('location')).toBe('/?sso_error=SSO_DENIED');
  });

  it('answers SSO_UNAVAILABLE while the provider is down: 503 for API clients, the UI for browsers', async () => {
    const setup = await start();
    setup.idp.setDown(true);
    const api = await fetch(`${setup.sift.url}/api/v1/auth/oidc/login`, { redirect: 'manual' });
    expect(api.status).toBe(503);
    expect(await api.json()).toMatchObject({ code: 'SSO_UNAVAILABLE' });
    const browser = await fetch(`${setup.sift.url}/api/v1/auth/oidc/login`, {
      redirect: 'manual',
      headers: { accept: HTML },
    });
    expect(browser.headers.get('location')).toBe('/?sso_error=SSO_UNAVAILABLE');
    setup.idp.setDown(false);
    expect((await signIn(setup, ERIN)).headers.get('location')).toBe('/');
  });
});

describe('OpenID Connect routes without a provider configured', () => {
  it('answer 404 SSO_NOT_CONFIGURED', async () => {
    const sift = await startTestServer({ env: { SIFT_AUTH: 'on' } });
    try {
      for (const route of ['login', 'callback?code=x&state=y']) {
        const res = await fetch(`${sift.url}/api/v1/auth/oidc/${route}`, {
          redirect: 'manual',
          headers: { accept: HTML },
        });
        expect(res.status).toBe(404);
        expect(await res.json()).toMatchObject({ code: 'SSO_NOT_CONFIGURED' });
      }
    } finally {
      await sift.close();
    }
  });
});
