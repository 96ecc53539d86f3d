import type { SqliteMigration } from './sqlite-migration.js';

/**
 * What search needs beyond the indexes:
 * - `settings`: small process-wide state as JSON, such as the vector space that serves searches (blue/green:
 *   it changes only when a new space is complete).
 * - `embedding_cache`: vectors by content key (sha256 of model, dimension, kind and text) so re-ingesting or
 *   re-embedding unchanged text costs a lookup. `used_at` lets the oldest entries go when the cache is capped.
 */
export const searchState: SqliteMigration = {
  version: 4,
  name: 'search-state',
  up: /* sql */ `
CREATE TABLE settings (
  key TEXT PRIMARY KEY CHECK (length(key) > 0),
  value TEXT NOT NULL CHECK (json_valid(value)),
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE embedding_cache (
  key TEXT PRIMARY KEY,
  vector BLOB NOT NULL,
  used_at INTEGER NOT NULL
) STRICT;
CREATE INDEX embedding_cache_used_idx ON embedding_cache (used_at);
`,
};
