import type { SqliteMigration } from './sqlite-migration.js';

/**
 * Accounts, groups, sharing, API keys, sessions and the audit trail:
 * - `users.access_role` (admin | editor | viewer) supersedes `users.role` (admin | user), which SQLite cannot
 *   re-check without rebuilding a table that half the schema references; the adapter keeps both in step.
 *   `external_id` links an OpenID Connect identity (`issuer|subject`).
 * - `groups`, `group_members`, `collection_shares` (user or group → viewer | editor). A share goes with its
 *   collection (foreign key) and with its user or group (triggers: the principal is one of two tables).
 * - `api_keys` gains a collection restriction, the last caller's address and a revocation time.
 * - `refresh_tokens`: hashes only; tokens of one sign-in share a family, revoked together on reuse.
 * - `audit_logs` gains the acting key, the outcome and the request id.
 */
export const identity: SqliteMigration = {
  version: 7,
  name: 'identity',
  up: /* sql */ `
ALTER TABLE users ADD COLUMN access_role TEXT NOT NULL DEFAULT 'editor'
  CHECK (access_role IN ('admin', 'editor', 'viewer'));
UPDATE users SET access_role = CASE role WHEN 'admin' THEN 'admin' ELSE 'editor' END;
ALTER TABLE users ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX users_external_id_uq ON users (external_id) WHERE external_id IS NOT NULL;

CREATE TABLE groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) > 0),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
) STRICT;
CREATE INDEX group_members_user_idx ON group_members (user_id);

CREATE TABLE collection_shares (
  collection_id TEXT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'group')),
  principal_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'editor')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (collection_id, principal_type, principal_id)
) STRICT;
CREATE INDEX collection_shares_principal_idx ON collection_shares (principal_type, principal_id);
CREATE TRIGGER users_delete_shares AFTER DELETE ON users BEGIN
  DELETE FROM collection_shares WHERE principal_type = 'user' AND principal_id = old.id;
END;
CREATE TRIGGER groups_delete_shares AFTER DELETE ON groups BEGIN
  DELETE FROM collection_shares WHERE principal_type = 'group' AND principal_id = old.id;
END;

ALTER TABLE api_keys ADD COLUMN collection_ids TEXT
  CHECK (collection_ids IS NULL OR (json_valid(collection_ids) AND json_type(collection_ids) = 'array'));
ALTER TABLE api_keys ADD COLUMN last_used_ip TEXT;
ALTER TABLE api_keys ADD COLUMN revoked_at INTEGER;

CREATE TABLE refresh_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  expires_at INTEGER NOT NULL,
  rotated_at INTEGER,
  revoked_at INTEGER,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

ALTER TABLE audit_logs ADD COLUMN api_key_id TEXT;
ALTER TABLE audit_logs ADD COLUMN outcome TEXT NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'failure'));
ALTER TABLE audit_logs ADD COLUMN request_id TEXT;
CREATE INDEX audit_logs_created_idx ON audit_logs (created_at);
CREATE INDEX audit_logs_action_idx ON audit_logs (action, created_at);
`,
};
