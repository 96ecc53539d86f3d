import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/** The person the provider signs in next: its `sub` and the claims it vouches for. */
export interface TestOidcUser {
  sub: string;
  claims: Record<string, unknown>;
}

/** A real OpenID Connect provider (oidc-provider) on 127.0.0.1, with one confidential client. */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The person the next sign-in authenticates as (the login interaction is answered in code, not a form). */
  signInAs(user: TestOidcUser): void;
  /** The next sign-in is cancelled by the person: the provider answers `error=access_denied`. */
  denyNext(): void;
  /** While down, every request is answered 503 (discovery included). */
  setDown(down: boolean): void;
  /**
   * Plays the browser at the provider: follows redirects from `authorizationUrl` through the interactions,
   * carrying the provider's cookies, up to the redirect back to the client, whose URL it returns.
   */
  authorize(authorizationUrl: string): Promise<URL>;
  close(): Promise<void>;
}

/**
 * Starts an OpenID provider for tests. `email`, `email_verified`, `name` and `sift_role` are released for the
 * scopes `email` and `profile`; as the spec asks of a code flow (`conformIdTokenClaims`), they come from the
 * userinfo endpoint, not the ID token. PKCE is required.
 */
export async function startTestOidcProvider(options: { redirectUris: string[] }): Promise<TestOidcProvider> {
  const clientId = 'sift-test';
  const clientSecret = 'sift-test-secret-0123456789abcdef';
  const users = new Map<string, TestOidcUser>();
  let next: TestOidcUser | null = null;
  let deny = false;
  let down = false;

  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'sift_role'] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    // Lifetimes set, so the provider does not print a notice for each default it falls back to.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const user = users.get(sub);
      return user && { accountId: sub, claims: () => ({ ...user.claims, sub }) };
    },
  });
  const handle = provider.callback();

  async function interact(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (deny || !next) {
        deny = false;
        const result = { error: 'access_denied', error_description: 'the person cancelled' };
        return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      }
      users.set(next.sub, next);
      const login = { login: { accountId: next.sub } };
      next = null;
      return provider.interactionFinished(req, res, login, { mergeWithLastSubmission: false });
    }
    // Consent: grant what the client asked for.
    const accountId = details.session?.accountId ?? '';
    const grant =
      (details.grantId && (await provider.Grant.find(details.grantId))) ||
      new provider.Grant({ accountId, clientId: details.params.client_id });
    const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    const consent = { consent: { grantId: await grant.save() } };
    return provider.interactionFinished(req, res, consent, { mergeWithLastSubmission: true });
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (down) {
      res.statusCode = 503;
      res.end();
    } else if (req.url?.startsWith('/interaction/')) {
      interact(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    } else handle(req, res);
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (user) => {
      next = user;
    },
    denyNext: () => {
      deny = true;
    },
    setDown: (value) => {
      down = value;
    },
    authorize: (url) => followAtProvider(url, issuer, options.redirectUris),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Follows redirects as a browser would, keeping the provider's cookies, until one leads to a redirect URI. */
async function followAtProvider(start: string, issuer: string, redirectUris: string[]): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(start);
  for (let hop = 0; hop < 10; hop++) {
    if (!url.href.startsWith(issuer)) throw new Error(`left the provider for ${url.href}`);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider answered ${res.status}: ${await res.text()}`);
    await res.body?.cancel();
    url = new URL(location, url);
    if (redirectUris.some((uri) => url.href.startsWith(`${uri}?`))) return url;
  }
  throw new Error('too many redirects at the provider');
}
