import type { PgMigration } from './pg-migration.js';

/**
 * Usage analytics, as SQLite's migration 012: one row per upload, processed or failed document and question,
 * kept after what it describes is gone (pruned after a fixed retention, ANALYTICS_RETENTION_DAYS).
 * `dedupe_key` names the happening: every API and worker process hears each Redis pub/sub event, each may
 * write it, and `ON CONFLICT (dedupe_key) DO NOTHING` keeps the first. No content is stored; a deleted
 * account's events stay as anyone's (user_id set null).
 */
export const analytics: PgMigration = {
  version: 6,
  name: 'analytics',
  up: /* sql */ `
CREATE TABLE analytics_events (
  id text COLLATE "C" PRIMARY KEY,
  dedupe_key text COLLATE "C" NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('upload', 'document.processed', 'document.failed', 'question')),
  occurred_at bigint NOT NULL,
  user_id text COLLATE "C" REFERENCES users (id) ON DELETE SET NULL,
  document_id text COLLATE "C",
  type_family text,
  extract_ms integer CHECK (extract_ms >= 0),
  chunk_ms integer CHECK (chunk_ms >= 0),
  embed_ms integer CHECK (embed_ms >= 0),
  index_ms integer CHECK (index_ms >= 0),
  duration_ms integer CHECK (duration_ms >= 0),
  found boolean,
  error_code text
);
CREATE INDEX analytics_events_kind_time_idx ON analytics_events (kind, occurred_at);
CREATE INDEX analytics_events_user_idx ON analytics_events (user_id, kind, occurred_at);
CREATE INDEX analytics_events_time_idx ON analytics_events (occurred_at);
`,
};
