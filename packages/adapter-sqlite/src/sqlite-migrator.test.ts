import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations/migration-registry.js';
import type { SqliteMigration } from './migrations/sqlite-migration.js';
import { openSqliteDatabase } from './sqlite-database.js';
import { runMigrations } from './sqlite-migrator.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

const SCHEMA_001_TABLES = [
  'api_keys',
  'audit_logs',
  'blobs',
  'collections',
  'document_chunks',
  'documents',
  'folders',
  'health_checks',
  'schema_migrations',
  'search_queries',
  'tasks',
  'users',
  'workers',
];

const second: SqliteMigration = {
  version: 2,
  name: 'test-labels',
  up: 'CREATE TABLE labels (id TEXT PRIMARY KEY, name TEXT NOT NULL) STRICT;',
};

describe('runMigrations', () => {
  let temp: TempDatabase;
  const tables = () =>
    (
      temp.db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
        )
        .all() as { name: string }[]
    ).map((r) => r.name);
  const versions = () =>
    temp.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();

  afterEach(() => temp.cleanup());

  it('creates every table of an empty database on a WAL file with foreign keys on', () => {
    temp = createTempDatabase({ migrate: false });
    const result = runMigrations(temp.db);
    expect(result).toEqual({ applied: [{ version: 1, name: 'initial-schema' }], version: 1 });
    expect(tables()).toEqual(SCHEMA_001_TABLES);
    expect(temp.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(temp.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(temp.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(temp.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(temp.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('applies nothing when run again, from this or another connection', () => {
    temp = createTempDatabase({ migrate: false });
    runMigrations(temp.db);
    expect(runMigrations(temp.db)).toEqual({ applied: [], version: 1 });
    const other = openSqliteDatabase(temp.file);
    try {
      expect(runMigrations(other)).toEqual({ applied: [], version: 1 });
    } finally {
      other.close();
    }
    expect(versions()).toEqual([{ version: 1, name: 'initial-schema' }]);
  });

  it('applies only the migrations a partly migrated database lacks', () => {
    temp = createTempDatabase({ migrate: false });
    runMigrations(temp.db, MIGRATIONS);
    const result = runMigrations(temp.db, [...MIGRATIONS, second]);
    expect(result).toEqual({ applied: [{ version: 2, name: 'test-labels' }], version: 2 });
    expect(tables()).toContain('labels');
    expect(versions()).toEqual([
      { version: 1, name: 'initial-schema' },
      { version: 2, name: 'test-labels' },
    ]);
  });

  it('refuses a database migrated by newer code with SCHEMA_TOO_NEW and changes nothing', () => {
    temp = createTempDatabase({ migrate: false });
    runMigrations(temp.db, [...MIGRATIONS, second]);
    expect(() => runMigrations(temp.db)).toThrow(
      expect.objectContaining({ code: 'SCHEMA_TOO_NEW', category: 'system', retryable: false }),
    );
    expect(versions()).toHaveLength(2);
  });

  it('rolls back a failing migration entirely and reports it as MIGRATION_FAILED', () => {
    temp = createTempDatabase({ migrate: false });
    const broken: SqliteMigration = {
      version: 2,
      name: 'broken',
      up: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);',
    };
    expect(() => runMigrations(temp.db, [...MIGRATIONS, broken])).toThrow(
      expect.objectContaining({ code: 'MIGRATION_FAILED', details: { version: 2, name: 'broken' } }),
    );
    expect(tables()).not.toContain('half_done');
    expect(versions()).toEqual([{ version: 1, name: 'initial-schema' }]);
    expect(runMigrations(temp.db, [...MIGRATIONS, second]).applied).toEqual([
      { version: 2, name: 'test-labels' },
    ]);
  });

  it('rejects a registry whose versions are not 1, 2, 3, … before touching the database', () => {
    temp = createTempDatabase({ migrate: false });
    expect(() => runMigrations(temp.db, [...MIGRATIONS, { ...second, version: 3 }])).toThrow(
      expect.objectContaining({ code: 'MIGRATIONS_INVALID' }),
    );
    expect(tables()).toEqual([]);
  });
});

describe('openSqliteDatabase', () => {
  it('creates missing parent directories and a file other connections can read', () => {
    const temp = createTempDatabase();
    try {
      temp.db.prepare(`INSERT INTO health_checks (id, checked_at) VALUES (1, 42)`).run();
      const reader = new Database(temp.file, { readonly: true });
      expect(reader.prepare('SELECT checked_at FROM health_checks').get()).toEqual({ checked_at: 42 });
      reader.close();
    } finally {
      temp.cleanup();
    }
  });
});
