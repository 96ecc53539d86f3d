import rateLimit, { normalizeIP, type RateLimitPluginOptions } from '@fastify/rate-limit';
import { AppError } from '@sift/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The window every limit counts requests in. */
const WINDOW_MS = 60_000;

/**
 * Orchestrators poll these every few seconds from one address; a 429 would read as "down" and get a healthy
 * server restarted.
 */
const UNLIMITED_PATHS: ReadonlySet<string> = new Set(['/health', '/health/ready']);

/** Counters kept in memory; past this many callers the least recently seen one starts afresh. */
const MAX_TRACKED_CALLERS = 10_000;

/** A refused request's body up to this size is read and dropped; past it the connection closes instead. */
const DRAIN_LIMIT_BYTES = 1024 ** 2;

/**
 * Who a request counts against: its API key, else its user (all sessions of an account share one budget),
 * else its address (IPv6 by /64, which one client usually holds whole).
 */
export function rateLimitKey(request: FastifyRequest): string {
  const principal = request.access?.principal;
  if (principal?.keyId) return `key:${principal.keyId}`;
  if (principal) return `user:${principal.userId}`;
  return `ip:${normalizeIP(request.ip)}`;
}

/** Where counters are kept when several API nodes share them (an ioredis client; SIFT_REDIS_URL). */
export interface SharedCounters {
  redis: NonNullable<RateLimitPluginOptions['redis']>;
}

/**
 * Limits requests per minute per caller ({@link rateLimitKey}): an API key's own limit when it has one,
 * else `perMinute`. Every response that counted carries `x-ratelimit-limit`, `-remaining` and `-reset`;
 * one over the limit is refused with 429 `RATE_LIMITED` and `Retry-After`, before its body is read.
 *
 * It runs as a `preParsing` hook: after `onRequest`, where authentication names the caller, and before the
 * body is parsed, so that a refused caller costs no parsing. Requests that fail authentication end in
 * `onRequest` and are not counted. Health probes and the operator (SIFT_AUTH=off, which only listens on
 * loopback: every local client is the machine's owner, and bulk imports and benches must not be throttled)
 * are never limited.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  perMinute: number,
  shared?: SharedCounters,
): Promise<void> {
  await app.register(rateLimit, {
    // Scale-out: every API node counts in the same Redis, so a caller's budget is one, whichever node it hits.
    // A Redis outage lets requests through rather than refusing everyone.
    ...(shared ? { redis: shared.redis, nameSpace: 'sift:rate-limit:', skipOnError: true } : {}),
    // Not attached route by route (that would miss the not-found handler and any route registered before
    // this plugin): the one hook below consumes the budget.
    global: false,
    timeWindow: WINDOW_MS,
    max: (request) => request.keyRateLimit ?? perMinute,
    keyGenerator: rateLimitKey,
    cache: MAX_TRACKED_CALLERS,
  });
  const consume = app.createRateLimit();

  app.addHook('preParsing', async (request, reply) => {
    if (isUnlimited(request)) return;
    const outcome = await consume(request);
    if (outcome.isAllowed) return;
    const resetSeconds = Math.max(1, outcome.ttlInSeconds);
    reply.header('x-ratelimit-limit', String(outcome.max));
    reply.header('x-ratelimit-remaining', String(outcome.remaining));
    reply.header('x-ratelimit-reset', String(resetSeconds));
    if (!outcome.isExceeded) return;
    // The body stays unread: a small one is drained by Node after the answer, a large (or unannounced) one
    // is not worth the bandwidth of a caller who is over its limit.
    const length = Number(request.headers['content-length'] ?? 0);
    if (request.headers['transfer-encoding'] || length > DRAIN_LIMIT_BYTES) {
      reply.header('connection', 'close');
    }
    throw new AppError(
      'RATE_LIMITED',
      'user',
      `more than ${outcome.max} requests in a minute; retry in ${resetSeconds} s`,
      { details: { limit: outcome.max, retryAfterSeconds: resetSeconds } },
    );
  });
}

function isUnlimited(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return (route !== undefined && UNLIMITED_PATHS.has(route)) || request.access?.principal.kind === 'operator';
}
