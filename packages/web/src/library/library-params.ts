import { useCallback, useMemo } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import type { paths } from '@sift/sdk';

export type DocumentsQuery = NonNullable<paths['/api/v1/documents']['get']['parameters']['query']>;
export type DocumentStatus = 'uploaded' | 'queued' | 'processing' | 'processed' | 'failed';
export type DocumentSort = NonNullable<DocumentsQuery['sort']>;
export type SortOrder = NonNullable<DocumentsQuery['order']>;

/** Every sort the server knows: a Record, so that a sort added to the API fails the type check until listed. */
const SORTS: Record<DocumentSort, true> = {
  uploaded_at: true,
  name: true,
  size: true,
  status: true,
  type: true,
  chunk_count: true,
  processed_at: true,
};
const isSort = (value: string | null): value is DocumentSort => value !== null && Object.hasOwn(SORTS, value);
const DEFAULT_SORT: DocumentSort = 'uploaded_at';

/** The server's default order of each sort (newest, largest first; names and labels A to Z). */
export function defaultOrder(sort: DocumentSort): SortOrder {
  return sort === 'name' || sort === 'status' || sort === 'type' ? 'asc' : 'desc';
}

/** ISO 639-1 codes of the languages offered in the filter; any other two- or three-letter code can be typed. */
export const COMMON_LANGUAGES = [
  'en',
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'nl',
  'sv',
  'da',
  'no',
  'fi',
  'pl',
  'cs',
  'ru',
  'uk',
  'tr',
  'ar',
  'he',
  'hi',
  'zh',
  'ja',
  'ko',
] as const;
const LANGUAGE_CODE = /^[a-z]{2,3}$/;

/** Lower-cased, valid codes only (the server refuses anything else), each once. */
export function languageCodes(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim().toLowerCase()).filter((v) => LANGUAGE_CODE.test(v)))];
}

export const STATUSES: readonly DocumentStatus[] = [
  'uploaded',
  'queued',
  'processing',
  'processed',
  'failed',
];
export const CATEGORIES = ['document', 'image', 'audio', 'archive'] as const;
export const PAGE_SIZES = [50, 100, 200, 500] as const;
const DEFAULT_PAGE_SIZE = 100;

/** What the library shows, as the URL holds it: shareable, and the back button undoes a filter. */
export interface LibraryFilters {
  collection: string | null;
  folder: string | null;
  status: DocumentStatus[];
  type: string[];
  tag: string;
  /** Detected or declared languages (ISO 639 codes); a document matches any of them. */
  languages: string[];
  /** Upload dates, `YYYY-MM-DD` in the reader's time zone, both ends included. */
  from: string;
  to: string;
  /** Archive members and e-mail attachments too, not only what was uploaded. */
  members: boolean;
  sort: DocumentSort;
  order: SortOrder;
  limit: number;
  /** A cursor belongs to one sort and order: any change of them starts again at the first page. */
  cursor: string | null;
}

/** Earlier pages' cursors, kept in the history entry so "Previous" works without a total count. */
interface PagingState {
  previous?: (string | null)[];
}

const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);

export function parseFilters(params: URLSearchParams): LibraryFilters {
  const limit = Number(params.get('limit'));
  const sortParam = params.get('sort');
  const sort = isSort(sortParam) ? sortParam : DEFAULT_SORT;
  const orderParam = params.get('order');
  return {
    collection: params.get('collection'),
    folder: params.get('folder'),
    status: list(params.get('status')).filter((s): s is DocumentStatus =>
      STATUSES.includes(s as DocumentStatus),
    ),
    type: list(params.get('type')),
    tag: params.get('tag') ?? '',
    languages: languageCodes(list(params.get('lang'))),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    members: params.get('members') === '1',
    sort,
    order: orderParam === 'asc' || orderParam === 'desc' ? orderParam : defaultOrder(sort),
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
    cursor: params.get('cursor'),
  };
}

