import { createHmac, randomBytes } from 'node:crypto';
import { Signer } from '@fastify/cookie';
import { AppError, type Account, type SingleSignOn, type SsoTransaction } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { secureCookie, setSessionCookies } from '../auth/cookies.js';
import { originOf } from '../auth/origin.js';
import { problemResponses } from '../problem.schema.js';

/** The sign-in under way in this browser: state, nonce and PKCE verifier, signed, for ten minutes. */
export const SSO_COOKIE = 'sift_oidc';
const SSO_PATH = '/api/v1/auth/oidc';
const SSO_TTL_S = 600;
/** Failures the browser is sent back to the UI with, as `/?sso_error=<code>`; others reach the error handler. */
const SHOWN_CATEGORIES = new Set(['user', 'unauthenticated', 'forbidden', 'conflict', 'unavailable']);

const REDIRECT = z.null().describe('A redirect: see the Location header');

function notConfigured(): AppError {
  return new AppError(
    'SSO_NOT_CONFIGURED',
    'not_found',
    'single sign-on is not configured on this server (SIFT_OIDC_ISSUER, with SIFT_AUTH=on)',
  );
}

function stateInvalid(why: string): AppError {
  return new AppError('SSO_STATE_INVALID', 'user', `no sign-in of this browser matches: ${why}`);
}

/**
 * The key that signs the sign-in cookie. Derived from SIFT_JWT_SECRET when set, so every API node of a cluster
 * accepts a sign-in another node started; otherwise random per process: a single node, where a restart only
 * cancels the sign-ins under way (they start again from the UI).
 */
function cookieKey(jwtSecret: string | null): Buffer {
  return jwtSecret
    ? createHmac('sha256', jwtSecret).update('sift oidc sign-in cookie').digest()
    : randomBytes(32);
}

/**
 * OpenID Connect single sign-on: `/auth/oidc/login` sends the browser to the provider, `/auth/oidc/callback`
 * takes it back, signs the person in (the account linked to the identity, else the one with its email, else a
 * new one with the role from the token; the very first becomes the admin) and sends the browser to the UI.
 * Browsers (which accept text/html) that fail are sent to `/?sso_error=<code>`; other clients get the problem.
 */
export const oidcRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { identity } = runtime;
  const cookieMode = runtime.config.auth.cookieSecure;
  const signer = new Signer(cookieKey(runtime.config.auth.jwtSecret));

  const sso = (): SingleSignOn => {
    if (!identity.enabled || !identity.sso) throw notConfigured();
    return identity.sso;
  };

  /** The problem for API clients; for a browser, the UI with the error code to show. */
  const fail = (request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply => {
    const accept = request.headers.accept ?? '';
    if (!(err instanceof AppError) || !SHOWN_CATEGORIES.has(err.category) || !accept.includes('text/html')) {
      throw err;
    }
    return reply.redirect(`/?sso_error=${encodeURIComponent(err.code)}`, 302);
  };

  app.get(
    '/auth/oidc/login',
    {
      schema: {
        'x-permission': 'public',
        tags: ['auth'],
        summary: 'Sign in with the OpenID Connect provider: redirects there',
        description:
          'Starts an authorization-code sign-in with PKCE, state and nonce, kept for ten minutes in a signed ' +
          'httpOnly SameSite=Lax cookie (the provider comes back with a cross-site redirect). 404 ' +
          'SSO_NOT_CONFIGURED without SIFT_OIDC_ISSUER; 503 SSO_UNAVAILABLE while the provider cannot be reached.',
        response: { 302: REDIRECT, ...problemResponses(404, 503) },
      },
    },
    async (request, reply) => {
      const client = sso();
      let tx: SsoTransaction & { url: string };
      try {
        tx = await client.authorizationUrl();
      } catch (err) {
        request.log.warn({ err }, 'single sign-on could not start');
        return fail(request, reply, err);
      }
      const exp = Math.floor(Date.now() / 1000) + SSO_TTL_S;
      const value = JSON.stringify({ state: tx.state, nonce: tx.nonce, codeVerifier: tx.codeVerifier, exp });
      reply.setCookie(SSO_COOKIE, signer.sign(Buffer.from(value).toString('base64url')), {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie(request, cookieMode),
        path: SSO_PATH,
        maxAge: SSO_TTL_S,
      });
      return reply.redirect(tx.url, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      schema: {
        'x-permission': 'public',
        tags: ['auth'],
        summary: 'Where the OpenID Connect provider sends the browser back: signs in and redirects to the UI',
        description:
          'Takes the provider’s answer (`code`, `state`, `iss`, or `error`) with the sign-in cookie set by ' +
          '/auth/oidc/login (used once), validates it and the ID token, and signs the person in with the same ' +
          'cookies as /auth/login, then redirects to `/`. A browser whose sign-in fails is redirected to ' +
          '`/?sso_error=<code>` (SSO_STATE_INVALID, SSO_DENIED, SSO_FAILED, SSO_EMAIL_MISSING, ' +
          'SSO_EMAIL_UNVERIFIED, ACCOUNT_DISABLED, SSO_UNAVAILABLE); other clients get the problem.',
        response: { 302: REDIRECT, ...problemResponses(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      const client = sso();
      const origin = originOf(request);
      const sent = request.cookies[SSO_COOKIE];
      // Used once, whatever happens: a second callback of this sign-in finds no transaction.
      reply.clearCookie(SSO_COOKIE, { path: SSO_PATH });
      let account: Account | null = null;
      try {
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
        const person = await client.callback(query, transaction(sent));
        account = await identity.accounts.externalAccount({
          externalId: `${person.issuer}|${person.subject}`,
          email: person.email,
          displayName: person.name,
          role: person.role,
        });
        if (!account.isActive) {
          throw new AppError('ACCOUNT_DISABLED', 'unauthenticated', 'this account is disabled');
        }
        const tokens = await identity.auth.startSession(account);
        // The cookies are SameSite=Strict: the redirect to `/` still belongs to the provider's cross-site
        // navigation and will not carry them, but the UI's own requests that follow do.
        setSessionCookies(request, reply, tokens, cookieMode);
        await identity.audit.record(null, origin, {
          action: 'auth.sso_login',
          entityType: 'user',
          entityId: account.id,
          actorUserId: account.id,
          after: { email: account.email, role: account.role, issuer: person.issuer },
        });
        return reply.redirect('/', 302);
      } catch (err) {
        await identity.audit.record(null, origin, {
          action: 'auth.sso_login',
          entityType: 'user',
          entityId: account?.id ?? null,
          actorUserId: account?.id ?? null,
          outcome: 'failure',
          after: { code: err instanceof AppError ? err.code : 'INTERNAL', email: account?.email ?? null },
        });
        if (err instanceof AppError) {
          request.log.warn({ code: err.code, details: err.details }, 'single sign-on failed');
        }
        return fail(request, reply, err);
      }
    },
  );

  /** The transaction of the signed cookie; SSO_STATE_INVALID when it is missing, forged or expired. */
  function transaction(cookie: string | undefined): SsoTransaction {
    if (!cookie) throw stateInvalid('no sign-in is under way in this browser (or it was completed)');
    const { valid, value } = signer.unsign(cookie);
    if (!valid || value === null) throw stateInvalid('the sign-in cookie is not ours');
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString()) as SsoTransaction & { exp: number };
    if (parsed.exp < Date.now() / 1000) throw stateInvalid('the sign-in expired; start it again');
    return { state: parsed.state, nonce: parsed.nonce, codeVerifier: parsed.codeVerifier };
  }
};
