import { AppError } from '@sift/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcClient, type OidcClientOptions } from './oidc.client.js';
import { startTestOidcProvider, type TestOidcProvider, type TestOidcUser } from './oidc-provider.fixture.js';

const REDIRECT = 'http://127.0.0.1:1/api/v1/auth/oidc/callback';

let idp: TestOidcProvider;
beforeAll(async () => {
  idp = await startTestOidcProvider({ redirectUris: [REDIRECT] });
});
afterAll(() => idp.close());

function client(extra: Partial<OidcClientOptions> = {}): OidcClient {
  return new OidcClient({
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    redirectUrl: REDIRECT,
    roleClaim: 'sift_role',
    defaultRole: 'viewer',
    ...extra,
  });
}

const ALICE: TestOidcUser = {
  sub: 'alice-1',
  claims: { email: 'Alice@Example.org', email_verified: true, name: 'Alice A.', sift_role: 'editor' },
};

/** A whole sign-in at the provider: the transaction Sift keeps and the query the provider sends back. */
async function signIn(sso: OidcClient, user: TestOidcUser = ALICE) {
  const tx = await sso.authorizationUrl();
  idp.signInAs(user);
  const back = await idp.authorize(tx.url);
  return { tx, query: back.searchParams };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('OidcClient against a real OpenID provider', () => {
  it('asks for the code flow with an S256 PKCE challenge, state, nonce and the openid email profile scopes', async () => {
    const tx = await client().authorizationUrl();
    const url = new URL(tx.url);
    expect(url.href.startsWith(`${idp.issuer}/`)).toBe(true);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: idp.clientId,
      redirect_uri: REDIRECT,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      state: tx.state,
      nonce: tx.nonce,
    });
    expect(url.searchParams.get('code_challenge')).not.toBe(tx.codeVerifier);
    expect(tx.codeVerifier.length).toBeGreaterThanOrEqual(43);
  });

  it('returns the person with the role from the role claim, email folded to lower case', async () => {
    const sso = client();
    const { tx, query } = await signIn(sso);
    await expect(sso.callback(query, tx)).resolves.toEqual({
      subject: 'alice-1',
      issuer: idp.issuer,
      email: 'alice@example.org',
      name: 'Alice A.',
      role: 'editor',
    });
  });

  it('gives the default role when the claim is absent or not a Sift role, takes the highest of a list, and reads a configured claim', async () => {
    const sso = client({ defaultRole: 'editor' });
    const bare = { sub: 'bob', claims: { email: 'bob@example.org' } };
    const first = await signIn(sso, bare);
    expect((await sso.callback(first.query.toString(), first.tx)).role).toBe('editor');

    const odd = { sub: 'carol', claims: { email: 'carol@example.org', sift_role: 'root' } };
    const second = await signIn(sso, odd);
    expect((await sso.callback(second.query, second.tx)).role).toBe('editor');

    const listed = {
      sub: 'cleo',
      claims: { email: 'cleo@example.org', sift_role: ['staff', 'viewer', 'admin'] },
    };
    const fourth = await signIn(sso, listed);
    expect((await sso.callback(fourth.query, fourth.tx)).role).toBe('admin');

    const other = client({ roleClaim: 'name' });
    const named = { sub: 'dave', claims: { email: 'dave@example.org', name: 'admin' } };
    const third = await signIn(other, named);
    expect((await other.callback(third.query, third.tx)).role).toBe('admin');
  });

  it('refuses an answer whose state is not the one of this sign-in', async () => {
    const sso = client();
    const { tx, query } = await signIn(sso);
    const forged = await refusal(sso.callback(query, { ...tx, state: 'forged-state' }));
    expect(forged.code).toBe('SSO_STATE_INVALID');
    const stripped = new URLSearchParams(query);
    stripped.delete('state');
    expect((await refusal(sso.callback(stripped, tx))).code).toBe('SSO_STATE_INVALID');
    // The refused answers did not use the code up: with its own state it still signs the person in.
    expect((await sso.callback(query, tx)).subject).toBe('alice-1');
  });

  it('refuses a code exchanged once already (a replayed callback)', async () => {
    const sso = client();
    const { tx, query } = await signIn(sso);
    await sso.callback(query, tx);
    const err = await refusal(sso.callback(query, tx));
    expect(err).toMatchObject({ code: 'SSO_FAILED', category: 'user', details: { error: 'invalid_grant' } });
  });

  it('refuses a wrong PKCE verifier and a wrong nonce', async () => {
    const sso = client();
    const first = await signIn(sso);
    const verifier = await refusal(sso.callback(first.query, { ...first.tx, codeVerifier: 'x'.repeat(43) }));
    expect(verifier).toMatchObject({ code: 'SSO_FAILED', details: { error: 'invalid_grant' } });
    const second = await signIn(sso);
    const nonce = await refusal(sso.callback(second.query, { ...second.tx, nonce: 'another-nonce' }));
    expect(nonce.code).toBe('SSO_FAILED');
    expect(nonce.details.reason).toMatch(/nonce/u);
  });

  it('reports a sign-in the person cancelled at the provider as SSO_DENIED', async () => {
    const sso = client();
    const tx = await sso.authorizationUrl();
    idp.denyNext();
    const back = await idp.authorize(tx.url);
    const err = await refusal(sso.callback(back.searchParams, tx));
    expect(err).toMatchObject({ code: 'SSO_DENIED', details: { error: 'access_denied' } });
  });

  it('refuses an identity without an email or with an email the provider has not verified', async () => {
    const sso = client();
    const none = await signIn(sso, { sub: 'erin', claims: { name: 'Erin' } });
    expect((await refusal(sso.callback(none.query, none.tx))).code).toBe('SSO_EMAIL_MISSING');
    const unverified = { sub: 'frank', claims: { email: 'frank@example.org', email_verified: false } };
    const second = await signIn(sso, unverified);
    expect((await refusal(sso.callback(second.query, second.tx))).code).toBe('SSO_EMAIL_UNVERIFIED');
  });

  it('answers SSO_UNAVAILABLE while the provider is down and discovers it again once it is back', async () => {
    const sso = client();
    idp.setDown(true);
    try {
      const err = await refusal(sso.authorizationUrl());
      expect(err).toMatchObject({ code: 'SSO_UNAVAILABLE', category: 'unavailable', retryable: true });
    } finally {
      idp.setDown(false);
    }
    const { tx, query } = await signIn(sso);
    expect((await sso.callback(query, tx)).subject).toBe('alice-1');
  });
});
