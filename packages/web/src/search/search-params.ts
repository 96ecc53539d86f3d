import type { SearchFilters, SearchRequest } from '../api/types';

export type SearchMode = 'hybrid' | 'lexical' | 'semantic';
export type SearchView = 'flat' | 'documents';

/** Everything a search is made of. It lives in the URL, so a search can be shared, bookmarked and reloaded. */
export interface SearchState {
  q: string;
  mode: SearchMode;
  view: SearchView;
  /** Zero-based page of PAGE_SIZE hits. */
  page: number;
  collections: string[];
  folders: string[];
  types: string[];
  tags: string[];
  languages: string[];
  /** Calendar days (YYYY-MM-DD) as the date inputs give them; '' for none. */
  from: string;
  to: string;
}

export const PAGE_SIZE = 20;
const MODES: readonly SearchMode[] = ['hybrid', 'lexical', 'semantic'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const LANGUAGE = /^[a-z]{2,3}$/;

/** The repeated URL keys of the list facets (`?collection=a&collection=b`). */
const LIST_KEYS = {
  collections: 'collection',
  folders: 'folder',
  types: 'type',
  tags: 'tag',
  languages: 'lang',
} as const;
type ListFacet = keyof typeof LIST_KEYS;

export function parseSearchParams(params: URLSearchParams): SearchState {
  const mode = params.get('mode') as SearchMode | null;
  const page = Number(params.get('page') ?? '1');
  const day = (key: string) => {
    const value = params.get(key) ?? '';
    return DAY.test(value) ? value : '';
  };
  const list = (facet: ListFacet) => [...new Set(params.getAll(LIST_KEYS[facet]).filter(Boolean))];
  return {
    q: params.get('q') ?? '',
    mode: mode && MODES.includes(mode) ? mode : 'hybrid',
    view: params.get('view') === 'documents' ? 'documents' : 'flat',
    page: Number.isInteger(page) && page >= 1 ? page - 1 : 0,
    collections: list('collections'),
    folders: list('folders'),
    types: list('types'),
    tags: list('tags'),
    languages: list('languages').filter((l) => LANGUAGE.test(l)),
    from: day('from'),
    to: day('to'),
  };
}

/** The URL of a search; defaults are left out so shared links stay short. */
export function toSearchParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.mode !== 'hybrid') params.set('mode', state.mode);
  if (state.view !== 'flat') params.set('view', state.view);
  if (state.page > 0) params.set('page', String(state.page + 1));
  for (const facet of Object.keys(LIST_KEYS) as ListFacet[]) {
    for (const value of state[facet]) params.append(LIST_KEYS[facet], value);
  }
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  return params;
}

/** The start of a local calendar day, or its last millisecond, as the API's ISO timestamp. */
function dayBound(day: string, end: boolean): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d);
  return date.toISOString();
}

export function toSearchFilters(state: SearchState): SearchFilters {
  return {
    ...(state.collections.length ? { collections: state.collections } : {}),
    ...(state.folders.length ? { folders: state.folders } : {}),
    ...(state.types.length ? { types: state.types } : {}),
    ...(state.tags.length ? { tags: state.tags } : {}),
    ...(state.languages.length ? { languages: state.languages } : {}),
    ...(state.from ? { uploaded_from: dayBound(state.from, false) } : {}),
    ...(state.to ? { uploaded_to: dayBound(state.to, true) } : {}),
  };
}

/** The body of `POST /api/v1/search` for a state (one page). */
export function toSearchRequest(state: SearchState): SearchRequest {
  return {
    query: state.q.trim(),
    mode: state.mode,
    filters: toSearchFilters(state),
    limit: PAGE_SIZE,
    offset: state.page * PAGE_SIZE,
  };
}

/** How many facets narrow the search (for the "Clear filters" control). */
export function activeFilterCount(state: SearchState): number {
  return (
    state.collections.length +
    state.folders.length +
    state.types.length +
    state.tags.length +
    state.languages.length +
    (state.from ? 1 : 0) +
    (state.to ? 1 : 0)
  );
}
