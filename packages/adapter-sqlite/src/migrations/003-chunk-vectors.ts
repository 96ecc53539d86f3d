import type { SqliteMigration } from './sqlite-migration.js';

/**
 * Chunk embeddings, the source of truth of the vector index: one row per (vector space, chunk), the vector a
 * BLOB of little-endian float32 values, L2-normalised. A space is one embedding model; a model change fills a
 * new space and drops the old one (blue/green), so a chunk may have a vector in several spaces for a while.
 *
 * Vectors are keyed by `document_chunks.seq` (the never-reused rowid, migration 002) rather than the chunk's
 * uuid: 8 bytes instead of 36 per row, and the same integer is the key of the ANN file, which supports only
 * integer keys. Deleting a chunk deletes its vectors (cascade); the index on `chunk_seq` keeps that cascade a
 * lookup instead of a scan of every space.
 *
 * `vector_spaces.version` counts changes to a space's vectors and `vector_count` counts them; triggers keep
 * both on every insert, update and delete (cascades included), so no write path can forget them and reading
 * either is one row, not a scan. An ANN file records the version it was built at and is stale as soon as the
 * two differ.
 */
export const chunkVectors: SqliteMigration = {
  version: 3,
  name: 'chunk-vectors',
  up: /* sql */ `
CREATE TABLE vector_spaces (
  id TEXT PRIMARY KEY CHECK (length(id) > 0),
  dimensions INTEGER NOT NULL CHECK (dimensions > 0),
  version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
  vector_count INTEGER NOT NULL DEFAULT 0 CHECK (vector_count >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE chunk_vectors (
  space TEXT NOT NULL REFERENCES vector_spaces (id) ON DELETE CASCADE,
  chunk_seq INTEGER NOT NULL REFERENCES document_chunks (seq) ON DELETE CASCADE,
  vector BLOB NOT NULL,
  PRIMARY KEY (space, chunk_seq)
) STRICT;
CREATE INDEX chunk_vectors_chunk_idx ON chunk_vectors (chunk_seq);

CREATE TRIGGER chunk_vectors_space_insert AFTER INSERT ON chunk_vectors BEGIN
  UPDATE vector_spaces SET version = version + 1, vector_count = vector_count + 1 WHERE id = new.space;
END;
-- Sift replaces vectors in place; a row moved to another space by hand still keeps both counts right.
CREATE TRIGGER chunk_vectors_space_update AFTER UPDATE ON chunk_vectors BEGIN
  UPDATE vector_spaces SET version = version + 1 WHERE id = new.space;
  UPDATE vector_spaces SET version = version + 1, vector_count = vector_count - 1
    WHERE id = old.space AND old.space IS NOT new.space;
  UPDATE vector_spaces SET vector_count = vector_count + 1 WHERE id = new.space AND old.space IS NOT new.space;
END;
CREATE TRIGGER chunk_vectors_space_delete AFTER DELETE ON chunk_vectors BEGIN
  UPDATE vector_spaces SET version = version + 1, vector_count = vector_count - 1 WHERE id = old.space;
END;
`,
};
