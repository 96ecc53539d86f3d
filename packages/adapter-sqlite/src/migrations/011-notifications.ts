import type { SqliteMigration } from './sqlite-migration.js';

/**
 * In-app notifications, webhooks and their delivery log.
 *
 * - `notifications (user_id, key)` is unique: storing the same draft twice (an event handled again) or a
 *   success of an aggregation window adds to the one notification; `notification_items` counts each
 *   occurrence once.
 * - `webhooks.secret` is kept as given: it signs every delivery, so it cannot be hashed like an API key.
 * - `webhook_deliveries (webhook_id, event_key)` is unique: one delivery per event and webhook however many
 *   processes handle the event; `attempts` is the log of every POST (time, status code, latency, error).
 */
export const notifications: SqliteMigration = {
  version: 11,
  name: 'notifications',
  up: /* sql */ `
CREATE TABLE notifications (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT,
  link TEXT,
  read_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (user_id, key)
) STRICT;
CREATE INDEX notifications_user_idx ON notifications (user_id, updated_at, seq);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE notification_items (
  notification_seq INTEGER NOT NULL REFERENCES notifications (seq) ON DELETE CASCADE,
  item TEXT NOT NULL,
  PRIMARY KEY (notification_seq, item)
) STRICT;

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  description TEXT,
  events TEXT NOT NULL CHECK (json_valid(events) AND json_type(events) = 'array'),
  secret TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX webhooks_owner_idx ON webhooks (owner_id, created_at);

CREATE TABLE webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_key TEXT NOT NULL,
  event_type TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed', 'dead')),
  attempts TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attempts) AND json_type(attempts) = 'array'),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (webhook_id, event_key)
) STRICT;
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, seq);
`,
};
