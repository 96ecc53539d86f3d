import type { SqliteMigration } from './sqlite-migration.js';

/**
 * Documents get their origin (category, directory source, path inside an archive or source), their extracted
 * text gets a table, and chunks get the lexical index.
 *
 * `document_chunks` is rebuilt with `seq INTEGER PRIMARY KEY AUTOINCREMENT`: FTS5 keys its rows by an integer
 * rowid, and the implicit rowid of a table without an INTEGER PRIMARY KEY may be renumbered by VACUUM, which
 * would silently point index rows at other chunks. An INTEGER PRIMARY KEY is the rowid itself (also in a
 * STRICT table), so it never changes; AUTOINCREMENT never reuses the number of a deleted chunk either, so a
 * stale search hit can at worst miss, never name another chunk. Nothing references `document_chunks` by
 * foreign key, so dropping the old table inside the migration's transaction is safe with foreign keys on.
 *
 * `document_chunks_fts` is an external-content FTS5 table over the view `document_chunks_fts_source`, which
 * adds the document title to each chunk's content and heading path. Triggers keep it in sync, so chunk rows
 * and index rows always commit in the same transaction. An external-content index must be told the exact old
 * values of a row it forgets; hence the title trigger re-indexes a document's chunks when its title changes,
 * and deleting a document deletes its chunks first (BEFORE DELETE), while the title can still be read.
 */
export const documentsContent: SqliteMigration = {
  version: 2,
  name: 'documents-content',
  up: /* sql */ `
CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  collection_id TEXT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  -- Absolute directory on the server's file system.
  path TEXT NOT NULL CHECK (length(path) > 0),
  last_scan_at INTEGER,
  last_scan TEXT CHECK (last_scan IS NULL OR json_valid(last_scan)),
  created_at INTEGER NOT NULL,
  UNIQUE (collection_id, path)
) STRICT;
CREATE INDEX sources_owner_idx ON sources (owner_id);

ALTER TABLE documents ADD COLUMN category TEXT NOT NULL DEFAULT 'document'
  CHECK (category IN ('document', 'image', 'audio', 'archive'));
ALTER TABLE documents ADD COLUMN source_id TEXT REFERENCES sources (id) ON DELETE SET NULL;
-- Path inside the parent archive, or relative to the directory source.
ALTER TABLE documents ADD COLUMN source_path TEXT;
ALTER TABLE documents ADD COLUMN source_mtime_ms INTEGER;
UPDATE documents SET category = CASE
  WHEN content_type LIKE 'image/%' THEN 'image'
  WHEN content_type LIKE 'audio/%' THEN 'audio'
  WHEN content_type IN ('application/zip', 'application/x-tar', 'application/gzip', 'application/x-7z-compressed',
    'application/vnd.rar') THEN 'archive'
  ELSE 'document'
END;
-- Re-running the expansion of an archive finds the member it already created instead of adding another.
CREATE UNIQUE INDEX documents_child_source_path_uq ON documents (parent_document_id, source_path)
  WHERE parent_document_id IS NOT NULL;
-- One document per file of a directory source.
CREATE UNIQUE INDEX documents_source_path_uq ON documents (source_id, source_path) WHERE source_id IS NOT NULL;

CREATE TABLE document_texts (
  document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  blocks TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(blocks) AND json_type(blocks) = 'array'),
  pages TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(pages) AND json_type(pages) = 'array'),
  extractor_name TEXT NOT NULL,
  extractor_version TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE document_chunks_v2 (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  chunk_index INTEGER NOT NULL CHECK (chunk_index >= 0),
  content TEXT NOT NULL,
  start_char INTEGER,
  end_char INTEGER,
  page_from INTEGER,
  page_to INTEGER,
  heading_path TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(heading_path) AND json_type(heading_path) = 'array'),
  time_start_ms INTEGER,
  time_end_ms INTEGER,
  token_count INTEGER NOT NULL DEFAULT 0 CHECK (token_count >= 0),
  confidence REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
  content_sha256 TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  created_at INTEGER NOT NULL,
  UNIQUE (document_id, chunk_index)
) STRICT;
INSERT INTO document_chunks_v2 (id, document_id, chunk_index, content, start_char, end_char, page_from, page_to,
    heading_path, time_start_ms, time_end_ms, token_count, confidence, content_sha256, metadata, created_at)
  SELECT id, document_id, chunk_index, content, start_char, end_char, page_from, page_to, heading_path,
    time_start_ms, time_end_ms, token_count, confidence, content_sha256, metadata, created_at
  FROM document_chunks ORDER BY document_id, chunk_index;
DROP TABLE document_chunks;
ALTER TABLE document_chunks_v2 RENAME TO document_chunks;
CREATE INDEX document_chunks_content_sha256_idx ON document_chunks (content_sha256);

-- What the lexical index holds per chunk; also where FTS5 reads column values for snippet() and highlight().
CREATE VIEW document_chunks_fts_source AS
  SELECT c.seq AS seq, c.content AS content, c.heading_path AS heading_path, d.title AS title
  FROM document_chunks c JOIN documents d ON d.id = c.document_id;

CREATE VIRTUAL TABLE document_chunks_fts USING fts5 (
  content, heading_path, title,
  content = 'document_chunks_fts_source', content_rowid = 'seq',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO document_chunks_fts (document_chunks_fts) VALUES ('rebuild');

CREATE TRIGGER document_chunks_fts_insert AFTER INSERT ON document_chunks BEGIN
  INSERT INTO document_chunks_fts (rowid, content, heading_path, title)
    VALUES (new.seq, new.content, new.heading_path, (SELECT title FROM documents WHERE id = new.document_id));
END;
CREATE TRIGGER document_chunks_fts_delete AFTER DELETE ON document_chunks BEGIN
  INSERT INTO document_chunks_fts (document_chunks_fts, rowid, content, heading_path, title)
    VALUES ('delete', old.seq, old.content, old.heading_path,
      (SELECT title FROM documents WHERE id = old.document_id));
END;
CREATE TRIGGER document_chunks_fts_update AFTER UPDATE ON document_chunks BEGIN
  INSERT INTO document_chunks_fts (document_chunks_fts, rowid, content, heading_path, title)
    VALUES ('delete', old.seq, old.content, old.heading_path,
      (SELECT title FROM documents WHERE id = old.document_id));
  INSERT INTO document_chunks_fts (rowid, content, heading_path, title)
    VALUES (new.seq, new.content, new.heading_path, (SELECT title FROM documents WHERE id = new.document_id));
END;
CREATE TRIGGER documents_fts_title AFTER UPDATE OF title ON documents WHEN old.title IS NOT new.title BEGIN
  INSERT INTO document_chunks_fts (document_chunks_fts, rowid, content, heading_path, title)
    SELECT 'delete', seq, content, heading_path, old.title FROM document_chunks WHERE document_id = old.id;
  INSERT INTO document_chunks_fts (rowid, content, heading_path, title)
    SELECT seq, content, heading_path, new.title FROM document_chunks WHERE document_id = old.id;
END;
-- Runs for cascaded deletes too (archive members, a deleted owner), so no path leaves index rows behind.
CREATE TRIGGER documents_fts_delete BEFORE DELETE ON documents BEGIN
  DELETE FROM document_chunks WHERE document_id = old.id;
END;
`,
};
