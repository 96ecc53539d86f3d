import { LOCAL_USER_ID } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations } from '../sqlite-migrator.js';
import { createTempDatabase, type TempDatabase } from '../testing/temp-database.js';
import { MIGRATIONS } from './migration-registry.js';

const SHA = 'a'.repeat(64);
const blob = (...values: number[]) => Buffer.from(Float32Array.from(values).buffer);

/** Migration 003 on a database with chunks already in it, and the invariants its constraints and triggers keep. */
describe('schema 003', () => {
  let temp: TempDatabase;
  const run = (sql: string, ...params: unknown[]) => temp.db.prepare(sql).run(...params);
  const get = (sql: string, ...params: unknown[]) => temp.db.prepare(sql).get(...params);
  const space = (id: string) =>
    get(`SELECT version, vector_count AS count FROM vector_spaces WHERE id = ?`, id);
  const vectorCount = () => (get(`SELECT count(*) AS n FROM chunk_vectors`) as { n: number }).n;

  const addDocument = (id: string, parent: string | null = null) =>
    run(
      `INSERT INTO documents (id, owner_id, parent_document_id, filename, original_filename, content_type, size,
         sha256, uploaded_at, created_at, updated_at)
       VALUES (?, ?, ?, 'f', 'f', 'text/plain', 10, ?, 0, 0, 0)`,
      id,
      LOCAL_USER_ID,
      parent,
      SHA,
    );
  const addChunk = (id: string, documentId: string, index: number) =>
    Number(
      run(
        `INSERT INTO document_chunks (id, document_id, chunk_index, content, content_sha256, created_at)
         VALUES (?, ?, ?, 'text', 'x', 0)`,
        id,
        documentId,
        index,
      ).lastInsertRowid,
    );
  const addSpace = (id: string, dimensions = 2) =>
    run(
      `INSERT INTO vector_spaces (id, dimensions, created_at, updated_at) VALUES (?, ?, 0, 0)`,
      id,
      dimensions,
    );
  const addVector = (spaceId: string, seq: number, vector: unknown = blob(1, 0)) =>
    run(`INSERT INTO chunk_vectors (space, chunk_seq, vector) VALUES (?, ?, ?)`, spaceId, seq, vector);

  beforeEach(() => {
    temp = createTempDatabase({ migrate: false });
    runMigrations(temp.db, MIGRATIONS.slice(0, 2));
    run(
      `INSERT INTO users (id, email, username, display_name, role, created_at, updated_at)
       VALUES (?, 'a@b.c', 'alice', 'Alice', 'admin', 0, 0)`,
      LOCAL_USER_ID,
    );
    run(`INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES (?, 10, 5, 0)`, SHA);
    addDocument('doc');
    addChunk('c0', 'doc', 0);
  });

  afterEach(() => temp.cleanup());

  it('applies on top of schema 002 and keeps the chunks', () => {
    expect(runMigrations(temp.db, MIGRATIONS.slice(0, 3))).toEqual({
      applied: [{ version: 3, name: 'chunk-vectors' }],
      version: 3,
    });
    expect(get(`SELECT id FROM document_chunks`)).toEqual({ id: 'c0' });
    expect(vectorCount()).toBe(0);
  });

  it('counts vectors and changes per space through inserts, replacements and deletes', () => {
    runMigrations(temp.db);
    const seq0 = (get(`SELECT seq FROM document_chunks WHERE id = 'c0'`) as { seq: number }).seq;
    const seq1 = addChunk('c1', 'doc', 1);
    addSpace('a');
    addSpace('b');
    expect(space('a')).toEqual({ version: 0, count: 0 });
    addVector('a', seq0);
    addVector('a', seq1);
    addVector('b', seq0);
    expect(space('a')).toEqual({ version: 2, count: 2 });
    expect(space('b')).toEqual({ version: 1, count: 1 });
    run(`UPDATE chunk_vectors SET vector = ? WHERE space = 'a' AND chunk_seq = ?`, blob(0, 1), seq0);
    expect(space('a')).toEqual({ version: 3, count: 2 });
    run(`UPDATE chunk_vectors SET space = 'b' WHERE space = 'a' AND chunk_seq = ?`, seq1);
    expect(space('a')).toEqual({ version: 4, count: 1 });
    expect(space('b')).toEqual({ version: 2, count: 2 });
    run(`DELETE FROM chunk_vectors WHERE space = 'b' AND chunk_seq = ?`, seq1);
    expect(space('b')).toEqual({ version: 3, count: 1 });
  });

  it('deletes vectors with their chunk, their document and its members, leaving no orphan', () => {
    runMigrations(temp.db);
    addDocument('member', 'doc');
    const seqs = [
      (get(`SELECT seq FROM document_chunks WHERE id = 'c0'`) as { seq: number }).seq,
      addChunk('m0', 'member', 0),
    ];
    addDocument('other');
    const kept = addChunk('o0', 'other', 0);
    addSpace('a');
    for (const seq of [...seqs, kept]) addVector('a', seq);
    expect(space('a')).toEqual({ version: 3, count: 3 });
    run(`DELETE FROM documents WHERE id = 'doc'`);
    expect(temp.db.prepare(`SELECT chunk_seq FROM chunk_vectors`).pluck().all()).toEqual([kept]);
    expect(space('a')).toEqual({ version: 5, count: 1 });
    run(`DELETE FROM document_chunks WHERE id = 'o0'`);
    expect(vectorCount()).toBe(0);
    expect(space('a')).toEqual({ version: 6, count: 0 });
    expect(temp.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('deletes a space’s vectors with the space and refuses vectors of unknown chunks or spaces', () => {
    runMigrations(temp.db);
    const seq = (get(`SELECT seq FROM document_chunks WHERE id = 'c0'`) as { seq: number }).seq;
    addSpace('a');
    expect(() => addVector('a', seq + 100)).toThrow(/FOREIGN KEY/);
    expect(() => addVector('nowhere', seq)).toThrow(/FOREIGN KEY/);
    addVector('a', seq);
    expect(() => addVector('a', seq)).toThrow(/UNIQUE|PRIMARY KEY/);
    run(`DELETE FROM vector_spaces WHERE id = 'a'`);
    expect(vectorCount()).toBe(0);
  });

  it('refuses spaces without dimensions and vectors that are not BLOBs', () => {
    runMigrations(temp.db);
    const seq = (get(`SELECT seq FROM document_chunks WHERE id = 'c0'`) as { seq: number }).seq;
    expect(() => addSpace('zero', 0)).toThrow(/CHECK/);
    expect(() => addSpace('', 2)).toThrow(/CHECK/);
    addSpace('a');
    expect(() => addVector('a', seq, '1,0')).toThrow(/cannot store TEXT value in BLOB column/);
  });
});
