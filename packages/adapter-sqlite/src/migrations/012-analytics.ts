import type { SqliteMigration } from './sqlite-migration.js';

/**
 * Usage analytics: one row per upload, processed or failed document and question, kept after the document or
 * chat it describes is gone (pruned after a fixed retention, see ANALYTICS_RETENTION_DAYS). `dedupe_key`
 * names the happening: every process that hears the same event writes the same key, and the second insert
 * is ignored. No content is stored (no file names, no question text), only who, when, what type and how
 * long; a deleted account's events stay as anyone's (user_id set null), so totals do not change.
 */
export const analytics: SqliteMigration = {
  version: 12,
  name: 'analytics',
  up: /* sql */ `
CREATE TABLE analytics_events (
  id TEXT PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('upload', 'document.processed', 'document.failed', 'question')),
  occurred_at INTEGER NOT NULL,
  user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  document_id TEXT,
  type_family TEXT,
  extract_ms INTEGER CHECK (extract_ms >= 0),
  chunk_ms INTEGER CHECK (chunk_ms >= 0),
  embed_ms INTEGER CHECK (embed_ms >= 0),
  index_ms INTEGER CHECK (index_ms >= 0),
  duration_ms INTEGER CHECK (duration_ms >= 0),
  found INTEGER CHECK (found IN (0, 1)),
  error_code TEXT
) STRICT;
CREATE INDEX analytics_events_kind_time_idx ON analytics_events (kind, occurred_at);
CREATE INDEX analytics_events_user_idx ON analytics_events (user_id, kind, occurred_at);
CREATE INDEX analytics_events_time_idx ON analytics_events (occurred_at);
`,
};
