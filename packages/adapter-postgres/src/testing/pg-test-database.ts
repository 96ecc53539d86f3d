import { randomBytes } from 'node:crypto';
import { createPgPool, type PgPool } from '../pg-database.js';
import { runPgMigrations } from '../pg-migrator.js';

/**
 * The PostgreSQL server tests run against: `scripts/test-services.sh start` starts one and prints this URL.
 * Without a reachable server the PostgreSQL suites are skipped (see `postgresAvailable`), unless
 * SIFT_TEST_REQUIRE_SERVICES=1 (CI), where a missing server fails them.
 */
export const TEST_POSTGRES_URL =
  process.env.SIFT_TEST_POSTGRES_URL ?? 'postgres://sift_test:sift_test@127.0.0.1:5432/sift_test';

/** True when the test server answers; throws instead when services are required (CI). */
export async function postgresAvailable(): Promise<boolean> {
  const pool = createPgPool(TEST_POSTGRES_URL, { max: 1, connectionTimeoutMs: 2_000 });
  try {
    await pool.query('SELECT 1');
    return true;
  } catch (err) {
    if (process.env.SIFT_TEST_REQUIRE_SERVICES === '1') {
      throw new Error(`PostgreSQL at ${TEST_POSTGRES_URL} is required (SIFT_TEST_REQUIRE_SERVICES=1)`, {
        cause: err,
      });
    }
    return false;
  } finally {
    await pool.end();
  }
}

export interface TestPgDatabase {
  pool: PgPool;
  schema: string;
  /** Drops the schema and closes the pool. */
  cleanup(): Promise<void>;
}

/**
 * A fresh schema of its own for one test (or file): tests in parallel never see each other's rows. Migrated
 * unless `migrate: false` (contract suites migrate through the store).
 */
export async function createTestPgDatabase(options: { migrate?: boolean } = {}): Promise<TestPgDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = createPgPool(TEST_POSTGRES_URL, { max: 1 });
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const pool = createPgPool(TEST_POSTGRES_URL, { max: 5, searchPath: schema });
  if (options.migrate !== false) await runPgMigrations(pool);
  return {
    pool,
    schema,
    cleanup: async () => {
      await pool.end();
      const drop = createPgPool(TEST_POSTGRES_URL, { max: 1 });
      try {
        await drop.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await drop.end();
      }
    },
  };
}
