import net from 'node:net';
import { AppError } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPgPool, withTransaction, type PgPool } from './pg-database.js';
import { translatePgError } from './pg-errors.js';
import {
  TEST_POSTGRES_URL,
  createTestPgDatabase,
  postgresAvailable,
  type TestPgDatabase,
} from './testing/pg-test-database.js';

const available = await postgresAvailable();

/** A promise and the function that resolves it: lets two transactions take turns. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/** A port nothing listens on: one the OS just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!available)('PostgreSQL failures a retry may cure (needs PostgreSQL, #14)', () => {
  let db: TestPgDatabase;

  beforeEach(async () => {
    db = await createTestPgDatabase({ migrate: false });
    await db.pool.query('CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)');
    await db.pool.query('INSERT INTO accounts VALUES (1, 100), (2, 100)');
  });

  afterEach(async () => {
    await db.cleanup();
  });

  it('turns a real deadlock between two transactions into a retryable DATABASE_CONFLICT; the retry commits', async () => {
    const firstLocked = gate();
    const secondLocked = gate();
    // Each transaction locks one row, waits until the other has locked the other row, then asks for it.
    const cross = (mine: number, theirs: number, locked: ReturnType<typeof gate>, other: Promise<void>) =>
      withTransaction(db.pool, async (client) => {
        await client.query('UPDATE accounts SET balance = balance - 10 WHERE id = $1', [mine]);
        locked.open();
        await other;
        await client.query('UPDATE accounts SET balance = balance + 10 WHERE id = $1', [theirs]);
        return mine;
      });
    const results = await Promise.allSettled([
      cross(1, 2, firstLocked, secondLocked.opened),
      cross(2, 1, secondLocked, firstLocked.opened),
    ]);

    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    const error = failed[0]!.reason as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'DATABASE_CONFLICT',
      category: 'unavailable',
      retryable: true,
      details: { sqlState: '40P01', reason: 'deadlock' },
    });
    expect(error.message).toMatch(/deadlock/);
    // The victim's change was rolled back: only the winner's transfer is in the balances.
    const balances = async () =>
      (await db.pool.query<{ balance: number }>('SELECT balance FROM accounts ORDER BY id')).rows.map(
        (r) => r.balance,
      );
    expect((await balances()).sort((a, b) => a - b)).toEqual([90, 110]);
    // Running the victim again, now alone, commits.
    const loser = results.findIndex((r) => r.status === 'rejected');
    const [mine, theirs] = loser === 0 ? [1, 2] : [2, 1];
    await withTransaction(db.pool, async (client) => {
      await client.query('UPDATE accounts SET balance = balance - 10 WHERE id = $1', [mine]);
      await client.query('UPDATE accounts SET balance = balance + 10 WHERE id = $1', [theirs]);
    });
    expect(await balances()).toEqual([100, 100]);
    expect((await db.pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('turns a serialization failure into a retryable DATABASE_CONFLICT', async () => {
    const read = gate();
    const changed = gate();
    const snapshot = withTransaction(
      db.pool,
      async (client) => {
        await client.query('SELECT balance FROM accounts WHERE id = 1');
        read.open();
        await changed.opened;
        // The row changed after this transaction's snapshot: repeatable read refuses to overwrite it.
        await client.query('UPDATE accounts SET balance = balance + 1 WHERE id = 1');
      },
      { begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ' },
    );
    await read.opened;
    await db.pool.query('UPDATE accounts SET balance = 50 WHERE id = 1');
    changed.open();
    expect(await rejection(snapshot)).toMatchObject({
      code: 'DATABASE_CONFLICT',
      retryable: true,
      details: { sqlState: '40001', reason: 'serialization failure' },
    });
  });

  it('turns a connection the server terminates mid-query into DATABASE_UNAVAILABLE, inside a transaction or not', async () => {
    const killer = createPgPool(TEST_POSTGRES_URL, { max: 1 });
    try {
      const terminateWhenBusy = async (sql: string) => {
        for (let i = 0; i < 100; i++) {
          const { rows } = await killer.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE query = $1 AND state = 'active'`,
            [sql],
          );
          if (rows[0]) {
            await killer.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(`no backend ran ${sql}`);
      };
      // A marker in each statement tells this test's backends from every other test's.
      const inTransaction = `SELECT pg_sleep(30) /* ${db.schema} tx */`;
      const viaTransaction = withTransaction(db.pool, (client) => client.query(inTransaction));
      await terminateWhenBusy(inTransaction);
      const error = await rejection(viaTransaction);
      expect(error).toMatchObject({ code: 'DATABASE_UNAVAILABLE', category: 'unavailable', retryable: true });
      expect((error as AppError).message).toMatch(/terminat/i);

      const plain = `SELECT pg_sleep(30) /* ${db.schema} pool */`;
      const viaPool = db.pool.query(plain);
      await terminateWhenBusy(plain);
      expect(await rejection(viaPool)).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retryable: true });
      // The pool dropped the dead connections and serves the next query on a new one.
      expect((await db.pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await killer.end();
    }
  });

  it('survives an idle connection the server drops, and serves the next query', async () => {
    const pool = createPgPool(TEST_POSTGRES_URL, { max: 1, applicationName: `idle-${db.schema}` });
    const killer = createPgPool(TEST_POSTGRES_URL, { max: 1 });
    try {
      const pid = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await killer.query('SELECT pg_terminate_backend($1)', [pid]);
      // The idle client's 'error' arrives on the pool; with no listener it would end this process.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(again.rows[0]!.pid).not.toBe(pid);
    } finally {
      await killer.end();
      await pool.end();
    }
  });
});

describe('PostgreSQL unreachable', () => {
  let pool: PgPool | null = null;
  let server: net.Server | null = null;

  afterEach(async () => {
    await pool?.end();
    pool = null;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  it('reports a server that is not listening as retryable DATABASE_UNAVAILABLE', async () => {
    pool = createPgPool(`postgres://u:p@127.0.0.1:${await closedPort()}/db`, { max: 1 });
    const error = await rejection(pool.query('SELECT 1'));
    expect(error).toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      retryable: true,
      details: { code: 'ECONNREFUSED' },
    });
    expect(await rejection(pool.connect())).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
  });

  it('reports a server that drops the connection at once as retryable DATABASE_UNAVAILABLE', async () => {
    server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    pool = createPgPool(`postgres://u:p@127.0.0.1:${port}/db`, { max: 1 });
    const error = await rejection(pool.query('SELECT 1'));
    expect(error).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retryable: true });
    expect((error as AppError).cause).toBeInstanceOf(Error);
  });

  it('leaves every other error as pg reported it (constraints are mapped by the repositories)', () => {
    const pgError = (code: string) => Object.assign(new Error(`error ${code}`), { code });
    for (const code of ['23505', '23503', '42601', '42P01', '28P01', '3D000']) {
      expect(translatePgError(pgError(code))).toBeInstanceOf(Error);
      expect(translatePgError(pgError(code))).not.toBeInstanceOf(AppError);
    }
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001', 'EPIPE', 'ETIMEDOUT']) {
      expect(translatePgError(pgError(code)), code).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    }
    const existing = new AppError('SOMETHING', 'user', 'kept');
    expect(translatePgError(existing)).toBe(existing);
  });
});
