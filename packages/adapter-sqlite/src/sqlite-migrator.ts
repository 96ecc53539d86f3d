import { AppError, type MigrationResult } from '@sift/core';
import { MIGRATIONS } from './migrations/migration-registry.js';
import type { SqliteMigration } from './migrations/sqlite-migration.js';
import type { SqliteDatabase } from './sqlite-database.js';

/**
 * Brings the schema up to the newest known version, one transaction per migration, and records each in
 * `schema_migrations`. Re-running is a no-op. Refuses (SCHEMA_TOO_NEW) a database that newer code has already
 * migrated, since this code would misread tables it does not know. `migrations` is injectable for tests.
 */
export function runMigrations(
  db: SqliteDatabase,
  migrations: readonly SqliteMigration[] = MIGRATIONS,
): MigrationResult {
  assertContiguous(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const currentVersion = (): number =>
    (db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null })
      .version ?? 0;

  const known = migrations.at(-1)?.version ?? 0;
  const found = currentVersion();
  if (found > known) {
    throw new AppError(
      'SCHEMA_TOO_NEW',
      'system',
      `the database is at schema version ${found}, but this version of Sift knows only up to ${known}; upgrade Sift`,
      { retryable: false, details: { databaseVersion: found, knownVersion: known } },
    );
  }

  const applied: MigrationResult['applied'] = [];
  for (const migration of migrations) {
    if (migration.version <= found) continue;
    const apply = db.transaction((): boolean => {
      // Another process may have applied it since we looked; under the write lock this check is final.
      if (currentVersion() >= migration.version) return false;
      db.exec(migration.up);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
      return true;
    });
    let ran: boolean;
    try {
      ran = apply.immediate();
    } catch (err) {
      throw new AppError(
        'MIGRATION_FAILED',
        'system',
        `migration ${migration.version} (${migration.name}) failed: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err, retryable: false, details: { version: migration.version, name: migration.name } },
      );
    }
    if (ran) applied.push({ version: migration.version, name: migration.name });
  }
  return { applied, version: currentVersion() };
}

/** A registry with a gap or a repeated version is a programming error that would corrupt the history. */
function assertContiguous(migrations: readonly SqliteMigration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new AppError('MIGRATIONS_INVALID', 'system', `migration #${i + 1} has version ${m.version}`, {
        retryable: false,
        details: { expected: i + 1, found: m.version, name: m.name },
      });
    }
  });
}
