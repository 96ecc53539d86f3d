import { timingSafeEqual } from 'node:crypto';
import {
  AppError,
  ROLES,
  type ExternalIdentity,
  type Role,
  type SingleSignOn,
  type SsoTransaction,
} from '@sift/core';
import * as oidc from 'openid-client';

/** Options of {@link OidcClient}: `config.auth.oidc`. */
export interface OidcClientOptions {
  /** The issuer identifier; its `/.well-known/openid-configuration` is read on first use. */
  issuer: string;
  clientId: string;
  /** Null for a public client (PKCE alone). */
  clientSecret: string | null;
  /** `<SIFT_PUBLIC_URL>/api/v1/auth/oidc/callback`, as registered at the provider. */
  redirectUrl: string;
  /** The claim that carries the role, e.g. `sift_role`. */
  roleClaim: string;
  /** The role of a person whose claim is absent or not a Sift role. */
  defaultRole: Role;
  /** Seconds each request to the provider may take (default 10). */
  timeoutS?: number;
}

const SCOPE = 'openid email profile';
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Single sign-on through an OpenID Connect provider with openid-client: authorization-code flow with PKCE
 * (S256), state and nonce; the ID token's signature is checked against the provider's JWKS, and its issuer,
 * audience, expiry and nonce. The provider is discovered on first use and again after a failed discovery, so a
 * provider that is down at start does not keep SSO off until a restart.
 */
export class OidcClient implements SingleSignOn {
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(private readonly options: OidcClientOptions) {}

  async authorizationUrl(): Promise<SsoTransaction & { url: string }> {
    const config = await this.configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUrl,
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  async callback(params: URLSearchParams | string, expected: SsoTransaction): Promise<ExternalIdentity> {
    const config = await this.configuration();
    // openid-client takes the redirect_uri for the token request from this URL (its query stripped), so it
    // must be exactly the registered one, whatever host or proxy the callback request came through.
    const current = new URL(this.options.redirectUrl);
    current.search = new URLSearchParams(params).toString();
    // openid-client checks the state too; checking it first gives a foreign answer (a forged or replayed
    // callback, or one of another sign-in) its own code, whatever the library's messages say.
    if (!sameText(current.searchParams.get('state') ?? '', expected.state)) {
      throw new AppError(
        'SSO_STATE_INVALID',
        'user',
        'the answer of the OpenID provider is not for this sign-in',
      );
    }
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims()!;
      // Providers that follow the spec for the code flow release profile and email claims at the userinfo
      // endpoint only; claims of the signed ID token win where both have one.
      const userInfo =
        config.serverMetadata().userinfo_endpoint && tokens.access_token
          ? await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)
          : {};
      return this.identity({ ...userInfo, ...idToken });
    } catch (err) {
      throw ssoError(err);
    }
  }

  private identity(claims: Record<string, unknown>): ExternalIdentity {
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email) {
      throw new AppError(
        'SSO_EMAIL_MISSING',
        'user',
        'the provider released no email address for this person',
      );
    }
    // An account with the same email is linked to this identity, so an address the provider says it has not
    // verified could take over someone else's account.
    if (claims.email_verified === false || claims.email_verified === 'false') {
      throw new AppError('SSO_EMAIL_UNVERIFIED', 'user', 'the provider has not verified this email address');
    }
    const name = [claims.name, claims.preferred_username].find(
      (v): v is string => typeof v === 'string' && v.trim() !== '',
    );
    return {
      subject: String(claims.sub),
      issuer: String(claims.iss),
      email,
      name: name?.trim() ?? email,
      role: roleOf(claims[this.options.roleClaim]) ?? this.options.defaultRole,
    };
  }

  private configuration(): Promise<oidc.Configuration> {
    this.discovered ??= this.discover().catch((err: unknown) => {
      this.discovered = null;
      throw err;
    });
    return this.discovered;
  }

  private async discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.options;
    const server = new URL(issuer);
    try {
      return await oidc.discovery(
        server,
        clientId,
        clientSecret ? { client_secret: clientSecret } : {},
        // client_secret_basic is what a registered client gets unless it asked for another method.
        clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None(),
        {
          timeout: this.options.timeoutS ?? 10,
          // Plain HTTP would expose the code and the client secret; it is accepted for a provider on this
          // machine only (development, tests).
          execute:
            server.protocol === 'http:' && LOOPBACK.has(server.hostname) ? [oidc.allowInsecureRequests] : [],
        },
      );
    } catch (err) {
      throw new AppError(
        'SSO_UNAVAILABLE',
        'unavailable',
        `the OpenID provider ${issuer} cannot be discovered`,
        {
          cause: err,
          details: { issuer, reason: err instanceof Error ? err.message : String(err) },
        },
      );
    }
  }
}

/**
 * The role a claim names: one role, or a list of values (providers send group or role lists) of which the most
 * privileged Sift role counts; null when it names none.
 */
function roleOf(claim: unknown): Role | null {
  const values = Array.isArray(claim) ? (claim as unknown[]) : [claim];
  // ROLES lists the most privileged first.
  return ROLES.find((role) => values.includes(role)) ?? null;
}

/** The AppError of a failed callback: the provider's own error, a foreign answer, or a failed validation. */
function ssoError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof oidc.AuthorizationResponseError) {
    return new AppError('SSO_DENIED', 'user', 'the OpenID provider did not sign the person in', {
      details: { error: err.error, description: err.error_description ?? null },
    });
  }
  const reason = reasonOf(err);
  if (err instanceof TypeError || (err instanceof Error && /Timeout|Abort/u.test(err.name))) {
    return new AppError('SSO_UNAVAILABLE', 'unavailable', 'the OpenID provider cannot be reached', {
      cause: err,
      details: { reason },
    });
  }
  return new AppError('SSO_FAILED', 'user', 'the sign-in at the OpenID provider could not be completed', {
    cause: err,
    details: { reason, ...(err instanceof oidc.ResponseBodyError ? { error: err.error } : {}) },
  });
}

/** The library's message, with its cause's (openid-client wraps the precise one: `unexpected JWT "nonce" …`). */
function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
