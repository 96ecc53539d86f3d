import { LOCAL_USER_ID } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteMetadataStore } from '../sqlite-metadata-store.adapter.js';
import { runMigrations } from '../sqlite-migrator.js';
import { createTempDatabase, type TempDatabase } from '../testing/temp-database.js';
import { MIGRATIONS } from './migration-registry.js';

/** Migration 007 on a database of the previous release: one built-in local user owning everything. */
describe('schema 007', () => {
  let temp: TempDatabase;
  afterEach(() => temp.cleanup());

  it('keeps every user and maps the old roles, then lets the first admin take over the local user and its documents', async () => {
    temp = createTempDatabase({ migrate: false });
    runMigrations(temp.db, MIGRATIONS.slice(0, 6));
    const run = (sql: string, ...params: unknown[]) => temp.db.prepare(sql).run(...params);
    run(
      `INSERT INTO users (id, email, username, display_name, role, created_at, updated_at)
         VALUES (?, 'local@sift.local', 'local', 'Local user', 'admin', 0, 0)`,
      LOCAL_USER_ID,
    );
    run(`INSERT INTO users (id, email, username, display_name, role, created_at, updated_at)
         VALUES ('u2', 'u2@example.com', 'u2', 'U2', 'user', 0, 0)`);
    run(`INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES (?, 1, 1, 0)`, 'a'.repeat(64));
    run(
      `INSERT INTO documents (id, owner_id, filename, original_filename, content_type, size, sha256, uploaded_at,
         created_at, updated_at)
       VALUES ('d1', ?, 'f.txt', 'f.txt', 'text/plain', 1, ?, 0, 0, 0)`,
      LOCAL_USER_ID,
      'a'.repeat(64),
    );

    expect(runMigrations(temp.db).applied.map((m) => m.name)).toContain('identity');
    const store = new SqliteMetadataStore(temp.db);
    expect((await store.identity.accounts.get(LOCAL_USER_ID))?.role).toBe('admin');
    expect((await store.identity.accounts.get('u2'))?.role).toBe('editor');
    // Neither can sign in: the install still needs its first admin.
    expect(await store.identity.accounts.countSignInAccounts()).toBe(0);

    const admin = await store.identity.accounts.claimFirstAdmin({
      localUserId: LOCAL_USER_ID,
      email: 'admin@example.com',
      displayName: 'Admin',
      passwordHash: '$argon2id$placeholder',
    });
    expect(admin).toMatchObject({
      id: LOCAL_USER_ID,
      email: 'admin@example.com',
      role: 'admin',
      hasPassword: true,
    });
    expect((await store.documents.get('d1'))?.ownerId).toBe(admin!.id);
    // Exactly once.
    expect(
      await store.identity.accounts.claimFirstAdmin({
        localUserId: LOCAL_USER_ID,
        email: 'x@example.com',
        displayName: 'X',
        passwordHash: 'h',
      }),
    ).toBeNull();
  });
});
