import {
  decodeDocumentCursor,
  defaultSortOrder,
  type DocumentFilter,
  type DocumentSort,
  type SortOrder,
} from '@sift/core';

export type { SortValue } from '@sift/core';

/** How one sort reads its key; the list query selects it as `sort_key`, which the next cursor carries. */
interface SortKey {
  sql: string;
  /** What a cursor's key must be; `nullable` keys may also be null. */
  type: 'number' | 'string';
  nullable: boolean;
}

/**
 * The displayed name: the title unless blank, else the filename, lower-cased (ASCII only, SQLite's lower()).
 * Only its first 120 characters count, which keeps every cursor within the API's 1000 characters whatever the
 * title (some PDFs carry kilobytes of one). The expression must stay exactly the one of `documents_name_idx`
 * (migration 008), or SQLite sorts the whole table for every page.
 */
export const NAME_KEY_SQL = "lower(substr(coalesce(nullif(trim(title), ''), filename), 1, 120))";

const SORT_KEYS: Record<DocumentSort, SortKey> = {
  uploaded_at: { sql: 'uploaded_at', type: 'number', nullable: false },
  name: { sql: NAME_KEY_SQL, type: 'string', nullable: false },
  size: { sql: 'size', type: 'number', nullable: false },
  status: { sql: 'status', type: 'string', nullable: false },
  type: { sql: 'content_type', type: 'string', nullable: false },
  chunk_count: { sql: 'chunk_count', type: 'number', nullable: false },
  processed_at: { sql: 'processed_at', type: 'number', nullable: true },
};

/** The sort's key as a select-list expression, named `sort_key`. */
export function sortKeySql(sort: DocumentSort): string {
  return `${SORT_KEYS[sort].sql} AS sort_key`;
}

/** The sort and order a filter asks for, defaults applied. */
export function listOrder(filter: Pick<DocumentFilter, 'sort' | 'order'>): {
  sort: DocumentSort;
  order: SortOrder;
} {
  const sort = filter.sort ?? 'uploaded_at';
  return { sort, order: filter.order ?? defaultSortOrder(sort) };
}

/**
 * ORDER BY of a listing: the key, then the rowid in the same direction (unique, and part of every index, so
 * the index on the key alone gives the whole order). SQLite sorts NULL lowest: last descending, first ascending.
 */
export function orderBySql(sort: DocumentSort, order: SortOrder): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  return `${SORT_KEYS[sort].sql} ${dir}, documents.rowid ${dir}`;
}

/** The condition "comes after the row the cursor was made at" in this order (keyset paging). */
export function afterCursorSql(
  sort: DocumentSort,
  order: SortOrder,
  cursor: string,
): { sql: string; params: unknown[] } {
  const { key, seq } = decodeDocumentCursor(cursor, sort, order, legacyCursor);
  const k = SORT_KEYS[sort].sql;
  if (key === null) {
    // Within the NULLs, which come first ascending (then every non-null key) and last descending.
    return order === 'asc'
      ? { sql: `((${k} IS NULL AND documents.rowid > ?) OR ${k} IS NOT NULL)`, params: [seq] }
      : { sql: `(${k} IS NULL AND documents.rowid < ?)`, params: [seq] };
  }
  const [beyond, reached] = order === 'asc' ? ['>', '>='] : ['<', '<='];
  // The row value is the condition; the plain bound on the key alone lets SQLite seek the key's index to the
  // cursor (it seeks on no row value over an expression) instead of scanning every earlier page again.
  const after = `(${k} ${reached} ? AND (${k}, documents.rowid) ${beyond} (?, ?))`;
  // A NULL key makes the comparison NULL (not after); descending, the NULLs still to come are added back.
  return SORT_KEYS[sort].nullable && order === 'desc'
    ? { sql: `(${after} OR ${k} IS NULL)`, params: [key, key, seq] }
    : { sql: after, params: [key, key, seq] };
}

export { encodeDocumentCursor } from '@sift/core';

// Cursors of the release before sorting: `<uploaded_at>:<rowid>`, newest first.
function legacyCursor(text: string): unknown[] | null {
  const legacy = /^(\d{1,16}):(\d{1,16})$/.exec(text);
  return legacy ? ['uploaded_at', 'desc', Number(legacy[1]), Number(legacy[2])] : null;
}
