import { AppError } from '@sift/core';
import { Redis, type RedisOptions } from 'ioredis';

export interface RedisConnectionOptions {
  /** How long the first connection may take before start-up fails (ms). */
  connectTimeoutMs?: number;
  /** Shown by `CLIENT LIST`, to tell Sift's connections apart on a shared server. */
  connectionName?: string;
  /**
   * Commands queued while disconnected fail after this many reconnection attempts. BullMQ's blocking
   * connections need null (wait forever); the job queue and the event bus want a bounded number so that a
   * Redis outage surfaces as a retryable error instead of a hang.
   */
  maxRetriesPerRequest?: number | null;
}

/**
 * Opens a connection to the Redis server at `url` (`SIFT_REDIS_URL`) and checks that it answers. A wrong URL
 * or an unreachable or refusing server fails here, at start-up, with an error that names the variable —
 * not later, inside the first job. After start-up ioredis reconnects by itself with backoff.
 */
export async function createRedisConnection(
  url: string,
  options: RedisConnectionOptions = {},
): Promise<Redis> {
  const parsed = parseRedisUrl(url);
  const redisOptions: RedisOptions = {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 3 : options.maxRetriesPerRequest,
    connectionName: options.connectionName ?? 'sift',
    // Backoff between reconnections, capped: a restarted Redis is found again within two seconds.
    retryStrategy: (times) => Math.min(2_000, 50 * 2 ** Math.min(times, 6)),
  };
  const redis = new Redis(url, redisOptions);
  // Errors of a live connection are reported on the commands that hit them; without a listener ioredis
  // would print each reconnection failure as an unhandled error event. The first one says why start-up
  // failed (WRONGPASS, ECONNREFUSED) better than the "Connection is closed" that connect() rejects with.
  let firstError: unknown = null;
  redis.on('error', (err: unknown) => (firstError ??= err));
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    const cause = firstError ?? err;
    throw new AppError(
      'REDIS_UNAVAILABLE',
      'system',
      `Redis at ${redactedUrl(parsed)} (SIFT_REDIS_URL) did not answer: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause, details: { url: redactedUrl(parsed) } },
    );
  }
  return redis;
}

function parseRedisUrl(url: string): URL {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || !parsed.hostname) {
    throw new AppError(
      'REDIS_URL_INVALID',
      'system',
      'SIFT_REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379',
      { details: { url: parsed ? redactedUrl(parsed) : '(not a URL)' } },
    );
  }
  return parsed;
}

/** The URL without its password, fit for logs and error messages. */
export function redactedUrl(url: URL): string {
  if (!url.password) return url.toString();
  const copy = new URL(url.toString());
  copy.password = '***';
  return copy.toString();
}
