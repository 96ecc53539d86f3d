import { LOCAL_USER_ID } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteMetadataStore } from '../sqlite-metadata-store.adapter.js';
import { runMigrations } from '../sqlite-migrator.js';
import { createTempDatabase, type TempDatabase } from '../testing/temp-database.js';
import { ftsIntegrityCheck, matchChunkIds } from '../testing/fts-queries.js';
import { MIGRATIONS } from './migration-registry.js';

const SHA = 'a'.repeat(64);

/** Migration 002 on a database that schema 001 already holds data in, and the constraints it adds. */
describe('schema 002', () => {
  let temp: TempDatabase;
  const run = (sql: string, ...params: unknown[]) => temp.db.prepare(sql).run(...params);
  const all = (sql: string, ...params: unknown[]) => temp.db.prepare(sql).all(...params);

  const addDocument = (id: string, contentType: string, extra: { parent?: string; title?: string } = {}) =>
    run(
      `INSERT INTO documents (id, owner_id, parent_document_id, filename, original_filename, content_type, size,
         sha256, title, uploaded_at, created_at, updated_at)
       VALUES (?, ?, ?, 'f', 'f', ?, 10, ?, ?, 0, 0, 0)`,
      id,
      LOCAL_USER_ID,
      extra.parent ?? null,
      contentType,
      SHA,
      extra.title ?? null,
    );
  const addCollection = (id: string) =>
    run(
      `INSERT INTO collections (id, owner_id, name, created_at, updated_at) VALUES (?, ?, ?, 0, 0)`,
      id,
      LOCAL_USER_ID,
      id,
    );

  beforeEach(() => {
    temp = createTempDatabase({ migrate: false });
    runMigrations(temp.db, MIGRATIONS.slice(0, 1));
    run(
      `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
       VALUES (?, 'a@b.c', 'alice', 'Alice', 0, 0)`,
      LOCAL_USER_ID,
    );
    run(`INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES (?, 10, 5, 0)`, SHA);
  });

  afterEach(() => temp.cleanup());

  it('keeps v1 documents and chunks, derives categories and indexes the old chunks', async () => {
    addDocument('pdf', 'application/pdf', { title: 'Harbour survey' });
    addDocument('png', 'image/png');
    addDocument('mp3', 'audio/mpeg');
    addDocument('zip', 'application/zip');
    addDocument('eml', 'message/rfc822', { parent: 'zip' });
    run(
      `INSERT INTO document_chunks (id, document_id, chunk_index, content, start_char, end_char, content_sha256,
         created_at)
       VALUES ('c1', 'pdf', 0, 'The lighthouse keepers were counting ships', 0, 42, 'x', 0),
              ('c2', 'pdf', 1, 'Fog horns sounded at night', NULL, NULL, 'y', 0)`,
    );

    expect(runMigrations(temp.db, MIGRATIONS.slice(0, 2))).toEqual({
      applied: [{ version: 2, name: 'documents-content' }],
      version: 2,
    });

    expect(
      all(`SELECT id, category, source_id, source_path, source_mtime_ms FROM documents ORDER BY id`),
    ).toEqual([
      { id: 'eml', category: 'document', source_id: null, source_path: null, source_mtime_ms: null },
      { id: 'mp3', category: 'audio', source_id: null, source_path: null, source_mtime_ms: null },
      { id: 'pdf', category: 'document', source_id: null, source_path: null, source_mtime_ms: null },
      { id: 'png', category: 'image', source_id: null, source_path: null, source_mtime_ms: null },
      { id: 'zip', category: 'archive', source_id: null, source_path: null, source_mtime_ms: null },
    ]);
    expect(all(`SELECT seq, id, chunk_index FROM document_chunks ORDER BY seq`)).toEqual([
      { seq: 1, id: 'c1', chunk_index: 0 },
      { seq: 2, id: 'c2', chunk_index: 1 },
    ]);
    expect(matchChunkIds(temp.db, 'lighthouse')).toEqual(['c1']);
    expect(matchChunkIds(temp.db, 'harbour')).toEqual(['c1', 'c2']);
    expect(ftsIntegrityCheck(temp.db)).toBe('ok');
    expect(temp.db.pragma('foreign_key_check')).toEqual([]);

    const chunks = await new SqliteMetadataStore(temp.db).documents.listChunks('pdf');
    expect(chunks.map((c) => [c.id, c.startChar, c.endChar])).toEqual([
      ['c1', 0, 42],
      ['c2', 0, 'Fog horns sounded at night'.length],
    ]);
  });

  it('keeps one archive member per path and one document per file of a source', () => {
    runMigrations(temp.db);
    addCollection('col');
    run(
      `INSERT INTO sources (id, owner_id, collection_id, path, created_at) VALUES ('s1', ?, 'col', '/srv', 0)`,
      LOCAL_USER_ID,
    );
    addDocument('zip', 'application/zip');
    addDocument('m1', 'text/plain', { parent: 'zip' });
    addDocument('m2', 'text/plain', { parent: 'zip' });
    addDocument('top1', 'text/plain');
    addDocument('top2', 'text/plain');
    run(`UPDATE documents SET source_path = 'a.txt' WHERE id = 'm1'`);
    expect(() => run(`UPDATE documents SET source_path = 'a.txt' WHERE id = 'm2'`)).toThrow(/UNIQUE/);
    // Top-level documents without a source may share a path (no parent, no source: no constraint).
    run(`UPDATE documents SET source_path = 'a.txt' WHERE id IN ('top1', 'top2')`);
    run(`UPDATE documents SET source_id = 's1' WHERE id = 'top1'`);
    expect(() => run(`UPDATE documents SET source_id = 's1' WHERE id = 'top2'`)).toThrow(/UNIQUE/);
    expect(() => run(`UPDATE documents SET category = 'video' WHERE id = 'top2'`)).toThrow(/CHECK/);
  });

  it('keeps one source per collection and path, and drops sources with their collection', () => {
    runMigrations(temp.db);
    addCollection('col');
    const addSource = (id: string, path: string) =>
      run(
        `INSERT INTO sources (id, owner_id, collection_id, path, created_at) VALUES (?, ?, 'col', ?, 0)`,
        id,
        LOCAL_USER_ID,
        path,
      );
    addSource('s1', '/srv');
    expect(() => addSource('s2', '/srv')).toThrow(/UNIQUE/);
    expect(() => addSource('s3', '')).toThrow(/CHECK/);
    addDocument('d', 'text/plain');
    run(`UPDATE documents SET source_id = 's1', collection_id = 'col' WHERE id = 'd'`);
    run(`DELETE FROM collections WHERE id = 'col'`);
    expect(all(`SELECT count(*) AS n FROM sources`)).toEqual([{ n: 0 }]);
    expect(all(`SELECT source_id, collection_id FROM documents`)).toEqual([
      { source_id: null, collection_id: null },
    ]);
  });

  it('deletes the extracted text with its document and refuses malformed structure JSON', () => {
    runMigrations(temp.db);
    addDocument('d', 'text/plain');
    const addText = (blocks: string) =>
      run(
        `INSERT INTO document_texts (document_id, text, blocks, pages, extractor_name, extractor_version, created_at)
         VALUES ('d', 'hello', ?, '[]', 'plain', '1', 0)`,
        blocks,
      );
    expect(() => addText('{"not":"an array"}')).toThrow(/CHECK/);
    addText('[]');
    run(`DELETE FROM documents WHERE id = 'd'`);
    expect(all(`SELECT count(*) AS n FROM document_texts`)).toEqual([{ n: 0 }]);
  });
});
