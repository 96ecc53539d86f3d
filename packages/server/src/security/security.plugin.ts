import cors from '@fastify/cors';
import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { problemResponses } from '../problem.schema.js';
import { corsOptions } from './cors.js';
import { registerRateLimit, type SharedCounters } from './rate-limit.js';

/**
 * The largest body Fastify parses (JSON, text). Uploads are multipart, streamed by their own route under the
 * ingest limits; @fastify/multipart does not go through this limit.
 */
export const JSON_BODY_LIMIT_BYTES = 1024 ** 2;

/** Options of {@link securityPlugin} (from `config.auth`). */
export interface SecurityOptions {
  /** Origins whose pages may call the API from a browser (SIFT_CORS_ORIGINS); empty: none. */
  corsOrigins: readonly string[];
  /** Requests per minute of a user or an address, and of an API key without a limit of its own. */
  rateLimitPerMinute: number;
  /** Counters shared by every API node (scale-out); absent: counted in this process. */
  sharedCounters?: SharedCounters;
}

const RATE_LIMITED_RESPONSE = problemResponses(429);

/**
 * What the web UI (a Vite-built React app) needs beyond helmet's defaults, and no more: component libraries
 * set inline styles (so no stylesheets from anywhere but here, but `'unsafe-inline'` styles — scripts stay
 * `'self'` only); previews show `blob:` and `data:` images; pdf.js runs its worker from a bundle or a `blob:`;
 * live updates open a WebSocket to this same server (see sameOriginWebSockets).
 */
const WEB_UI_DIRECTIVES = {
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  workerSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'", sameOriginWebSockets],
};

/** `host`, `host:port`, `[v6]:port` — nothing that could end a directive or add a source. */
const HOST_PATTERN = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/iu;

/**
 * `ws://` and `wss://` of the host the page was requested from. CSP Level 3 browsers already let `'self'`
 * match them; older ones (some Safari releases) need them spelt out. The raw Host header is used only when it is
 * a plain host name, so a forged one cannot inject a directive; behind a proxy that rewrites Host, `'self'`
 * still covers current browsers.
 */
function sameOriginWebSockets(request: IncomingMessage): string {
  const host = request.headers.host ?? '';
  return HOST_PATTERN.test(host) ? `ws://${host} wss://${host}` : '';
}

/**
 * The server's hardening, for every route registered after it:
 * - security headers (helmet), with a Content-Security-Policy that allows only the server's own scripts —
 *   the web UI and the Swagger UI at /api/docs load nothing else (see WEB_UI_DIRECTIVES for the rest);
 * - CORS closed unless an origin is listed (see corsOptions);
 * - a rate limit per API key, user or address (see registerRateLimit);
 * - a body limit of {@link JSON_BODY_LIMIT_BYTES} for parsed bodies (413 `PAYLOAD_TOO_LARGE`), unless a
 *   route sets its own.
 * Register it before the auth plugin: its `onRequest` hooks then run first, so that refusals by
 * authentication (401, 403) carry the security and CORS headers too (a page can read why it was refused),
 * while the rate limit waits for authentication in `preParsing`.
 */
export const securityPlugin = fp<SecurityOptions>(
  async (app: FastifyInstance, options) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          // Helmet's default would make browsers fetch every asset over HTTPS, which breaks the UI for the
          // servers reached over plain HTTP on a LAN; where TLS is in front, HSTS already covers it.
          upgradeInsecureRequests: null,
          ...WEB_UI_DIRECTIVES,
        },
      },
    });
    await app.register(cors, corsOptions(options.corsOrigins));
    await registerRateLimit(app, options.rateLimitPerMinute, options.sharedCounters);

    app.addHook('onRoute', (route) => {
      route.bodyLimit ??= JSON_BODY_LIMIT_BYTES;
      // Every API route can answer 429; the route's own responses win where it lists one.
      if (route.schema?.['x-permission'] !== undefined) {
        route.schema.response = { ...RATE_LIMITED_RESPONSE, ...(route.schema.response as object) };
      }
    });
  },
  { name: 'sift-security' },
);
