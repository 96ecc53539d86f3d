import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import { AppError, type Principal } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER } from './cookies.js';
import { originOf } from './origin.js';
import { problemResponses } from '../problem.schema.js';
import { PERMISSIONS, type Permission } from './permissions.js';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes of the API must say what they need; anything else (the UI, the API reference) is public. */
function permissionOf(request: FastifyRequest): Permission {
  const declared = request.routeOptions.schema?.['x-permission'];
  return declared ?? 'public';
}

function authRequired(): AppError {
  return new AppError(
    'AUTH_REQUIRED',
    'unauthenticated',
    'sign in, or send an API key as `Authorization: Bearer sift_…`',
  );
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authentication and the coarse permission check, once for every route:
 * - at registration, every `/api/v1` route must declare `'x-permission'` in its schema (a route without one
 *   stops the server from starting), and non-public ones are marked in the OpenAPI document as needing a
 *   bearer token or the sign-in cookie;
 * - per request, credentials become an Access: `Authorization: Bearer <JWT>` or `Bearer sift_…` (API key), or
 *   the `sift_access` cookie — whose unsafe requests must echo the `sift_csrf` cookie in `x-csrf-token`
 *   (double submit; the cookies are also SameSite=Strict);
 * - until the first account exists every non-public route answers 401 SETUP_REQUIRED;
 * - then the route's permission: 401 without credentials, 403 FORBIDDEN without the scope.
 * What the principal reaches is decided by core's services with `request.access`.
 */
export const authPlugin = fp<{ runtime: SiftRuntime }>(async (app: FastifyInstance, { runtime }) => {
  const { identity } = runtime;
  await app.register(cookie);
  app.decorateRequest('access', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('credentials', null);
  app.decorateRequest('keyRateLimit', null);
  // Long-lived streams (live events) check now and then that the credentials they opened with still hold.
  app.decorate('authenticateRequest', authenticate);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    const permission = route.schema?.['x-permission'];
    if (url.startsWith('/api/v1') && !permission) {
      throw new Error(`route ${String(route.method)} ${url} declares no 'x-permission' in its schema`);
    }
    if (permission && !PERMISSIONS.includes(permission)) {
      throw new Error(`route ${String(route.method)} ${url} declares an unknown permission ${permission}`);
    }
    if (permission && permission !== 'public' && route.schema) {
      route.schema.security = [{ bearer: [] }, { cookie: [] }];
      // Every guarded route can answer these two; the route's own responses win where it lists them.
      route.schema.response = { ...problemResponses(401, 403), ...(route.schema.response as object) };
    }
  });

  let setupDone = false;
  const needsSetup = async (): Promise<boolean> => {
    if (setupDone) return false;
    setupDone = !(await identity.accounts.needsSetup());
    return !setupDone;
  };

  app.addHook('onRequest', async (request) => {
    const permission = permissionOf(request);
    if (!identity.enabled) {
      // SIFT_AUTH=off (loopback only): the operator, who owns everything.
      request.access = identity.operator();
      request.credentials = 'operator';
      return;
    }
    const authenticated = await authenticate(request).catch((err: unknown) => {
      // Bad credentials on a public route (a stale cookie on the sign-in page) do not stand in the way.
      if (permission === 'public') return null;
      throw err;
    });
    if (permission === 'public') {
      if (authenticated) request.access = await identity.access.resolve(authenticated);
      return;
    }
    if (await needsSetup()) {
      throw new AppError(
        'SETUP_REQUIRED',
        'unauthenticated',
        'no account exists yet: create the first admin with POST /api/v1/auth/setup',
      );
    }
    if (!authenticated) throw authRequired();
    const access = await identity.access.resolve(authenticated);
    request.access = access;
    if (permission === 'admin') access.requireAdmin();
    else if (permission !== 'authenticated') access.require(permission);
  });

  // Every change request leaves a line in the audit trail, whatever its outcome; the services add the details
  // (before/after) of the security-relevant ones, and the sign-in routes record their own events. Reads sent
  // as POST (search, ask, chat) change nothing and are not audited: they would bury the changes.
  app.addHook('onResponse', async (request, reply) => {
    const url = request.routeOptions.url;
    if (
      !UNSAFE_METHODS.has(request.method) ||
      permissionOf(request) === 'read' ||
      !url?.startsWith('/api/v1/') ||
      url.startsWith('/api/v1/auth/')
    )
      return;
    const params = (request.params ?? {}) as Record<string, unknown>;
    await identity.audit.record(request.access, originOf(request), {
      action: `${request.method} ${url}`,
      entityType: url.split('/')[3] ?? 'api',
      entityId: typeof params.id === 'string' ? params.id : null,
      outcome: reply.statusCode < 400 ? 'success' : 'failure',
      after: { status: reply.statusCode },
    });
  });

  /** The principal of the request's credentials, null when it sent none. Throws for invalid ones. */
  async function authenticate(request: FastifyRequest): Promise<Principal | null> {
    const header = request.headers.authorization;
    if (header) {
      const [scheme, value] = header.split(/\s+/u, 2);
      if (scheme?.toLowerCase() !== 'bearer' || !value) {
        throw new AppError(
          'AUTH_SCHEME_UNSUPPORTED',
          'unauthenticated',
          'use `Authorization: Bearer <token or API key>`',
        );
      }
      if (value.startsWith('sift_')) {
        const { principal, rateLimitPerMinute } = await identity.auth.authenticateApiKey(value, {
          ip: request.ip,
          userAgent: null,
          requestId: request.id,
        });
        request.credentials = 'api_key';
        request.keyRateLimit = rateLimitPerMinute;
        return principal;
      }
      const { principal, sessionId } = await identity.auth.authenticateToken(value);
      request.credentials = 'bearer';
      request.sessionId = sessionId;
      return principal;
    }
    const token = request.cookies[ACCESS_COOKIE];
    if (!token) return null;
    if (UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      const expected = request.cookies[CSRF_COOKIE];
      if (typeof sent !== 'string' || !expected || !safeEqual(sent, expected)) {
        throw new AppError(
          'CSRF_FAILED',
          'forbidden',
          `a cookie-authenticated ${request.method} must send the sift_csrf cookie's value in ${CSRF_HEADER}`,
        );
      }
    }
    const { principal, sessionId } = await identity.auth.authenticateToken(token);
    request.credentials = 'cookie';
    request.sessionId = sessionId;
    return principal;
  }
});
