/**
 * One forward-only schema step. Versions start at 1 and increase by one; a released migration is never
 * edited, a fix is a new migration.
 */
export interface SqliteMigration {
  version: number;
  name: string;
  /** SQL run inside one transaction together with recording the version. */
  up: string;
}
