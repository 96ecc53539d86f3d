import { LOCAL_USER_ID } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestPgDatabase, postgresAvailable, type TestPgDatabase } from '../testing/pg-test-database.js';

const available = await postgresAvailable();
const SHA = 'a'.repeat(64);

/** The constraints and triggers of schema 001 that the repositories rely on, proven on the real server. */
describe.skipIf(!available)('PostgreSQL schema 001 (needs PostgreSQL, #14)', () => {
  let db: TestPgDatabase;
  const run = (sql: string, params: unknown[] = []) => db.pool.query(sql, params);
  const count = async (table: string) =>
    (await db.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n;
  const addFolder = (id: string, name: string, parent: string | null) =>
    run(
      `INSERT INTO folders (id, owner_id, parent_id, name, path, created_at, updated_at)
       VALUES ($1, $2, $3, $4, '/' || $4, 0, 0)`,
      [id, LOCAL_USER_ID, parent, name],
    );
  const addDocument = (id: string, parent: string | null = null) =>
    run(
      `INSERT INTO documents (id, owner_id, parent_document_id, filename, original_filename, content_type, size,
         sha256, uploaded_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'f.pdf', 'f.pdf', 'application/pdf', 10, $4, 0, 0, 0)`,
      [id, LOCAL_USER_ID, parent, SHA],
    );

  beforeEach(async () => {
    db = await createTestPgDatabase();
    await run(
      `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
       VALUES ($1, 'a@b.c', 'alice', 'Alice', 0, 0)`,
      [LOCAL_USER_ID],
    );
    await run(`INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES ($1, 10, 1, 0)`, [SHA]);
  });

  afterEach(() => db.cleanup());

  it('keeps emails and usernames unique case-insensitively', async () => {
    await expect(
      run(`INSERT INTO users (id, email, username, display_name, created_at, updated_at)
           VALUES ('u2', 'A@B.C', 'bob', 'Bob', 0, 0)`),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(
      run(`INSERT INTO users (id, email, username, display_name, created_at, updated_at)
           VALUES ('u2', 'x@b.c', 'ALICE', 'Bob', 0, 0)`),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('keeps sibling folder names unique, at the root too, and deletes subfolders with their parent', async () => {
    await addFolder('root', 'projects', null);
    await addFolder('child', 'sift', 'root');
    await expect(addFolder('dup-root', 'projects', null)).rejects.toMatchObject({ code: '23505' });
    await expect(addFolder('dup-child', 'sift', 'root')).rejects.toMatchObject({ code: '23505' });
    await addFolder('other', 'sift', null);
    await run(`DELETE FROM folders WHERE id = 'root'`);
    expect(await count('folders')).toBe(1);
  });

  it('refuses unknown statuses, negative reference counts and tags that are not an array', async () => {
    await addDocument('d1');
    await expect(run(`UPDATE documents SET status = 'lost'`)).rejects.toMatchObject({ code: '23514' });
    await expect(run(`UPDATE documents SET tags = '{"a":1}'`)).rejects.toMatchObject({ code: '23514' });
    await expect(run(`UPDATE blobs SET ref_count = -1`)).rejects.toMatchObject({ code: '23514' });
    await expect(run(`DELETE FROM blobs`)).rejects.toMatchObject({ code: '23503' });
  });

  it('counts and versions a space on every vector statement, moves between spaces included', async () => {
    await addDocument('d1');
    await run(
      `INSERT INTO document_chunks (id, document_id, chunk_index, content, content_sha256, created_at)
       SELECT 'c' || i, 'd1', i, 'x', 'x', 0 FROM generate_series(0, 2) AS i`,
    );
    await run(
      `INSERT INTO vector_spaces (id, dimensions, created_at, updated_at) VALUES ('a', 1, 0, 0), ('b', 1, 0, 0)`,
    );
    const spaces = async () =>
      (await run(`SELECT id, version, vector_count FROM vector_spaces ORDER BY id`)).rows as unknown[];
    await run(
      `INSERT INTO chunk_vectors (space, chunk_seq, vector) SELECT 'a', seq, '\\x00' FROM document_chunks`,
    );
    expect(await spaces()).toEqual([
      { id: 'a', version: 3, vector_count: 3 },
      { id: 'b', version: 0, vector_count: 0 },
    ]);
    await run(
      `UPDATE chunk_vectors SET space = 'b' WHERE chunk_seq = (SELECT min(seq) FROM document_chunks)`,
    );
    expect(await spaces()).toEqual([
      { id: 'a', version: 4, vector_count: 2 },
      { id: 'b', version: 1, vector_count: 1 },
    ]);
    // Replacing vectors in place moves the version once per vector, as SQLite's row triggers do.
    await run(`UPDATE chunk_vectors SET vector = '\\x01' WHERE space = 'a'`);
    expect(await spaces()).toEqual([
      { id: 'a', version: 6, vector_count: 2 },
      { id: 'b', version: 1, vector_count: 1 },
    ]);
    // Deleting the document deletes its chunks, and they their vectors, by cascade.
    await run(`DELETE FROM documents`);
    expect(await spaces()).toEqual([
      { id: 'a', version: 8, vector_count: 0 },
      { id: 'b', version: 2, vector_count: 0 },
    ]);
  });

  it('keeps a single health-check row', async () => {
    await run(`INSERT INTO health_checks (id, checked_at) VALUES (1, 0)`);
    await expect(run(`INSERT INTO health_checks (id, checked_at) VALUES (2, 0)`)).rejects.toMatchObject({
      code: '23514',
    });
  });
});
