import type { FastifyCorsOptions } from '@fastify/cors';
import { CSRF_HEADER } from '../auth/cookies.js';
import { REQUEST_ID_HEADER } from '../request-id.js';

/** `https://App.example.com/` → `https://app.example.com`, as browsers send it in `Origin`. */
export function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
}

/**
 * CORS closed by default: only pages of the listed origins (SIFT_CORS_ORIGINS) may call the API from a
 * browser, with credentials (the sign-in cookie; cookie-authenticated changes must also send
 * `x-csrf-token`). Any other origin — and every origin when the list is empty — gets no CORS headers at all,
 * and its preflight falls through to 404, so the browser keeps the response from the page. There is no
 * wildcard: with credentials allowed it would hand every site the signed-in user's session.
 */
export function corsOptions(origins: readonly string[]): FastifyCorsOptions {
  const allowed = new Set(origins.map(normalizeOrigin));
  return {
    // true reflects the request's Origin; false leaves the request without any CORS header.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', CSRF_HEADER, REQUEST_ID_HEADER],
    // What a page may read of the answer besides the CORS-safelisted headers.
    exposedHeaders: [
      REQUEST_ID_HEADER,
      'retry-after',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'content-disposition',
    ],
    // Browsers cap this anyway (Chromium at 2 h); 10 min keeps a changed list from lingering long.
    maxAge: 600,
  };
}
