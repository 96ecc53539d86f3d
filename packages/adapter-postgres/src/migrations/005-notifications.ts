import type { PgMigration } from './pg-migration.js';

/**
 * In-app notifications, webhooks and their delivery log: SQLite's migration 011 in this schema's conventions
 * (text ids COLLATE "C", bigint epoch ms, jsonb).
 *
 * - `notifications (user_id, key)` is unique: storing the same draft twice (an event handled again) or a
 *   success of an aggregation window adds to the one notification; `notification_items` counts each
 *   occurrence once. `seq` orders notifications touched in the same millisecond and keys the items.
 * - `webhooks.secret` is kept as given: it signs every delivery, so it cannot be hashed like an API key.
 * - `webhook_deliveries (webhook_id, event_key)` is unique: one delivery per event and webhook however many
 *   processes handle the event; `attempts` is the log of every POST (time, status code, latency, error).
 */
export const notifications: PgMigration = {
  version: 5,
  name: 'notifications',
  up: /* sql */ `
CREATE TABLE notifications (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  title text NOT NULL,
  body text,
  link text,
  read_at bigint,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  UNIQUE (user_id, key)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, updated_at, seq);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE notification_items (
  notification_seq bigint NOT NULL REFERENCES notifications (seq) ON DELETE CASCADE,
  item text COLLATE "C" NOT NULL,
  PRIMARY KEY (notification_seq, item)
);

CREATE TABLE webhooks (
  id text COLLATE "C" PRIMARY KEY,
  owner_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  url text NOT NULL,
  description text,
  events jsonb NOT NULL CHECK (jsonb_typeof(events) = 'array'),
  secret text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX webhooks_owner_idx ON webhooks (owner_id, created_at);

CREATE TABLE webhook_deliveries (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  webhook_id text COLLATE "C" NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_key text COLLATE "C" NOT NULL,
  event_type text COLLATE "C" NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed', 'dead')),
  attempts jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attempts) = 'array'),
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  UNIQUE (webhook_id, event_key)
);
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, seq);
`,
};
