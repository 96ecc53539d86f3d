import { AppError, isAppError } from '@sift/core';
import type pg from 'pg';

/**
 * SQLSTATEs of a transaction the server aborted to let another one through: a deadlock (40P01) or a
 * serialization failure (40001). Nothing of it was kept, and running it again succeeds.
 */
const CONFLICT_STATES: Readonly<Record<string, string>> = {
  '40P01': 'deadlock',
  '40001': 'serialization failure',
};

/**
 * SQLSTATEs of a server that went away or refuses connections for now: class 08 (connection exception),
 * shutdowns (57P01 admin, 57P02 crash, 57P03 starting up or shutting down), too many connections (53300).
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;

/** Socket errors of a connection that failed or broke. */
const SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** What `pg` and its pool say, without a code, when a connection ends under them or never opens. */
const LOST_MESSAGES =
  /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect/i;

/**
 * The AppError a failure of PostgreSQL stands for when doing the same work again may succeed — a
 * transaction aborted by a conflict (`DATABASE_CONFLICT`) or a server that is unreachable, restarting or
 * dropped the connection (`DATABASE_UNAVAILABLE`), both retryable — or `err` itself for anything else
 * (constraint failures are mapped by the repositories, pg-constraint.ts). The original is the cause.
 */
export function translatePgError(err: unknown): unknown {
  if (isAppError(err) || !(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  const state = typeof code === 'string' ? code : null;
  const conflict = state ? CONFLICT_STATES[state] : undefined;
  if (conflict) {
    return new AppError(
      'DATABASE_CONFLICT',
      'unavailable',
      `PostgreSQL aborted the transaction (${conflict}); nothing of it was kept, try again: ${err.message}`,
      { cause: err, retryable: true, details: { sqlState: state, reason: conflict } },
    );
  }
  if (
    (state && (UNAVAILABLE_STATES.test(state) || SOCKET_CODES.has(state))) ||
    LOST_MESSAGES.test(err.message)
  ) {
    return new AppError('DATABASE_UNAVAILABLE', 'unavailable', `PostgreSQL is unavailable: ${err.message}`, {
      cause: err,
      retryable: true,
      details: { ...(state && { code: state }) },
    });
  }
  return err;
}

const rethrow = (err: unknown): never => {
  throw translatePgError(err);
};

const WRAPPED = Symbol('sift.pgErrorsTranslated');

/**
 * Makes every query and connection of `pool` fail with {@link translatePgError}'s errors — the one place pg
 * errors become retryable AppErrors. Covers `pool.query`, `pool.connect` and the `query` of every client the
 * pool opens (promises and callbacks, the form the pool itself uses); repositories see them wherever they
 * query, inside a transaction or not.
 */
export function translatePgErrors(pool: pg.Pool): pg.Pool {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => settle(query(...args))) as typeof pool.query;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  pool.connect = ((...args: unknown[]) => settle(connect(...args))) as typeof pool.connect;
  pool.on('connect', (client) => wrapClient(client));
  return pool;
}

function wrapClient(client: pg.PoolClient): void {
  const marked = client as pg.PoolClient & { [WRAPPED]?: true };
  if (marked[WRAPPED]) return;
  marked[WRAPPED] = true;
  // A connection that dies while checked out (inside a transaction) emits 'error' on its client, which no
  // one listens to then: unheard, it would end the process. The query that was running, or the next one,
  // fails (translated below), and the pool discards the client when it is released.
  client.on('error', () => undefined);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      // The callback form (pool.query uses it): hand the callback the translated error.
      const callback = last as (err: unknown, ...rest: unknown[]) => void;
      args[args.length - 1] = (err: unknown, ...rest: unknown[]) =>
        callback(err ? translatePgError(err) : err, ...rest);
    }
    return settle(query(...args));
  }) as typeof client.query;
}

/** A promise with its rejection translated; anything else (a callback call's undefined, a stream) as is. */
function settle(result: unknown): unknown {
  return result instanceof Promise ? result.catch(rethrow) : result;
}
