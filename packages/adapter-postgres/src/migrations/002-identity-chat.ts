import type { PgMigration } from './pg-migration.js';

/**
 * Identity, chat and the embedding cache: what the SQLite adapter holds after its migrations 001 (api_keys,
 * audit_logs), 004 (embedding_cache), 005 (chat) and 007 (groups, shares, refresh tokens, the later columns of
 * api_keys and audit_logs), in their final shape. Conventions of migration 001: text ids COLLATE "C", bigint
 * epoch ms, jsonb.
 *
 * - `users.seq`: the insertion order SQLite's rowid gives the account list and its cursors.
 * - `collection_shares` names a user or a group, so no foreign key can follow the principal; triggers delete
 *   the shares of a deleted user or group, as in SQLite. Their functions pin the schema they were created in
 *   (`SET search_path FROM CURRENT`), so they find the table whatever the deleting session's search_path.
 * - `audit_logs.seq` and `chat_messages.seq`: insertion order (SQLite's rowid and AUTOINCREMENT), the order of
 *   the trail and of a conversation, and the key of audit cursors.
 * - `embedding_cache.seq` breaks ties of `used_at` (one batch shares a millisecond) by insertion, so eviction
 *   drops the least recently used in the order SQLite's rowid does.
 */
export const identityChat: PgMigration = {
  version: 2,
  name: 'identity-chat',
  up: /* sql */ `
ALTER TABLE users ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE;

CREATE TABLE groups (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL CHECK (length(name) > 0),
  created_at bigint NOT NULL
);
-- Names are unique case-insensitively (SQLite: COLLATE NOCASE).
CREATE UNIQUE INDEX groups_name_uq ON groups (lower(name));

CREATE TABLE group_members (
  group_id text COLLATE "C" NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user_idx ON group_members (user_id);

CREATE TABLE collection_shares (
  collection_id text COLLATE "C" NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  principal_type text COLLATE "C" NOT NULL CHECK (principal_type IN ('user', 'group')),
  principal_id text COLLATE "C" NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'editor')),
  created_at bigint NOT NULL,
  PRIMARY KEY (collection_id, principal_type, principal_id)
);
CREATE INDEX collection_shares_principal_idx ON collection_shares (principal_type, principal_id);

CREATE FUNCTION users_delete_shares() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  DELETE FROM collection_shares WHERE principal_type = 'user' AND principal_id = OLD.id;
  RETURN NULL;
END $$;
CREATE TRIGGER users_delete_shares AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION users_delete_shares();

CREATE FUNCTION groups_delete_shares() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  DELETE FROM collection_shares WHERE principal_type = 'group' AND principal_id = OLD.id;
  RETURN NULL;
END $$;
CREATE TRIGGER groups_delete_shares AFTER DELETE ON groups FOR EACH ROW EXECUTE FUNCTION groups_delete_shares();

CREATE TABLE api_keys (
  id text COLLATE "C" PRIMARY KEY,
  user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  key_hash text COLLATE "C" NOT NULL UNIQUE,
  -- The first characters of the key, shown in lists so a user can tell keys apart without the secret.
  prefix text NOT NULL,
  permissions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(permissions) = 'array'),
  -- Restriction to these collections (no foreign key: a deleted collection simply matches nothing).
  collection_ids jsonb CHECK (collection_ids IS NULL OR jsonb_typeof(collection_ids) = 'array'),
  rate_limit integer CHECK (rate_limit IS NULL OR rate_limit > 0),
  last_used_at bigint,
  last_used_ip text,
  expires_at bigint,
  revoked_at bigint,
  is_active boolean NOT NULL DEFAULT true,
  created_at bigint NOT NULL
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at, id);

-- Hashes only; the tokens of one sign-in share a family, revoked together on reuse.
CREATE TABLE refresh_tokens (
  id text COLLATE "C" PRIMARY KEY,
  user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id text COLLATE "C" NOT NULL,
  token_hash text COLLATE "C" NOT NULL UNIQUE,
  expires_at bigint NOT NULL,
  rotated_at bigint,
  revoked_at bigint,
  created_at bigint NOT NULL
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE audit_logs (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id text COLLATE "C" PRIMARY KEY,
  -- The trail outlives the account that acted.
  user_id text COLLATE "C" REFERENCES users (id) ON DELETE SET NULL,
  api_key_id text COLLATE "C",
  entity_type text COLLATE "C" NOT NULL,
  -- '' when the action concerns no single entity (SQLite keeps the column NOT NULL too).
  entity_id text COLLATE "C" NOT NULL,
  action text COLLATE "C" NOT NULL,
  old_values jsonb,
  new_values jsonb,
  outcome text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'failure')),
  ip_address text,
  user_agent text,
  request_id text,
  created_at bigint NOT NULL
);
CREATE INDEX audit_logs_entity_idx ON audit_logs (entity_type, entity_id, created_at);
CREATE INDEX audit_logs_user_idx ON audit_logs (user_id, created_at);
CREATE INDEX audit_logs_created_idx ON audit_logs (created_at);
CREATE INDEX audit_logs_action_idx ON audit_logs (action, created_at);

CREATE TABLE chat_sessions (
  id text COLLATE "C" PRIMARY KEY,
  owner_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title text NOT NULL,
  scope jsonb NOT NULL DEFAULT '{}',
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX chat_sessions_owner_idx ON chat_sessions (owner_id, updated_at);

CREATE TABLE chat_messages (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  session_id text COLLATE "C" NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('user', 'assistant')),
  content text NOT NULL,
  citations jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(citations) = 'array'),
  mode text CHECK (mode IS NULL OR mode IN ('llm', 'extractive', 'not_found')),
  model text,
  prompt_tokens integer CHECK (prompt_tokens IS NULL OR prompt_tokens >= 0),
  completion_tokens integer CHECK (completion_tokens IS NULL OR completion_tokens >= 0),
  timings jsonb,
  created_at bigint NOT NULL
);
CREATE INDEX chat_messages_session_idx ON chat_messages (session_id, seq);

-- Vectors by content key (sha256 of model, dimension, kind and text), raw little-endian float32 bytes.
CREATE TABLE embedding_cache (
  key text COLLATE "C" PRIMARY KEY,
  vector bytea NOT NULL,
  used_at bigint NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX embedding_cache_used_idx ON embedding_cache (used_at, seq);
`,
};
