import { LOCAL_USER_ID } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lexicalAnalyzerOf, reindexIfAnalysisChanged } from '../fts-analysis.js';
import { openSqliteDatabase, type SqliteDatabase } from '../sqlite-database.js';
import { SqliteLexicalIndex } from '../sqlite-lexical-index.adapter.js';
import { runMigrations } from '../sqlite-migrator.js';
import { ftsIntegrityCheck, matchChunkIds } from '../testing/fts-queries.js';
import { createTempDatabase, type TempDatabase } from '../testing/temp-database.js';
import { MIGRATIONS } from './migration-registry.js';

const SHA = 'a'.repeat(64);
const MARK = { open: '[', close: ']', maxChars: 200 };

/** Migration 010 on a database that schema 009 holds chunks in, indexed by FTS5's porter tokenizer. */
describe('schema 010', () => {
  let temp: TempDatabase;
  const others: SqliteDatabase[] = [];
  const run = (sql: string, ...params: unknown[]) => temp.db.prepare(sql).run(...params);
  const addDocument = (id: string, language: string | null, title: string | null) =>
    run(
      `INSERT INTO documents (id, owner_id, filename, original_filename, content_type, size, sha256, title,
         language, status, uploaded_at, created_at, updated_at)
       VALUES (?, ?, 'f', 'f', 'text/plain', 10, ?, ?, ?, 'processed', 0, 0, 0)`,
      id,
      LOCAL_USER_ID,
      SHA,
      title,
      language,
    );
  const addChunk = (
    id: string,
    documentId: string,
    index: number,
    content: string,
    headings: string[] = [],
  ) =>
    run(
      `INSERT INTO document_chunks (id, document_id, chunk_index, content, heading_path, content_sha256, created_at)
       VALUES (?, ?, ?, ?, ?, 'x', 0)`,
      id,
      documentId,
      index,
      content,
      JSON.stringify(headings),
    );
  const search = async (db: SqliteDatabase, query: string) => {
    const index = new SqliteLexicalIndex(db);
    const hits = await index.search(query, { filter: {}, limit: 10 });
    return hits.map((h) => h.chunkId).sort();
  };

  beforeEach(() => {
    temp = createTempDatabase({ migrate: false });
    runMigrations(temp.db, MIGRATIONS.slice(0, 9));
    run(
      `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
       VALUES (?, 'a@b.c', 'alice', 'Alice', 0, 0)`,
      LOCAL_USER_ID,
    );
    run(`INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES (?, 10, 5, 0)`, SHA);
    addDocument('pl', 'pl', 'Umowa najmu');
    addChunk('pl-0', 'pl', 0, 'Najemca płaci czynsz zgodnie z umową.', ['Czynsz']);
    addChunk('pl-1', 'pl', 1, 'W umowie nie określono kar.');
    addDocument('de', 'de', null);
    addChunk('de-0', 'de', 0, 'Die Verträge enden in Zürich.');
    addDocument('en', null, 'Harbour survey');
    addChunk('en-0', 'en', 0, 'The lighthouse keepers were counting ships.');
  });

  afterEach(() => {
    for (const db of others.splice(0)) db.close();
    temp.cleanup();
  });

  it('re-indexes every old chunk in its document language and records the analysis', async () => {
    // Before: FTS5's porter tokenizer, which knows English only.
    expect(matchChunkIds(temp.db, 'Verträgen')).toEqual([]);
    expect(matchChunkIds(temp.db, 'czynszu')).toEqual([]);
    expect(runMigrations(temp.db, MIGRATIONS.slice(0, 10))).toEqual({
      applied: [{ version: 10, name: 'lexical-languages' }],
      version: 10,
    });
    expect(ftsIntegrityCheck(temp.db)).toBe('ok');
    expect(await search(temp.db, 'umowy')).toEqual(['pl-0', 'pl-1']);
    expect(await search(temp.db, 'czynszu')).toEqual(['pl-0']);
    expect(await search(temp.db, 'Vertrag')).toEqual(['de-0']);
    expect(await search(temp.db, 'zurich')).toEqual(['de-0']);
    expect(await search(temp.db, 'lighthouses harbour')).toEqual(['en-0']);
    const setting = temp.db.prepare(`SELECT value ->> '$' FROM settings WHERE key = 'lexical.analysis'`);
    expect(setting.pluck().get()).toBe(lexicalAnalyzerOf(temp.db).signature);
    // Nothing to do after the migration: the index is current.
    expect(reindexIfAnalysisChanged(temp.db)).toBeNull();
  });

  it('keeps the index in step with chunks, titles and languages through the new triggers', async () => {
    runMigrations(temp.db);
    addChunk('pl-2', 'pl', 2, 'Faktury wystawiono w maju.');
    expect(await search(temp.db, 'faktura')).toEqual(['pl-2']);
    run(`UPDATE document_chunks SET content = 'Rachunki wystawiono w maju.' WHERE id = 'pl-2'`);
    expect(await search(temp.db, 'faktura')).toEqual([]);
    run(`UPDATE documents SET title = 'Protokół' WHERE id = 'pl'`);
    expect(await search(temp.db, 'najmu')).toEqual([]);
    // "die" is a German stop word, left out of the German chunk; analysed as Polish, it is a word.
    expect(await search(temp.db, 'die')).toEqual([]);
    run(`UPDATE documents SET language = 'pl' WHERE id = 'de'`);
    expect(await search(temp.db, 'die')).toEqual(['de-0']);
    run(`DELETE FROM document_chunks WHERE id = 'pl-1'`);
    run(`DELETE FROM documents WHERE id = 'en'`);
    expect(ftsIntegrityCheck(temp.db)).toBe('ok');
    expect(await search(temp.db, 'umowie lighthouse')).toEqual(['pl-0']);
  });

  it('rebuilds the index when the diacritics option changes, and snippets mark the original text', async () => {
    runMigrations(temp.db);
    const plain = openSqliteDatabase(temp.file, { lexical: { foldDiacritics: false } });
    others.push(plain);
    expect(reindexIfAnalysisChanged(plain)).toBe(4);
    expect(ftsIntegrityCheck(plain)).toBe('ok');
    expect(await search(plain, 'okreslono')).toEqual([]);
    expect(await search(plain, 'określono')).toEqual(['pl-1']);
    // The German stemmer itself spells umlauts without their dots, folding or not.
    expect(await search(plain, 'zurich')).toEqual(['de-0']);
    const index = new SqliteLexicalIndex(plain);
    expect(await index.snippet('de-0', 'vertrag ZÜRICH', MARK)).toBe('Die [Verträge] enden in [Zürich].');
    // The default connection folds again, and says so by rebuilding.
    expect(reindexIfAnalysisChanged(temp.db)).toBe(4);
    expect(await search(temp.db, 'okreslono')).toEqual(['pl-1']);
  });
});
