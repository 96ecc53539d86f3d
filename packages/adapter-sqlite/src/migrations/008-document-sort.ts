import type { SqliteMigration } from './sqlite-migration.js';

/**
 * The document list sorts by every column the library shows. An index per sort key lets a page walk the index
 * from the cursor and stop after one page, instead of sorting every matching row for every page (tens to
 * hundreds of ms per page at 100,000 documents). Each index ends in the rowid, the tie-breaker of the order.
 * The name expression must stay exactly NAME_KEY_SQL (sqlite-document-order.ts), or the planner ignores it.
 */
export const documentSort: SqliteMigration = {
  version: 8,
  name: 'document-sort',
  up: /* sql */ `
CREATE INDEX documents_name_idx ON documents (lower(substr(coalesce(nullif(trim(title), ''), filename), 1, 120)));
CREATE INDEX documents_size_idx ON documents (size);
CREATE INDEX documents_status_idx ON documents (status);
CREATE INDEX documents_content_type_idx ON documents (content_type);
CREATE INDEX documents_chunk_count_idx ON documents (chunk_count);
CREATE INDEX documents_processed_at_idx ON documents (processed_at);
`,
};
