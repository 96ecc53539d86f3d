import type { PgMigration } from './pg-migration.js';

/**
 * The core schema: what the SQLite adapter holds after its migrations 001–010 for users, collections, folders,
 * sources, blobs, documents, their texts and chunks, vectors, the query log, settings and the health row.
 * Identity, chat and the embedding cache are migration 002; the lexical index is 003. Tasks and workers have no
 * tables here: the scale-out queue is BullMQ, and nothing below refers to a task (documents.task_id is a plain
 * id, as in SQLite, where it has no foreign key either).
 *
 * Conventions, kept from SQLite so rows copy across unchanged: ids are text (uuids), timestamps bigint epoch
 * milliseconds, JSON is jsonb, vectors are bytea of little-endian float32. Text that lists sort or compare is
 * COLLATE "C" (code point order, SQLite's BINARY), so pages and cursors order alike whatever the database's
 * default collation. Case-insensitive uniqueness (SQLite's COLLATE NOCASE on users) is a unique index on
 * lower(); lookups by email or username compare lower() too.
 *
 * `documents.seq` and `document_chunks.seq` are identities that are never reused: the first breaks ties in list
 * order (SQLite's rowid), the second keys chunk vectors (8 bytes instead of a 36-character uuid).
 */
export const coreSchema: PgMigration = {
  version: 1,
  name: 'core-schema',
  up: /* sql */ `
CREATE TABLE users (
  id text COLLATE "C" PRIMARY KEY,
  email text NOT NULL,
  username text NOT NULL,
  display_name text NOT NULL,
  password_hash text,
  -- Superseded by access_role (SQLite 007); kept in step by the account repository.
  role text NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'user')),
  access_role text NOT NULL DEFAULT 'editor' CHECK (access_role IN ('admin', 'editor', 'viewer')),
  -- An OpenID Connect identity, 'issuer|subject'.
  external_id text,
  preferences jsonb NOT NULL DEFAULT '{}',
  is_active boolean NOT NULL DEFAULT true,
  last_login_at bigint,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE UNIQUE INDEX users_email_uq ON users (lower(email));
CREATE UNIQUE INDEX users_username_uq ON users (lower(username));
CREATE UNIQUE INDEX users_external_id_uq ON users (external_id) WHERE external_id IS NOT NULL;

CREATE TABLE collections (
  id text COLLATE "C" PRIMARY KEY,
  owner_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text COLLATE "C" NOT NULL,
  description text,
  -- Chunking and retrieval settings, validated by core.
  settings jsonb NOT NULL DEFAULT '{}',
  embedding_model text,
  embedding_dim integer CHECK (embedding_dim IS NULL OR embedding_dim > 0),
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  UNIQUE (owner_id, name)
);

CREATE TABLE folders (
  id text COLLATE "C" PRIMARY KEY,
  owner_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  collection_id text COLLATE "C" REFERENCES collections (id) ON DELETE CASCADE,
  parent_id text COLLATE "C" REFERENCES folders (id) ON DELETE CASCADE,
  name text COLLATE "C" NOT NULL CHECK (length(name) > 0),
  -- Materialised '/a/b' path: a subtree is a prefix, listing in path order needs no recursion.
  path text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
-- Sibling names are unique, at the root too (where parent_id is NULL, which a plain UNIQUE treats as distinct).
CREATE UNIQUE INDEX folders_sibling_name_uq
  ON folders (owner_id, coalesce(collection_id, ''), coalesce(parent_id, ''), name);
CREATE INDEX folders_parent_idx ON folders (parent_id);
CREATE INDEX folders_owner_path_idx ON folders (owner_id, path);
CREATE INDEX folders_collection_idx ON folders (collection_id);

CREATE TABLE sources (
  id text COLLATE "C" PRIMARY KEY,
  owner_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  collection_id text COLLATE "C" NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  -- Absolute directory on the (shared) file system.
  path text COLLATE "C" NOT NULL CHECK (length(path) > 0),
  last_scan_at bigint,
  last_scan jsonb,
  created_at bigint NOT NULL,
  UNIQUE (collection_id, path)
);
CREATE INDEX sources_owner_idx ON sources (owner_id);

CREATE TABLE blobs (
  sha256 text COLLATE "C" PRIMARY KEY CHECK (length(sha256) = 64),
  size bigint NOT NULL CHECK (size >= 0),
  -- A row stays at 0 references rather than being deleted: documents point at it by foreign key.
  ref_count integer NOT NULL DEFAULT 0 CHECK (ref_count >= 0),
  created_at bigint NOT NULL
);

CREATE TABLE documents (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id text COLLATE "C" PRIMARY KEY,
  owner_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Core deletes documents explicitly (their vectors and blob references live elsewhere): a deleted collection
  -- or folder merely unlinks them.
  collection_id text COLLATE "C" REFERENCES collections (id) ON DELETE SET NULL,
  folder_id text COLLATE "C" REFERENCES folders (id) ON DELETE SET NULL,
  -- Attachments and archive members go with their container.
  parent_document_id text COLLATE "C" REFERENCES documents (id) ON DELETE CASCADE,
  source_id text COLLATE "C" REFERENCES sources (id) ON DELETE SET NULL,
  -- Path inside the parent archive, or relative to the directory source.
  source_path text COLLATE "C",
  source_mtime_ms bigint,
  filename text COLLATE "C" NOT NULL,
  original_filename text NOT NULL,
  content_type text COLLATE "C" NOT NULL,
  category text NOT NULL DEFAULT 'document' CHECK (category IN ('document', 'image', 'audio', 'archive')),
  size bigint NOT NULL CHECK (size >= 0),
  sha256 text COLLATE "C" NOT NULL REFERENCES blobs (sha256) ON DELETE RESTRICT,
  status text COLLATE "C" NOT NULL DEFAULT 'uploaded'
    CHECK (status IN ('uploaded', 'queued', 'processing', 'processed', 'failed')),
  stage text,
  progress double precision NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
  error_code text,
  error_message text,
  metadata jsonb NOT NULL DEFAULT '{}',
  tags jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tags) = 'array'),
  title text COLLATE "C",
  language text COLLATE "C",
  chunk_count integer NOT NULL DEFAULT 0 CHECK (chunk_count >= 0),
  processing_ms bigint,
  task_id text,
  uploaded_at bigint NOT NULL,
  processed_at bigint,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX documents_owner_status_idx ON documents (owner_id, status);
CREATE INDEX documents_collection_idx ON documents (collection_id);
CREATE INDEX documents_folder_idx ON documents (folder_id);
CREATE INDEX documents_sha256_idx ON documents (sha256);
CREATE INDEX documents_parent_idx ON documents (parent_document_id);
CREATE INDEX documents_source_idx ON documents (source_id);
CREATE INDEX documents_language_idx ON documents (language);
-- Re-expanding an archive finds the member it already created; one document per file of a directory source.
CREATE UNIQUE INDEX documents_child_source_path_uq ON documents (parent_document_id, source_path)
  WHERE parent_document_id IS NOT NULL;
CREATE UNIQUE INDEX documents_source_path_uq ON documents (source_id, source_path) WHERE source_id IS NOT NULL;
-- One index per sort key of the document list, ending in seq (the tie-breaker), so a page walks the index from
-- the cursor and stops (SQLite 008). The name expression must stay exactly NAME_KEY_SQL (pg-document-order.ts).
CREATE INDEX documents_uploaded_at_idx ON documents (uploaded_at, seq);
CREATE INDEX documents_name_idx
  ON documents ((lower(substr(coalesce(nullif(trim(title), ''), filename), 1, 120))), seq);
CREATE INDEX documents_size_idx ON documents (size, seq);
CREATE INDEX documents_status_idx ON documents (status, seq);
CREATE INDEX documents_content_type_idx ON documents (content_type, seq);
CREATE INDEX documents_chunk_count_idx ON documents (chunk_count, seq);
-- NULLS FIRST: the order SQLite gives (NULL is the lowest key), walkable both ways.
CREATE INDEX documents_processed_at_idx ON documents (processed_at NULLS FIRST, seq);

CREATE TABLE document_texts (
  document_id text COLLATE "C" PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  text text NOT NULL,
  blocks jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(blocks) = 'array'),
  pages jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(pages) = 'array'),
  extractor_name text NOT NULL,
  extractor_version text NOT NULL,
  created_at bigint NOT NULL
);

CREATE TABLE document_chunks (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  document_id text COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  chunk_index integer NOT NULL CHECK (chunk_index >= 0),
  content text NOT NULL,
  start_char integer,
  end_char integer,
  page_from integer,
  page_to integer,
  heading_path jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(heading_path) = 'array'),
  -- Position in audio or video transcripts.
  time_start_ms bigint,
  time_end_ms bigint,
  token_count integer NOT NULL DEFAULT 0 CHECK (token_count >= 0),
  -- OCR or transcription confidence, when the extractor reports one.
  confidence double precision CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
  -- Where the text came from when outside the main flow (footer, footnote, comment …); NULL is body text.
  origin text CHECK (origin IS NULL OR length(origin) BETWEEN 1 AND 32),
  -- Lets re-processing reuse embeddings of unchanged chunks.
  content_sha256 text NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at bigint NOT NULL,
  UNIQUE (document_id, chunk_index)
);
CREATE INDEX document_chunks_content_sha256_idx ON document_chunks (content_sha256);

-- A space is one embedding model; a model change fills a new space, then drops the old one (blue/green).
CREATE TABLE vector_spaces (
  id text COLLATE "C" PRIMARY KEY CHECK (length(id) > 0),
  dimensions integer NOT NULL CHECK (dimensions > 0),
  -- Counts changes to the space's vectors (an index built at another version is stale) and the vectors.
  version bigint NOT NULL DEFAULT 0 CHECK (version >= 0),
  vector_count bigint NOT NULL DEFAULT 0 CHECK (vector_count >= 0),
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);

-- L2-normalised little-endian float32, so a dot product is the cosine similarity.
CREATE TABLE chunk_vectors (
  space text COLLATE "C" NOT NULL REFERENCES vector_spaces (id) ON DELETE CASCADE,
  chunk_seq bigint NOT NULL REFERENCES document_chunks (seq) ON DELETE CASCADE,
  vector bytea NOT NULL,
  PRIMARY KEY (space, chunk_seq)
);
CREATE INDEX chunk_vectors_chunk_idx ON chunk_vectors (chunk_seq);

-- vector_spaces.version and vector_count follow every insert, update and delete of chunk_vectors (cascades
-- included), so no write path can forget them. Statement-level triggers with transition tables touch each
-- space row once per statement instead of once per vector: saving a document's 500 chunks is one update.
-- Versions move as SQLite 003's row triggers move them: +1 per vector inserted, deleted or replaced in place,
-- and a vector moved to another space counts in both. The function pins the schema it was created in, so it
-- finds vector_spaces whatever the writer's search_path.
CREATE FUNCTION chunk_vectors_count() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE vector_spaces s SET version = s.version + n.n, vector_count = s.vector_count + n.n
      FROM (SELECT space, count(*) AS n FROM new_rows GROUP BY space) n WHERE s.id = n.space;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE vector_spaces s SET version = s.version + o.n, vector_count = s.vector_count - o.n
      FROM (SELECT space, count(*) AS n FROM old_rows GROUP BY space) o WHERE s.id = o.space;
  ELSE
    -- Old and new rows cannot be paired here; per space, the larger side is the number of vectors touched.
    UPDATE vector_spaces s SET version = s.version + greatest(c.n_new, c.n_old),
        vector_count = s.vector_count + c.n_new - c.n_old
      FROM (
        SELECT space, count(*) FILTER (WHERE side = 1) AS n_new, count(*) FILTER (WHERE side = 0) AS n_old
        FROM (SELECT space, 1 AS side FROM new_rows UNION ALL SELECT space, 0 FROM old_rows) AS r GROUP BY space
      ) c
      WHERE s.id = c.space;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER chunk_vectors_count_insert AFTER INSERT ON chunk_vectors
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chunk_vectors_count();
CREATE TRIGGER chunk_vectors_count_update AFTER UPDATE ON chunk_vectors
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chunk_vectors_count();
CREATE TRIGGER chunk_vectors_count_delete AFTER DELETE ON chunk_vectors
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chunk_vectors_count();

CREATE TABLE search_queries (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id text COLLATE "C" PRIMARY KEY,
  -- What someone searched for is theirs: it goes with the account.
  user_id text COLLATE "C" REFERENCES users (id) ON DELETE CASCADE,
  query text COLLATE "C" NOT NULL,
  mode text NOT NULL,
  filters jsonb NOT NULL DEFAULT '{}',
  results_count integer NOT NULL DEFAULT 0 CHECK (results_count >= 0),
  latency_ms integer NOT NULL DEFAULT 0 CHECK (latency_ms >= 0),
  created_at bigint NOT NULL
);
CREATE INDEX search_queries_created_at_idx ON search_queries (created_at);
CREATE INDEX search_queries_user_idx ON search_queries (user_id, created_at);

-- Small process-wide state as JSON (the serving vector space, space profiles, the swap check …).
CREATE TABLE settings (
  key text COLLATE "C" PRIMARY KEY CHECK (length(key) > 0),
  value jsonb NOT NULL,
  updated_at bigint NOT NULL
);

-- One row, rewritten by readiness checks to prove the database accepts writes.
CREATE TABLE health_checks (
  id integer PRIMARY KEY CHECK (id = 1),
  checked_at bigint NOT NULL
);
`,
};
