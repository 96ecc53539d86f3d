import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations/migration-registry.js';
import type { SqliteMigration } from './migrations/sqlite-migration.js';
import { openSqliteDatabase } from './sqlite-database.js';
import { runMigrations } from './sqlite-migrator.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

// Tables of the current schema; the FTS5 index adds its shadow tables (document_chunks_fts_*).
const SCHEMA_TABLES = [
  'analytics_events',
  'api_keys',
  'audit_logs',
  'blobs',
  'chat_messages',
  'chat_sessions',
  'chunk_vectors',
  'collection_shares',
  'collections',
  'document_chunks',
  'document_chunks_fts',
  'document_chunks_fts_config',
  'document_chunks_fts_data',
  'document_chunks_fts_docsize',
  'document_chunks_fts_idx',
  'document_texts',
  'documents',
  'embedding_cache',
  'folders',
  'group_members',
  'groups',
  'health_checks',
  'notification_items',
  'notifications',
  'refresh_tokens',
  'schema_migrations',
  'search_queries',
  'settings',
  'sources',
  'tasks',
  'users',
  'vector_spaces',
  'webhook_deliveries',
  'webhooks',
  'workers',
];

const LATEST = MIGRATIONS.length;
const ALL_APPLIED = MIGRATIONS.map(({ version, name }) => ({ version, name }));

/** A migration after the newest real one, as a newer release would ship it. */
const next: SqliteMigration = {
  version: LATEST + 1,
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
    expect(result).toEqual({ applied: ALL_APPLIED, version: LATEST });
    expect(tables()).toEqual(SCHEMA_TABLES);
    expect(temp.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(temp.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(temp.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(temp.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(temp.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('applies nothing when run again, from this or another connection', () => {
    temp = createTempDatabase({ migrate: false });
    runMigrations(temp.db);
    expect(runMigrations(temp.db)).toEqual({ applied: [], version: LATEST });
    const other = openSqliteDatabase(temp.file);
    try {
      expect(runMigrations(other)).toEqual({ applied: [], version: LATEST });
    } finally {
      other.close();
    }
    expect(versions()).toEqual(ALL_APPLIED);
  });

  it('applies only the migrations a partly migrated database lacks', () => {
    temp = createTempDatabase({ migrate: false });
    runMigrations(temp.db, MIGRATIONS.slice(0, 1));
    const result = runMigrations(temp.db, [...MIGRATIONS, next]);
    expect(result).toEqual({
      applied: [...ALL_APPLIED.slice(1), { version: LATEST + 1, name: 'test-labels' }],
      version: LATEST + 1,
    });
    expect(tables()).toContain('labels');
    expect(versions()).toEqual([...ALL_APPLIED, { version: LATEST + 1, name: 'test-labels' }]);
  });

  it('refuses a database migrated by newer code with SCHEMA_TOO_NEW and changes nothing', () => {
    temp = createTempDatabase({ migrate: false });
    runMigrations(temp.db, [...MIGRATIONS, next]);
    expect(() => runMigrations(temp.db)).toThrow(
      expect.objectContaining({ code: 'SCHEMA_TOO_NEW', category: 'system', retryable: false }),
    );
    expect(versions()).toHaveLength(LATEST + 1);
  });

  it('rolls back a failing migration entirely and reports it as MIGRATION_FAILED', () => {
    temp = createTempDatabase({ migrate: false });
    const broken: SqliteMigration = {
      version: LATEST + 1,
      name: 'broken',
      up: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);',
    };
    expect(() => runMigrations(temp.db, [...MIGRATIONS, broken])).toThrow(
      expect.objectContaining({ code: 'MIGRATION_FAILED', details: { version: LATEST + 1, name: 'broken' } }),
    );
    expect(tables()).not.toContain('half_done');
    expect(versions()).toEqual(ALL_APPLIED);
    expect(runMigrations(temp.db, [...MIGRATIONS, next]).applied).toEqual([
      { version: LATEST + 1, name: 'test-labels' },
    ]);
  });

  it('rejects a registry whose versions are not 1, 2, 3, … before touching the database', () => {
    temp = createTempDatabase({ migrate: false });
    expect(() => runMigrations(temp.db, [...MIGRATIONS, { ...next, version: LATEST + 2 }])).toThrow(
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
