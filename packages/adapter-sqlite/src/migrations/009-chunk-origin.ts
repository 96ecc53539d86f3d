import type { SqliteMigration } from './sqlite-migration.js';

/**
 * Chunks say where their text came from when it is outside the main flow of the document (a page footer, a
 * footnote, a review comment, a chart…), so a search hit or a citation can show "footer" next to the page.
 * Null is body text — every chunk written before this migration.
 */
export const chunkOrigin: SqliteMigration = {
  version: 9,
  name: 'chunk-origin',
  up: /* sql */ `
ALTER TABLE document_chunks ADD COLUMN origin TEXT CHECK (origin IS NULL OR length(origin) BETWEEN 1 AND 32);
`,
};
