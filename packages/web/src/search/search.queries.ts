import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { SearchRequest } from '../api/types';

/** One page of hits for a request; the previous page stays on screen while the next one loads. */
export function useSearchResults(request: SearchRequest) {
  return useQuery({
    queryKey: ['search', request],
    queryFn: async ({ signal }) => {
      const data = await unwrap(api.POST('/api/v1/search', { body: request, signal }));
      // The render budget (results painted ≤ 50 ms after the response) is measured from here: npm run bench.
      performance.mark('sift:search-response');
      return data;
    },
    enabled: request.query !== '',
    placeholderData: keepPreviousData,
    // A search is a question asked now; no retries of a refusal (a bad filter will not get better).
    retry: false,
  });
}

/** Documents like one document, asked only while "more like this" is open. */
export function useSimilarDocuments(documentId: string | null) {
  return useQuery({
    queryKey: ['similar', documentId],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/documents/{id}/similar', {
          params: { path: { id: documentId! }, query: { limit: 10 } },
          signal,
        }),
      ),
    enabled: documentId !== null,
  });
}

/** The signed-in user's recent searches, offered on the empty search screen. */
export function useRecentSearches() {
  return useQuery({
    queryKey: ['search', 'recent'],
    queryFn: () => unwrap(api.GET('/api/v1/search/queries', { params: { query: { limit: 20 } } })),
    select: (data) => {
      const seen = new Set<string>();
      return data.items.filter((item) => !seen.has(item.query) && seen.add(item.query)).slice(0, 6);
    },
  });
}

/** Collections and folders, the choices of the collection and folder facets (also the chat's scope). */
export function useCollectionChoices() {
  return useQuery({
    queryKey: ['collections'],
    queryFn: () => unwrap(api.GET('/api/v1/collections')),
    select: (data) => data.items.map((c) => ({ value: c.id, label: c.name })),
  });
}

export function useFolderChoices() {
  return useQuery({
    queryKey: ['folders'],
    queryFn: () => unwrap(api.GET('/api/v1/folders')),
    select: (data) => data.items.map((f) => ({ value: f.id, label: f.path })),
  });
}
