import { AppError } from '@sift/core';
import type { FastifyRequest } from 'fastify';
import { normalizeOrigin } from '../security/cors.js';

/**
 * Refuses a cross-site WebSocket hijack. Browsers send cookies with a WebSocket handshake whatever page opens
 * it, and WebSockets know no CORS: without this check, any site a signed-in user visits (or, with
 * SIFT_AUTH=off, any site at all) could read the user's live events. So a WebSocket that authenticates with
 * the sign-in cookie, or needs no credentials at all, must come from a page of the server's own origin or of
 * one listed in SIFT_CORS_ORIGINS. Bearer tokens and API keys cannot be sent by a page that does not hold
 * them (the browser WebSocket API sets no headers), and a handshake without `Origin` is no browser's.
 */
export function checkWebSocketOrigin(request: FastifyRequest, corsOrigins: readonly string[]): void {
  if (request.credentials !== 'cookie' && request.credentials !== 'operator') return;
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const own = `${request.protocol}://${request.host}`;
  const sent = normalizeOrigin(origin);
  if (sent === normalizeOrigin(own) || corsOrigins.some((allowed) => normalizeOrigin(allowed) === sent))
    return;
  throw new AppError(
    'ORIGIN_FORBIDDEN',
    'forbidden',
    `a WebSocket opened by a page of ${origin} may not use this server's sign-in; list the origin in SIFT_CORS_ORIGINS`,
    { details: { origin } },
  );
}
