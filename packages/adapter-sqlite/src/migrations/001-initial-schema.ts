import type { SqliteMigration } from './sqlite-migration.js';

/**
 * The first schema. Conventions: ids are TEXT uuids, timestamps INTEGER epoch milliseconds, JSON is TEXT
 * checked with json_valid, booleans are 0/1. Tables are STRICT so a wrongly typed value fails loudly instead
 * of being stored as whatever SQLite's type affinity makes of it.
 */
export const initialSchema: SqliteMigration = {
  version: 1,
  name: 'initial-schema',
  up: /* sql */ `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL COLLATE NOCASE UNIQUE,
  username TEXT NOT NULL COLLATE NOCASE UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT,
  role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'user')),
  preferences TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(preferences)),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  last_login_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  -- The first characters of the key, shown in lists so a user can tell keys apart without the secret.
  prefix TEXT NOT NULL,
  permissions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(permissions) AND json_type(permissions) = 'array'),
  rate_limit INTEGER CHECK (rate_limit IS NULL OR rate_limit > 0),
  last_used_at INTEGER,
  expires_at INTEGER,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

CREATE TABLE collections (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT,
  -- Chunking and retrieval settings of the collection, validated by core.
  settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
  embedding_model TEXT,
  embedding_dim INTEGER CHECK (embedding_dim IS NULL OR embedding_dim > 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (owner_id, name)
) STRICT;

CREATE TABLE folders (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  collection_id TEXT REFERENCES collections (id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES folders (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) > 0),
  -- Materialised '/a/b' path, so listing a subtree is a prefix scan instead of a recursive query.
  path TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
-- Sibling names are unique. A plain UNIQUE (parent_id, name) would not stop duplicate root folders, because
-- SQLite treats NULLs as distinct; the expressions map "no parent" to one value.
CREATE UNIQUE INDEX folders_sibling_name_uq
  ON folders (owner_id, ifnull(collection_id, ''), ifnull(parent_id, ''), name);
CREATE INDEX folders_parent_idx ON folders (parent_id);
CREATE INDEX folders_owner_path_idx ON folders (owner_id, path);
CREATE INDEX folders_collection_idx ON folders (collection_id);

CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size INTEGER NOT NULL CHECK (size >= 0),
  -- A row stays at 0 references rather than being deleted: documents point at it by foreign key.
  ref_count INTEGER NOT NULL DEFAULT 0 CHECK (ref_count >= 0),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Deleting a collection or folder does not silently delete documents: their vectors and blob references
  -- live outside this table, so core deletes documents explicitly and the link merely falls back to NULL.
  collection_id TEXT REFERENCES collections (id) ON DELETE SET NULL,
  folder_id TEXT REFERENCES folders (id) ON DELETE SET NULL,
  -- Attachments and archive members belong to their container and go with it.
  parent_document_id TEXT REFERENCES documents (id) ON DELETE CASCADE,
  filename TEXT NOT NULL,
  original_filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  sha256 TEXT NOT NULL REFERENCES blobs (sha256) ON DELETE RESTRICT,
  status TEXT NOT NULL DEFAULT 'uploaded'
    CHECK (status IN ('uploaded', 'queued', 'processing', 'processed', 'failed')),
  stage TEXT,
  progress REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
  error_code TEXT,
  error_message TEXT,
  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
  title TEXT,
  language TEXT,
  chunk_count INTEGER NOT NULL DEFAULT 0 CHECK (chunk_count >= 0),
  processing_ms INTEGER,
  -- The task that processes it; no foreign key, tasks are operational records that may be pruned.
  task_id TEXT,
  uploaded_at INTEGER NOT NULL,
  processed_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX documents_owner_status_idx ON documents (owner_id, status);
CREATE INDEX documents_collection_idx ON documents (collection_id);
CREATE INDEX documents_folder_idx ON documents (folder_id);
CREATE INDEX documents_sha256_idx ON documents (sha256);
CREATE INDEX documents_parent_idx ON documents (parent_document_id);
CREATE INDEX documents_uploaded_at_idx ON documents (uploaded_at);

CREATE TABLE document_chunks (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  chunk_index INTEGER NOT NULL CHECK (chunk_index >= 0),
  content TEXT NOT NULL,
  start_char INTEGER,
  end_char INTEGER,
  page_from INTEGER,
  page_to INTEGER,
  heading_path TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(heading_path) AND json_type(heading_path) = 'array'),
  -- Position in audio or video transcripts.
  time_start_ms INTEGER,
  time_end_ms INTEGER,
  token_count INTEGER NOT NULL DEFAULT 0 CHECK (token_count >= 0),
  -- OCR or transcription confidence, when the extractor reports one.
  confidence REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
  -- Lets re-processing reuse embeddings of unchanged chunks.
  content_sha256 TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  created_at INTEGER NOT NULL,
  UNIQUE (document_id, chunk_index)
) STRICT;
CREATE INDEX document_chunks_content_sha256_idx ON document_chunks (content_sha256);

CREATE TABLE tasks (
  -- Insertion order: a stable tie-break for claims and the key of list cursors (AUTOINCREMENT never reuses
  -- a value, so a cursor cannot skip or repeat tasks after deletions).
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  queue TEXT NOT NULL CHECK (queue IN ('high', 'default', 'low', 'maintenance')),
  priority INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'dead', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
  run_after INTEGER NOT NULL,
  lease_until INTEGER,
  worker_id TEXT,
  progress REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
  stage TEXT,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  result TEXT CHECK (result IS NULL OR json_valid(result)),
  error_code TEXT,
  error_message TEXT,
  error_stack TEXT,
  error_retryable INTEGER CHECK (error_retryable IS NULL OR error_retryable IN (0, 1)),
  -- No foreign keys: tasks outlive the users and documents they were about, and the queue must not depend
  -- on metadata rows (a Redis or PostgreSQL queue could not enforce them either).
  owner_id TEXT,
  document_id TEXT,
  unique_key TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER
) STRICT;
-- Idempotent enqueue: one active task per key, while finished ones keep their key for history.
CREATE UNIQUE INDEX tasks_active_unique_key_uq ON tasks (unique_key)
  WHERE unique_key IS NOT NULL AND status IN ('pending', 'running');
-- Serves the claim: equality on status and queue, then the claim order, so the first match ends the scan.
CREATE INDEX tasks_claim_idx ON tasks (status, queue, priority DESC, run_after, seq);
CREATE INDEX tasks_document_idx ON tasks (document_id) WHERE document_id IS NOT NULL;
CREATE INDEX tasks_type_idx ON tasks (type);

CREATE TABLE workers (
  id TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  hostname TEXT NOT NULL,
  queues TEXT NOT NULL CHECK (json_valid(queues) AND json_type(queues) = 'array'),
  started_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT;

CREATE TABLE audit_logs (
  id TEXT PRIMARY KEY,
  -- The trail outlives the account that acted.
  user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL,
  old_values TEXT CHECK (old_values IS NULL OR json_valid(old_values)),
  new_values TEXT CHECK (new_values IS NULL OR json_valid(new_values)),
  ip_address TEXT,
  user_agent TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_logs_entity_idx ON audit_logs (entity_type, entity_id, created_at);
CREATE INDEX audit_logs_user_idx ON audit_logs (user_id, created_at);

CREATE TABLE search_queries (
  id TEXT PRIMARY KEY,
  -- What someone searched for is theirs: it goes with the account.
  user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
  query TEXT NOT NULL,
  mode TEXT NOT NULL,
  filters TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(filters)),
  results_count INTEGER NOT NULL DEFAULT 0 CHECK (results_count >= 0),
  latency_ms INTEGER NOT NULL DEFAULT 0 CHECK (latency_ms >= 0),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX search_queries_created_at_idx ON search_queries (created_at);
CREATE INDEX search_queries_user_idx ON search_queries (user_id, created_at);

-- One row, rewritten by readiness checks to prove the database accepts writes.
CREATE TABLE health_checks (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at INTEGER NOT NULL
) STRICT;
`,
};
