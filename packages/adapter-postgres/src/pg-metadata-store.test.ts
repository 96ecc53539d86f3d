import { LOCAL_USER_ID } from '@sift/core';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations/migration-registry.js';
import { PgMetadataStore } from './pg-metadata-store.adapter.js';
import {
  TEST_POSTGRES_URL,
  createTestPgDatabase,
  postgresAvailable,
  type TestPgDatabase,
} from './testing/pg-test-database.js';

const available = await postgresAvailable();
const SHA = 'b'.repeat(64);

/** What the port leaves to each adapter: migration, users, blob counts, readiness, audit, closing. */
describe.skipIf(!available)('PgMetadataStore (needs PostgreSQL, #14)', () => {
  let db: TestPgDatabase;
  let store: PgMetadataStore;
  const count = async (table: string) =>
    (await db.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n;

  beforeEach(async () => {
    db = await createTestPgDatabase({ migrate: false });
    store = new PgMetadataStore(db.pool);
    await store.migrate();
  });

  afterEach(async () => {
    await store.close();
    await db.cleanup();
  });

  it('migrates through the store, and a second migrate applies nothing', async () => {
    expect(await store.migrate()).toEqual({ applied: [], version: MIGRATIONS.length });
  });

  it('refuses a database migrated by newer code with SCHEMA_TOO_NEW naming SIFT_DATABASE_URL, changing nothing', async () => {
    await db.pool.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')`, [
      MIGRATIONS.length + 1,
    ]);
    const error = await store.migrate().then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toMatchObject({
      code: 'SCHEMA_TOO_NEW',
      category: 'system',
      retryable: false,
      details: {
        databaseVersion: MIGRATIONS.length + 1,
        knownVersion: MIGRATIONS.length,
        variable: 'SIFT_DATABASE_URL',
      },
    });
    expect((error as Error).message).toContain('SIFT_DATABASE_URL');
    const versions = await db.pool.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(versions.rows).toHaveLength(MIGRATIONS.length + 1);
  });

  it('creates the local admin user once, however often it is ensured', async () => {
    const first = await store.ensureLocalUser();
    expect(first).toEqual({
      id: LOCAL_USER_ID,
      email: 'local@sift.local',
      username: 'local',
      displayName: 'Local user',
      role: 'admin',
      isActive: true,
      createdAt: expect.any(String),
    });
    expect(await store.ensureLocalUser()).toEqual(first);
    expect(await store.getUser(LOCAL_USER_ID)).toEqual(first);
    expect(await store.getUser('00000000-0000-4000-8000-0000000000ff')).toBeNull();
    expect(await count('users')).toBe(1);
  });

  it('counts blob references up and down, never below zero, and 0 for a blob it never saw', async () => {
    expect(await store.retainBlob(SHA, 123)).toBe(1);
    expect(await store.retainBlob(SHA, 123)).toBe(2);
    expect(await store.releaseBlob(SHA)).toBe(1);
    expect(await store.releaseBlob(SHA)).toBe(0);
    expect(await store.releaseBlob(SHA)).toBe(0);
    expect(await store.blobRefCount(SHA)).toBe(0);
    expect(await store.releaseBlob('c'.repeat(64))).toBe(0);
    expect(await store.blobRefCount('c'.repeat(64))).toBe(0);
    expect(await count('blobs')).toBe(1);
  });

  it('counts exactly under concurrent retains and releases from many connections', async () => {
    await Promise.all(Array.from({ length: 40 }, () => store.retainBlob(SHA, 1)));
    expect(await store.blobRefCount(SHA)).toBe(40);
    const left = await Promise.all(Array.from({ length: 45 }, () => store.releaseBlob(SHA)));
    expect(await store.blobRefCount(SHA)).toBe(0);
    // Every count from 39 down to 0 was reported once; the five extra releases report 0.
    expect(left.sort((a, b) => a - b)).toEqual([
      ...Array(5).fill(0),
      ...Array.from({ length: 40 }, (_, i) => i),
    ]);
  });

  it('appends audit entries with their values as JSON', async () => {
    await store.ensureLocalUser();
    await store.appendAudit({
      userId: LOCAL_USER_ID,
      entityType: 'document',
      entityId: 'doc-1',
      action: 'update',
      oldValues: { title: 'Old' },
      newValues: { title: 'New', tags: ['a'] },
      ipAddress: '127.0.0.1',
      userAgent: 'vitest',
    });
    await store.appendAudit({ userId: null, entityType: 'system', entityId: 'db', action: 'migrate' });
    const { rows } = await db.pool.query(
      `SELECT user_id, entity_type, action, old_values, new_values, ip_address FROM audit_logs
       ORDER BY action DESC`,
    );
    expect(rows).toEqual([
      {
        user_id: LOCAL_USER_ID,
        entity_type: 'document',
        action: 'update',
        old_values: { title: 'Old' },
        new_values: { title: 'New', tags: ['a'] },
        ip_address: '127.0.0.1',
      },
      {
        user_id: null,
        entity_type: 'system',
        action: 'migrate',
        old_values: null,
        new_values: null,
        ip_address: null,
      },
    ]);
  });

  it('proves writability with a real write, and reports a server refusing writes as METADATA_NOT_WRITABLE', async () => {
    await store.checkWritable();
    await store.checkWritable();
    expect(await count('health_checks')).toBe(1);
    // A session whose transactions are read-only, as on a hot standby.
    const readOnly = new pg.Pool({
      connectionString: TEST_POSTGRES_URL,
      max: 1,
      options: `-c search_path=${db.schema} -c default_transaction_read_only=on`,
    });
    const refused = new PgMetadataStore(readOnly, { ownsPool: true });
    try {
      await expect(refused.checkWritable()).rejects.toMatchObject({
        code: 'METADATA_NOT_WRITABLE',
        category: 'system',
        retryable: true,
      });
    } finally {
      await refused.close();
    }
    expect(readOnly.ended).toBe(true);
  });

  it('leaves a pool it was given open on close, and ends one it owns, once', async () => {
    await store.close();
    await store.close();
    expect((await db.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    const own = PgMetadataStore.open(TEST_POSTGRES_URL, { max: 1, searchPath: db.schema });
    await own.checkWritable();
    await own.close();
    await own.close();
    expect(own.pool.ended).toBe(true);
  });

  it('resolves sync at once: commits are already durable', async () => {
    await expect(store.sync()).resolves.toBeUndefined();
  });
});
