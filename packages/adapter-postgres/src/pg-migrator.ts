import { AppError, type MigrationResult } from '@sift/core';
import { MIGRATIONS } from './migrations/migration-registry.js';
import type { PgMigration } from './migrations/pg-migration.js';
import type { PgClient, PgPool } from './pg-database.js';

/**
 * Brings the schema up to the newest known version, one transaction per migration, recorded in
 * `schema_migrations`. Re-running is a no-op. Several processes may start at once (API and worker nodes):
 * a session advisory lock, keyed by the schema, lets one migrate while the others wait, and each then finds
 * the schema current. Refuses (SCHEMA_TOO_NEW) a database that newer code has already migrated, naming
 * `options.setting` — where the operator chose that database (SIFT_DATABASE_URL unless told otherwise).
 */
export async function runPgMigrations(
  pool: PgPool,
  migrations: readonly PgMigration[] = MIGRATIONS,
  options: { setting?: string } = {},
): Promise<MigrationResult> {
  assertContiguous(migrations);
  const client = await pool.connect();
  try {
    // Session-level lock on this connection: held across the per-migration transactions below.
    await client.query(`SELECT pg_advisory_lock(hashtext('sift.migrate.' || current_schema()))`);
    try {
      return await migrateLocked(client, migrations, options.setting ?? 'SIFT_DATABASE_URL');
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('sift.migrate.' || current_schema()))`);
    }
  } finally {
    client.release();
  }
}

/** The schema version this database is at (0 when Sift never migrated it). */
export async function pgSchemaVersion(client: PgClient | PgPool): Promise<number> {
  const exists = await client.query<{ found: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS found`,
  );
  if (!exists.rows[0]?.found) return 0;
  const row = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  return row.rows[0]?.version ?? 0;
}

async function migrateLocked(
  client: PgClient,
  migrations: readonly PgMigration[],
  setting: string,
): Promise<MigrationResult> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const known = migrations.at(-1)?.version ?? 0;
  const found = await pgSchemaVersion(client);
  if (found > known) {
    throw new AppError(
      'SCHEMA_TOO_NEW',
      'system',
      `the PostgreSQL database of ${setting} is at schema version ${found}, but this version of Sift knows ` +
        `only up to ${known}: upgrade Sift, or point ${setting} at a database of this version`,
      { retryable: false, details: { databaseVersion: found, knownVersion: known, variable: setting } },
    );
  }
  const applied: MigrationResult['applied'] = [];
  for (const migration of migrations) {
    if (migration.version <= found) continue;
    try {
      await client.query('BEGIN');
      if (typeof migration.up === 'string') await client.query(migration.up);
      else await migration.up(client);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new AppError(
        'MIGRATION_FAILED',
        'system',
        `migration ${migration.version} (${migration.name}) failed: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err, retryable: false, details: { version: migration.version, name: migration.name } },
      );
    }
    applied.push({ version: migration.version, name: migration.name });
  }
  return { applied, version: await pgSchemaVersion(client) };
}

/** A registry with a gap or a repeated version is a programming error that would corrupt the history. */
function assertContiguous(migrations: readonly PgMigration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new AppError('MIGRATIONS_INVALID', 'system', `migration #${i + 1} has version ${m.version}`, {
        retryable: false,
        details: { expected: i + 1, found: m.version, name: m.name },
      });
    }
  });
}
