import type { PgMigration } from './pg-migration.js';

/**
 * The transactional outbox that feeds a derived vector search index (Chroma) from the truth in
 * `chunk_vectors`. Triggers write it in the same transaction as the change, so a committed vector or a
 * document's changed filter fields always has a pending row, and no write path (saveContent, upsert,
 * cascades, a deleted collection unlinking documents) can forget to. A consumer drains the rows in id order,
 * reads the current truth of each key and writes that to the index; it deletes (acknowledges) the rows only
 * after the index accepted them. Rows name keys, not values: replaying a row is harmless, and a row read late
 * still carries the newest state.
 *
 * Kinds of row:
 * - `chunk` (space, chunk_seq): the vector of one chunk in one space was written or deleted;
 * - `document` (document_id): fields that search filters read changed (owner, collection, folder, type,
 *   tags, language, upload time, metadata); the consumer rewrites the metadata of all its vectors;
 * - `space` (space, generation): the space was dropped; the consumer drops its collection whole, so the
 *   vectors deleted by that cascade get no rows of their own.
 *
 * Rows are written only while `vector_outbox_state.enabled` (a consumer registered, see PgVectorFeed): the
 * exact PostgreSQL fallback has no consumer and must not grow a table nobody drains. Enabling backfills every
 * vector under a SHARE lock, so no write committed around the switch is missed.
 *
 * `vector_spaces.generation` is unique across the database (a sequence): a space dropped and created again
 * gets a new one, so its index collection is a new one too and nothing of the old space can leak into it.
 * Each statement notifies channel `sift_vector_outbox` (payload: the schema) so consumers drain promptly.
 */
export const vectorOutbox: PgMigration = {
  version: 4,
  name: 'vector-outbox',
  up: /* sql */ `
CREATE SEQUENCE vector_space_generation;
ALTER TABLE vector_spaces ADD COLUMN generation bigint NOT NULL DEFAULT nextval('vector_space_generation');
ALTER TABLE vector_spaces ADD CONSTRAINT vector_spaces_generation_uq UNIQUE (generation);

CREATE TABLE vector_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('chunk', 'document', 'space')),
  space text COLLATE "C",
  chunk_seq bigint,
  document_id text COLLATE "C",
  generation bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'chunk' OR (space IS NOT NULL AND chunk_seq IS NOT NULL)),
  CHECK (kind <> 'document' OR document_id IS NOT NULL),
  CHECK (kind <> 'space' OR (space IS NOT NULL AND generation IS NOT NULL))
);

CREATE TABLE vector_outbox_state (
  id integer PRIMARY KEY CHECK (id = 1),
  enabled boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO vector_outbox_state (id) VALUES (1);

CREATE FUNCTION vector_outbox_enabled() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT enabled FROM vector_outbox_state WHERE id = 1), false)
$$;

CREATE FUNCTION vector_outbox_chunks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT vector_outbox_enabled() THEN RETURN NULL; END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO vector_outbox (kind, space, chunk_seq) SELECT 'chunk', space, chunk_seq FROM new_rows;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- A row moved to another key (by hand): the old key must leave the index too.
    INSERT INTO vector_outbox (kind, space, chunk_seq)
      SELECT 'chunk', o.space, o.chunk_seq FROM old_rows o
      WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.space = o.space AND n.chunk_seq = o.chunk_seq);
  END IF;
  IF TG_OP = 'DELETE' THEN
    -- Vectors of a dropped space go with its collection (the 'space' row), not one row each.
    INSERT INTO vector_outbox (kind, space, chunk_seq)
      SELECT 'chunk', o.space, o.chunk_seq FROM old_rows o
      WHERE EXISTS (SELECT 1 FROM vector_spaces s WHERE s.id = o.space);
  END IF;
  PERFORM pg_notify('sift_vector_outbox', current_schema());
  RETURN NULL;
END $$;
CREATE TRIGGER vector_outbox_chunks_insert AFTER INSERT ON chunk_vectors
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vector_outbox_chunks();
CREATE TRIGGER vector_outbox_chunks_update AFTER UPDATE ON chunk_vectors
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vector_outbox_chunks();
CREATE TRIGGER vector_outbox_chunks_delete AFTER DELETE ON chunk_vectors
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vector_outbox_chunks();

CREATE FUNCTION vector_outbox_spaces() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT vector_outbox_enabled() THEN RETURN NULL; END IF;
  INSERT INTO vector_outbox (kind, space, generation) SELECT 'space', id, generation FROM old_rows;
  PERFORM pg_notify('sift_vector_outbox', current_schema());
  RETURN NULL;
END $$;
CREATE TRIGGER vector_outbox_spaces_delete AFTER DELETE ON vector_spaces
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vector_outbox_spaces();

-- Only changes to what a search filter reads, and only for documents that have vectors: status and progress
-- updates during processing write nothing. A deleted collection or folder unlinks documents through ON DELETE
-- SET NULL, which is an UPDATE and lands here too; a deleted document's vectors go by cascade (above).
CREATE FUNCTION vector_outbox_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT vector_outbox_enabled() THEN RETURN NULL; END IF;
  INSERT INTO vector_outbox (kind, document_id)
    SELECT 'document', n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.owner_id, n.collection_id, n.folder_id, n.content_type, n.category, n.tags, n.language,
           n.uploaded_at, n.metadata)
      IS DISTINCT FROM (o.owner_id, o.collection_id, o.folder_id, o.content_type, o.category, o.tags, o.language,
           o.uploaded_at, o.metadata)
      AND EXISTS (SELECT 1 FROM document_chunks c JOIN chunk_vectors v ON v.chunk_seq = c.seq
                  WHERE c.document_id = n.id);
  IF FOUND THEN PERFORM pg_notify('sift_vector_outbox', current_schema()); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER vector_outbox_documents_update AFTER UPDATE ON documents
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION vector_outbox_documents();
`,
};
