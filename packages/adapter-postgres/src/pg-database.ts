import pg from 'pg';
import { translatePgErrors } from './pg-errors.js';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;
/** A pool or a client inside a transaction: both answer `query`. */
export type PgQueryable = pg.Pool | pg.PoolClient;

export interface PgPoolOptions {
  /** Connections per process (`SIFT_DATABASE_POOL_MAX`). */
  max?: number;
  /** How long a query waits for a free connection before failing (ms). */
  connectionTimeoutMs?: number;
  /** Idle connections are closed after this long (ms). */
  idleTimeoutMs?: number;
  /** Tables are looked up in this schema first (tests give each file its own schema). */
  searchPath?: string;
  applicationName?: string;
}

// int8 (COUNT(*), bigint ids) arrives as a string by default: every count Sift stores fits a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// numeric (AVG, SUM of ints) likewise.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/**
 * One pool per process and database; connections are opened lazily. Its failures that a retry may cure
 * (deadlocks, serialization failures, lost connections, a server down) are retryable AppErrors
 * (`DATABASE_CONFLICT`, `DATABASE_UNAVAILABLE`: pg-errors.ts).
 */
export function createPgPool(url: string, options: PgPoolOptions = {}): PgPool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    application_name: options.applicationName ?? 'sift',
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  // An idle connection the server drops (restart, pg_terminate_backend) is reported here; unheard, the
  // 'error' event would end the process. The pool has already discarded the connection and opens another
  // for the next query.
  pool.on('error', () => undefined);
  return translatePgErrors(pool);
}

/**
 * Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws.
 * The default isolation (read committed) is what the repositories are written for; they lock rows they
 * read-then-write with `FOR UPDATE`. `begin` replaces the opening statement (an isolation level, read only).
 */
export async function withTransaction<T>(
  pool: PgPool,
  fn: (client: PgClient) => Promise<T>,
  options: { begin?: string } = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(options.begin ?? 'BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Runs `fn` in a read-only REPEATABLE READ transaction: every query sees the same snapshot. */
export function withReadSnapshot<T>(pool: PgPool, fn: (client: PgClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, fn, { begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' });
}
