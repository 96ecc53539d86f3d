import { LOCAL_USER_ID } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../testing/temp-database.js';

const SHA = 'a'.repeat(64);

/** The constraints of schema 001 that the application relies on, proven on a real file. */
describe('schema 001', () => {
  let temp: TempDatabase;
  const run = (sql: string, ...params: unknown[]) => temp.db.prepare(sql).run(...params);
  const count = (table: string) =>
    (temp.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  beforeEach(() => {
    temp = createTempDatabase();
    run(
      `INSERT INTO users (id, email, username, display_name, role, created_at, updated_at)
       VALUES (?, 'a@b.c', 'alice', 'Alice', 'admin', 0, 0)`,
      LOCAL_USER_ID,
    );
    run(`INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES (?, 10, 1, 0)`, SHA);
  });

  afterEach(() => temp.cleanup());

  const addDocument = (id: string, extra: { parent?: string; folder?: string } = {}) =>
    run(
      `INSERT INTO documents (id, owner_id, folder_id, parent_document_id, filename, original_filename, content_type,
         size, sha256, uploaded_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'f.pdf', 'f.pdf', 'application/pdf', 10, ?, 0, 0, 0)`,
      id,
      LOCAL_USER_ID,
      extra.folder ?? null,
      extra.parent ?? null,
      SHA,
    );
  const addFolder = (id: string, name: string, parent: string | null) =>
    run(
      `INSERT INTO folders (id, owner_id, parent_id, name, path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)`,
      id,
      LOCAL_USER_ID,
      parent,
      name,
      `/${name}`,
    );

  it('enforces foreign keys: a document needs its owner and its blob', () => {
    expect(() =>
      run(
        `INSERT INTO documents (id, owner_id, filename, original_filename, content_type, size, sha256, uploaded_at,
           created_at, updated_at) VALUES ('d', 'nobody', 'f', 'f', 't', 1, ?, 0, 0, 0)`,
        SHA,
      ),
    ).toThrow(/FOREIGN KEY/);
    addDocument('d1');
    expect(() => run('DELETE FROM blobs WHERE sha256 = ?', SHA)).toThrow(/FOREIGN KEY/);
  });

  it('deletes chunks and attachments with their document, and unlinks documents of a deleted folder', () => {
    addFolder('f1', 'inbox', null);
    addDocument('mail', { folder: 'f1' });
    addDocument('attachment', { parent: 'mail' });
    run(
      `INSERT INTO document_chunks (id, document_id, chunk_index, content, content_sha256, created_at)
       VALUES ('c1', 'attachment', 0, 'hello', 'x', 0)`,
    );
    run(`DELETE FROM folders WHERE id = 'f1'`);
    expect(temp.db.prepare(`SELECT folder_id FROM documents WHERE id = 'mail'`).get()).toEqual({
      folder_id: null,
    });
    run(`DELETE FROM documents WHERE id = 'mail'`);
    expect(count('documents')).toBe(0);
    expect(count('document_chunks')).toBe(0);
  });

  it('deletes subfolders with their parent and keeps sibling names unique, at the root too', () => {
    addFolder('root', 'projects', null);
    addFolder('child', 'sift', 'root');
    expect(() => addFolder('dup-root', 'projects', null)).toThrow(/UNIQUE/);
    expect(() => addFolder('dup-child', 'sift', 'root')).toThrow(/UNIQUE/);
    addFolder('other', 'sift', null);
    run(`DELETE FROM folders WHERE id = 'root'`);
    expect(count('folders')).toBe(1);
  });

  it('rejects invalid JSON, unknown statuses and negative reference counts', () => {
    expect(() => run(`UPDATE users SET preferences = '{oops' WHERE id = ?`, LOCAL_USER_ID)).toThrow(/CHECK/);
    addDocument('d1');
    expect(() => run(`UPDATE documents SET tags = '{"a":1}' WHERE id = 'd1'`)).toThrow(/CHECK/);
    expect(() => run(`UPDATE documents SET status = 'lost' WHERE id = 'd1'`)).toThrow(/CHECK/);
    expect(() => run(`UPDATE blobs SET ref_count = -1`)).toThrow(/CHECK/);
    expect(() => run(`UPDATE users SET role = 'root'`)).toThrow(/CHECK/);
  });

  it('holds one active task per unique key while finished ones keep theirs', () => {
    const addTask = (id: string, status: string) =>
      run(
        `INSERT INTO tasks (id, type, queue, status, max_attempts, run_after, payload, unique_key, created_at,
           updated_at) VALUES (?, 't', 'default', ?, 3, 0, '{}', 'k', 0, 0)`,
        id,
        status,
      );
    addTask('t1', 'succeeded');
    addTask('t2', 'failed');
    addTask('t3', 'pending');
    expect(() => addTask('t4', 'running')).toThrow(/UNIQUE/);
    expect(() => run(`UPDATE tasks SET progress = 1.5 WHERE id = 't3'`)).toThrow(/CHECK/);
  });

  it('keeps a single health-check row', () => {
    run(`INSERT INTO health_checks (id, checked_at) VALUES (1, 0)`);
    expect(() => run(`INSERT INTO health_checks (id, checked_at) VALUES (2, 0)`)).toThrow(/CHECK/);
  });

  it('keeps the audit trail of a deleted user, and deletes the user’s search history', () => {
    run(
      `INSERT INTO audit_logs (id, user_id, entity_type, entity_id, action, created_at)
       VALUES ('a1', ?, 'document', 'd1', 'delete', 0)`,
      LOCAL_USER_ID,
    );
    run(
      `INSERT INTO search_queries (id, user_id, query, mode, created_at) VALUES ('q1', ?, 'x', 'hybrid', 0)`,
      LOCAL_USER_ID,
    );
    run(`DELETE FROM users`);
    expect(temp.db.prepare(`SELECT user_id FROM audit_logs`).get()).toEqual({ user_id: null });
    expect(count('search_queries')).toBe(0);
  });
});
