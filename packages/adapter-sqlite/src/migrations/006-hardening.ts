import type { SqliteMigration } from './sqlite-migration.js';

/**
 * Hardening after crash and abuse testing:
 * - `tasks.interruptions`: attempts that stalled or killed their worker (lease expired, extraction timeout
 *   or crash), counted apart from attempts so that a poison pill stops after two instead of looping.
 */
export const hardening: SqliteMigration = {
  version: 6,
  name: 'hardening',
  up: /* sql */ `
ALTER TABLE tasks ADD COLUMN interruptions INTEGER NOT NULL DEFAULT 0 CHECK (interruptions >= 0);
`,
};
