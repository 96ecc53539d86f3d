import { randomBytes } from 'node:crypto';
import type { SessionTokens } from '@sift/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The access token (JWT) of a browser sign-in. */
export const ACCESS_COOKIE = 'sift_access';
/** The refresh token, sent only to the auth routes. */
export const REFRESH_COOKIE = 'sift_refresh';
/** The double-submit CSRF token: readable by the page, echoed in {@link CSRF_HEADER} on unsafe requests. */
export const CSRF_COOKIE = 'sift_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const REFRESH_PATH = '/api/v1/auth';

/** Whether the sign-in cookies get `Secure`: always, never, or when the request came over TLS. */
export type CookieSecurity = 'auto' | 'always' | 'never';

/** Whether a cookie set in answer to `request` gets `Secure`. */
export function secureCookie(request: FastifyRequest, mode: CookieSecurity): boolean {
  return mode === 'always' || (mode === 'auto' && request.protocol === 'https');
}

/** Sets the cookies of a browser sign-in: httpOnly tokens, SameSite=Strict, Secure over TLS; and the CSRF token. */
export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  tokens: SessionTokens,
  mode: CookieSecurity,
): string {
  const base = { sameSite: 'strict' as const, secure: secureCookie(request, mode) };
  const csrf = randomBytes(24).toString('base64url');
  reply.setCookie(ACCESS_COOKIE, tokens.accessToken, {
    ...base,
    httpOnly: true,
    path: '/',
    expires: new Date(tokens.accessExpiresAt),
  });
  reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, {
    ...base,
    httpOnly: true,
    path: REFRESH_PATH,
    expires: new Date(tokens.refreshExpiresAt),
  });
  reply.setCookie(CSRF_COOKIE, csrf, {
    ...base,
    httpOnly: false,
    path: '/',
    expires: new Date(tokens.refreshExpiresAt),
  });
  return csrf;
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(ACCESS_COOKIE, { path: '/' });
  reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_PATH });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
