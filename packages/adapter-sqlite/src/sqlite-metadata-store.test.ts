import Database from 'better-sqlite3';
import { LOCAL_USER_ID } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations/migration-registry.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

const SHA = 'b'.repeat(64);

describe('SqliteMetadataStore', () => {
  let temp: TempDatabase;
  let store: SqliteMetadataStore;

  beforeEach(async () => {
    temp = createTempDatabase({ migrate: false });
    store = new SqliteMetadataStore(temp.db);
    await store.migrate();
  });

  afterEach(() => temp.cleanup());

  it('migrates through the store, and a second migrate applies nothing', async () => {
    expect(await store.migrate()).toEqual({ applied: [], version: MIGRATIONS.length });
  });

  it('creates the local admin user once, however often it is ensured', async () => {
    const first = await store.ensureLocalUser();
    const second = await store.ensureLocalUser();
    expect(first).toEqual({
      id: LOCAL_USER_ID,
      email: 'local@sift.local',
      username: 'local',
      displayName: 'Local user',
      role: 'admin',
      isActive: true,
      createdAt: expect.any(String),
    });
    expect(second).toEqual(first);
    expect(await store.getUser(LOCAL_USER_ID)).toEqual(first);
    expect(temp.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
  });

  it('returns null for an unknown user', async () => {
    expect(await store.getUser('00000000-0000-4000-8000-0000000000ff')).toBeNull();
  });

  it('counts blob references up and down, never below zero', async () => {
    expect(await store.retainBlob(SHA, 123)).toBe(1);
    expect(await store.retainBlob(SHA, 123)).toBe(2);
    expect(await store.blobRefCount(SHA)).toBe(2);
    expect(await store.releaseBlob(SHA)).toBe(1);
    expect(await store.releaseBlob(SHA)).toBe(0);
    expect(await store.releaseBlob(SHA)).toBe(0);
    expect(await store.blobRefCount(SHA)).toBe(0);
    expect(await store.retainBlob(SHA, 123)).toBe(1);
  });

  it('reports 0 for a blob it never saw, on release as on lookup', async () => {
    expect(await store.releaseBlob('c'.repeat(64))).toBe(0);
    expect(await store.blobRefCount('c'.repeat(64))).toBe(0);
    expect(temp.db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 0 });
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
    const rows = temp.db
      .prepare(
        'SELECT user_id, entity_type, action, old_values, new_values, ip_address FROM audit_logs ORDER BY action DESC',
      )
      .all();
    expect(rows).toEqual([
      {
        user_id: LOCAL_USER_ID,
        entity_type: 'document',
        action: 'update',
        old_values: '{"title":"Old"}',
        new_values: '{"title":"New","tags":["a"]}',
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

  it('proves writability on a writable file', async () => {
    await store.checkWritable();
    await store.checkWritable();
    expect(temp.db.prepare('SELECT count(*) AS n FROM health_checks').get()).toEqual({ n: 1 });
  });

  it('reports a database that refuses writes as METADATA_NOT_WRITABLE', async () => {
    const readOnly = new Database(temp.file, { readonly: true });
    try {
      await expect(new SqliteMetadataStore(readOnly).checkWritable()).rejects.toMatchObject({
        code: 'METADATA_NOT_WRITABLE',
        category: 'system',
        retryable: true,
      });
    } finally {
      readOnly.close();
    }
  });

  it('closes the connection, once', async () => {
    await store.close();
    await store.close();
    expect(temp.db.open).toBe(false);
  });
});
