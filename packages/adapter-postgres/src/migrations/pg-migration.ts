import type { PgClient } from '../pg-database.js';

/** One forward-only schema step, applied in its own transaction. */
export interface PgMigration {
  version: number;
  name: string;
  /** SQL run as one multi-statement query, or a function for steps that need JavaScript. */
  up: string | ((client: PgClient) => Promise<void>);
}
