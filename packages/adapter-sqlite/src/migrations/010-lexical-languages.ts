import type { SqliteMigration } from './sqlite-migration.js';

/**
 * The lexical index learns languages: each chunk is indexed with the stop words and Snowball stemmer of its
 * document's language (Polish "umowy" and "umowie" become one term, German "Verträgen" and "Vertrag" too),
 * by `sift_lexical_terms` (fts-analysis.ts), which every connection registers — SQLite's own tokenizers stem
 * English only, and a tokenizer cannot be written in JavaScript.
 *
 * `document_chunks_fts` stays an external-content table, now over a view of each chunk's *terms*; its `ascii`
 * tokenizer only splits them at the spaces between them, the analysis having done everything else. FTS5's
 * 'rebuild' and 'integrity-check' read the view, so they analyse afresh. (A contentless table with
 * `contentless_delete` would not need old values on delete, but never lowers its row count and total length,
 * which BM25's idf and length normalisation read: churn would skew ranking.) A delete must name the exact
 * terms indexed: the triggers recompute them from the old row, which gives the same terms as long as the
 * analysis has not changed; when it does (the diacritics option, a stemmer upgrade), `settings` records the
 * signature the index was built with and reindexIfAnalysisChanged rebuilds it before anything is written.
 *
 * A document's language or title changing re-indexes its chunks. The index on `documents.language` lets a
 * search list the languages present with a few index probes.
 */
export const lexicalLanguages: SqliteMigration = {
  version: 10,
  name: 'lexical-languages',
  up: /* sql */ `
DROP TRIGGER document_chunks_fts_insert;
DROP TRIGGER document_chunks_fts_delete;
DROP TRIGGER document_chunks_fts_update;
DROP TRIGGER documents_fts_title;
DROP TABLE document_chunks_fts;
DROP VIEW document_chunks_fts_source;

CREATE INDEX documents_language_idx ON documents (language);

CREATE VIEW document_chunks_fts_source AS
  SELECT c.seq AS seq, sift_lexical_terms(c.content, d.language) AS content,
    sift_lexical_terms(c.heading_path, d.language) AS heading_path, sift_lexical_terms(d.title, d.language) AS title
  FROM document_chunks c JOIN documents d ON d.id = c.document_id;

CREATE VIRTUAL TABLE document_chunks_fts USING fts5 (
  content, heading_path, title,
  content = 'document_chunks_fts_source', content_rowid = 'seq',
  tokenize = 'ascii'
);
INSERT INTO document_chunks_fts (document_chunks_fts) VALUES ('rebuild');

-- The document row still exists when a chunk goes: deleting a document deletes its chunks first (002).
CREATE TRIGGER document_chunks_fts_insert AFTER INSERT ON document_chunks BEGIN
  INSERT INTO document_chunks_fts (rowid, content, heading_path, title)
    SELECT new.seq, sift_lexical_terms(new.content, d.language), sift_lexical_terms(new.heading_path, d.language),
      sift_lexical_terms(d.title, d.language)
    FROM documents d WHERE d.id = new.document_id;
END;
CREATE TRIGGER document_chunks_fts_delete AFTER DELETE ON document_chunks BEGIN
  INSERT INTO document_chunks_fts (document_chunks_fts, rowid, content, heading_path, title)
    SELECT 'delete', old.seq, sift_lexical_terms(old.content, d.language),
      sift_lexical_terms(old.heading_path, d.language), sift_lexical_terms(d.title, d.language)
    FROM documents d WHERE d.id = old.document_id;
END;
CREATE TRIGGER document_chunks_fts_update AFTER UPDATE OF content, heading_path, document_id ON document_chunks
BEGIN
  INSERT INTO document_chunks_fts (document_chunks_fts, rowid, content, heading_path, title)
    SELECT 'delete', old.seq, sift_lexical_terms(old.content, d.language),
      sift_lexical_terms(old.heading_path, d.language), sift_lexical_terms(d.title, d.language)
    FROM documents d WHERE d.id = old.document_id;
  INSERT INTO document_chunks_fts (rowid, content, heading_path, title)
    SELECT new.seq, sift_lexical_terms(new.content, d.language), sift_lexical_terms(new.heading_path, d.language),
      sift_lexical_terms(d.title, d.language)
    FROM documents d WHERE d.id = new.document_id;
END;
CREATE TRIGGER documents_fts_reindex AFTER UPDATE OF title, language ON documents
  WHEN old.title IS NOT new.title OR old.language IS NOT new.language
BEGIN
  INSERT INTO document_chunks_fts (document_chunks_fts, rowid, content, heading_path, title)
    SELECT 'delete', seq, sift_lexical_terms(content, old.language), sift_lexical_terms(heading_path, old.language),
      sift_lexical_terms(old.title, old.language)
    FROM document_chunks WHERE document_id = old.id;
  INSERT INTO document_chunks_fts (rowid, content, heading_path, title)
    SELECT seq, sift_lexical_terms(content, new.language), sift_lexical_terms(heading_path, new.language),
      sift_lexical_terms(new.title, new.language)
    FROM document_chunks WHERE document_id = new.id;
END;

INSERT INTO settings (key, value, updated_at)
  VALUES ('lexical.analysis', json_quote(sift_lexical_signature()), CAST(unixepoch('subsec') * 1000 AS INTEGER))
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
`,
};
