/**
 * What a document listing can be ordered by. Every order breaks ties by insertion order, so paging with a
 * cursor never skips or repeats a document whose key equals its neighbour's.
 * - `uploaded_at`, `processed_at`: timestamps; a document not processed yet has no `processed_at` and sorts
 *   as the lowest value (last when descending, first when ascending).
 * - `name`: the title (unless blank), else the filename, compared case-insensitively (ASCII case folding) on
 *   its first 120 characters, so that a cursor stays short whatever the title.
 * - `size`: bytes; `chunk_count`: chunks of the processed text.
 * - `status`: the status name, alphabetically; `type`: the content type, alphabetically.
 */
export const DOCUMENT_SORTS = [
  'uploaded_at',
  'name',
  'size',
  'status',
  'type',
  'chunk_count',
  'processed_at',
] as const;

export type DocumentSort = (typeof DOCUMENT_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** The order a sort takes when none is given: newest or biggest first, names and labels A to Z. */
export function defaultSortOrder(sort: DocumentSort): SortOrder {
  return sort === 'name' || sort === 'status' || sort === 'type' ? 'asc' : 'desc';
}
