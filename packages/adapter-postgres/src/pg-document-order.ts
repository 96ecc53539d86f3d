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
 * The displayed name: the title unless blank, else the filename, lower-cased, its first 120 characters only
 * (which keeps every cursor within the API's 1000 characters whatever the title). Compared in code point order
 * (the columns are COLLATE "C"). The expression must stay exactly the one of `documents_name_idx` (migration
 * 001), or PostgreSQL sorts every matching row for every page.
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
 * ORDER BY of a listing: the key, then `seq` in the same direction (unique, and the last column of every sort
 * index, so one index gives the whole order). NULL is the lowest key, as in SQLite: first ascending, last
 * descending — PostgreSQL's default is the opposite, so the nullable key says so (and its index is NULLS FIRST).
 */
export function orderBySql(sort: DocumentSort, order: SortOrder): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const nulls = SORT_KEYS[sort].nullable ? (order === 'asc' ? ' NULLS FIRST' : ' NULLS LAST') : '';
  return `${SORT_KEYS[sort].sql} ${dir}${nulls}, documents.seq ${dir}`;
}

/**
 * The condition "comes after the row the cursor was made at" in this order (keyset paging), its parameters
 * numbered from `$${first}`.
 */
export function afterCursorSql(
  sort: DocumentSort,
  order: SortOrder,
  cursor: string,
  first: number,
): { sql: string; params: unknown[] } {
  const { key, seq } = decodeDocumentCursor(cursor, sort, order);
  const k = SORT_KEYS[sort].sql;
  const p = (i: number) => `$${first + i}`;
  if (key === null) {
    // Within the NULLs, which come first ascending (then every non-null key) and last descending.
    return order === 'asc'
      ? { sql: `((${k} IS NULL AND documents.seq > ${p(0)}) OR ${k} IS NOT NULL)`, params: [seq] }
      : { sql: `(${k} IS NULL AND documents.seq < ${p(0)})`, params: [seq] };
  }
  const [beyond, reached] = order === 'asc' ? ['>', '>='] : ['<', '<='];
  // The row comparison is the condition; the plain bound on the key lets the planner start the index scan at
  // the cursor even where it does not match a row comparison to the index.
  const after = `(${k} ${reached} ${p(0)} AND (${k}, documents.seq) ${beyond} (${p(0)}, ${p(1)}))`;
  // A NULL key makes the comparison NULL (not after); descending, the NULLs still to come are added back.
  return SORT_KEYS[sort].nullable && order === 'desc'
    ? { sql: `(${after} OR ${k} IS NULL)`, params: [key, seq] }
    : { sql: after, params: [key, seq] };
}

export { encodeDocumentCursor } from '@sift/core';