function toParams(f: LibraryFilters): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string | null | undefined) => {
    if (value) params.set(key, value);
  };
  set('collection', f.collection);
  set('folder', f.folder);
  set('status', f.status.join(','));
  set('type', f.type.join(','));
  set('tag', f.tag.trim());
  set('lang', f.languages.join(','));
  set('from', f.from);
  set('to', f.to);
  if (f.members) params.set('members', '1');
  if (f.sort !== DEFAULT_SORT) params.set('sort', f.sort);
  if (f.order !== defaultOrder(f.sort)) params.set('order', f.order);
  if (f.limit !== DEFAULT_PAGE_SIZE) params.set('limit', String(f.limit));
  set('cursor', f.cursor);
  return params;
}

/** A local calendar day as the instant it starts (or, with `end`, its last millisecond). */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The `GET /documents` query for these filters: one page, the server filters and orders. */
export function toDocumentsQuery(f: LibraryFilters): DocumentsQuery {
  const query: DocumentsQuery = { limit: f.limit };
  if (f.collection) query.collection_id = f.collection;
  if (f.folder) query.folder_id = f.folder;
  if (f.status.length) query.status = f.status.join(',');
  if (f.type.length) query.type = f.type.join(',');
  if (f.tag.trim()) query.tag = f.tag.trim();
  if (f.languages.length) query.language = f.languages.join(',');
  const from = dayBound(f.from, false);
  const to = dayBound(f.to, true);
  if (from) query.uploaded_from = from;
  if (to) query.uploaded_to = to;
  if (!f.members) query.top_level = 'true';
  if (f.sort !== DEFAULT_SORT) query.sort = f.sort;
  if (f.order !== defaultOrder(f.sort)) query.order = f.order;
  if (f.cursor) query.cursor = f.cursor;
  return query;
}

/** Whether anything narrows the list (an empty result then says "nothing matches", not "nothing yet"). */
export function isFiltered(f: LibraryFilters): boolean {
  return Boolean(
    f.collection ||
    f.folder ||
    f.status.length ||
    f.type.length ||
    f.tag ||
    f.languages.length ||
    f.from ||
    f.to,
  );
}

/** The sort after choosing column `sort`: the other order of the current sort, or a new sort in its default order. */
export function toggledSort(f: Pick<LibraryFilters, 'sort' | 'order'>, sort: DocumentSort) {
  if (sort !== f.sort) return { sort, order: defaultOrder(sort) };
  return { sort, order: f.order === 'asc' ? ('desc' as const) : ('asc' as const) };
}

export interface LibraryParams {
  filters: LibraryFilters;
  /** Changes filters or the sort; any change but paging starts again at the first page. */
  update: (patch: Partial<Omit<LibraryFilters, 'cursor'>>) => void;
  pageIndex: number;
  nextPage: (cursor: string) => void;
  /** Back one page; from a shared link (no earlier cursors known) back to the first. */
  previousPage: () => void;
}

export function useLibraryParams(): LibraryParams {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const filters = useMemo(() => parseFilters(params), [params]);
  const previous = useMemo(() => (location.state as PagingState | null)?.previous ?? [], [location.state]);

  const update = useCallback(
    (patch: Partial<Omit<LibraryFilters, 'cursor'>>) => {
      setParams(toParams({ ...filters, ...patch, cursor: null }), { state: { previous: [] } });
    },
    [filters, setParams],
  );
  const nextPage = useCallback(
    (cursor: string) =>
      setParams(toParams({ ...filters, cursor }), { state: { previous: [...previous, filters.cursor] } }),
    [filters, previous, setParams],
  );
  const previousPage = useCallback(() => {
    const cursor = previous.at(-1) ?? null;
    setParams(toParams({ ...filters, cursor }), { state: { previous: previous.slice(0, -1) } });
  }, [filters, previous, setParams]);

  return {
    filters,
    update,
    // A page opened from a shared link (cursor, no history) counts from where it is.
    pageIndex: filters.cursor ? Math.max(previous.length, 1) : 0,
    nextPage,
    previousPage,
  };
}
