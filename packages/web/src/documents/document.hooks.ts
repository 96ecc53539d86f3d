import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, SiftApiError, unwrap } from '../api/client';
import type { DocumentRow } from '../api/types';

/**
 * Query keys of the document view. Everything about one document lives under `['document', id]`: the live
 * cache sync patches that key on progress and invalidates it (with every key below it) when the document is
 * processed again, so text, chunks and similar documents refresh without polling.
 */
export const documentKeys = {
  document: (id: string) => ['document', id] as const,
  text: (id: string) => ['document', id, 'text'] as const,
  chunks: (id: string) => ['document', id, 'chunks'] as const,
  transcript: (id: string) => ['document', id, 'transcript'] as const,
  similar: (id: string) => ['document', id, 'similar'] as const,
  // A `['documents', …]` list (`{items}`): live events patch its rows and refetch it like the library's.
  children: (id: string) => ['documents', { parent_id: id }] as const,
  collection: (id: string) => ['collection', id] as const,
  folder: (id: string) => ['folder', id] as const,
};

const CHUNK_PAGE = 200;
/** The transcript of a recording is read in one go: an hour of speech is a few hundred chunks. */
const TRANSCRIPT_LIMIT = 1000;
const CHILDREN_LIMIT = 200;

export function useDocument(id: string) {
  return useQuery({
    queryKey: documentKeys.document(id),
    queryFn: () => unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id } } })),
  });
}

/** The extracted text with its page spans; only asked for once processing has stored it. */
export function useDocumentText(id: string, enabled: boolean) {
  return useQuery({
    queryKey: documentKeys.text(id),
    enabled,
    queryFn: async () => {
      const data = await unwrap(api.GET('/api/v1/documents/{id}/text', { params: { path: { id } } }));
      // The route answers plain text only when asked for it with `Accept: text/plain`.
      if (typeof data === 'string') throw new Error('the server answered plain text');
      return data;
    },
  });
}

export function useDocumentChunks(id: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: documentKeys.chunks(id),
    enabled,
    initialPageParam: 0,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/documents/{id}/chunks', {
          params: { path: { id }, query: { offset: pageParam, limit: CHUNK_PAGE } },
        }),
      ),
    getNextPageParam: (last, pages) =>
      last.items.length < CHUNK_PAGE ? undefined : pages.reduce((n, page) => n + page.items.length, 0),
  });
}

/** The timed chunks of a recording, for its transcript beside the player. */
export function useTranscript(id: string, enabled: boolean) {
  return useQuery({
    queryKey: documentKeys.transcript(id),
    enabled,
    queryFn: async () => {
      const { items } = await unwrap(
        api.GET('/api/v1/documents/{id}/chunks', {
          params: { path: { id }, query: { offset: 0, limit: TRANSCRIPT_LIMIT } },
        }),
      );
      return items.filter((c) => c.time_start_ms !== null);
    },
  });
}

export function useSimilarDocuments(id: string, enabled: boolean) {
  return useQuery({
    queryKey: documentKeys.similar(id),
    enabled,
    queryFn: () =>
      unwrap(api.GET('/api/v1/documents/{id}/similar', { params: { path: { id }, query: { limit: 10 } } })),
  });
}

/** Archive members and e-mail attachments: the documents whose parent is this one. */
export function useChildDocuments(id: string) {
  return useQuery({
    queryKey: documentKeys.children(id),
    queryFn: () =>
      unwrap(api.GET('/api/v1/documents', { params: { query: { parent_id: id, limit: CHILDREN_LIMIT } } })),
  });
}

/**
 * The name of the document's collection or folder. A folder is personal: another user's folder is hidden
 * (404), which the view shows as "not visible", so these never retry.
 */
export function useCollectionName(id: string | null) {
  return useQuery({
    queryKey: documentKeys.collection(id ?? ''),
    enabled: id !== null,
    retry: false,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/collections/{id}', { params: { path: { id: id! } } }))).name,
  });
}

export function useFolderName(id: string | null) {
  return useQuery({
    queryKey: documentKeys.folder(id ?? ''),
    enabled: id !== null,
    retry: false,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/folders/{id}', { params: { path: { id: id! } } }))).name,
  });
}

/** Replaces the tags (the server lowercases, trims and de-duplicates them, and enforces the limits). */
export function useUpdateTags(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (tags: string[]) =>
      unwrap(api.PATCH('/api/v1/documents/{id}', { params: { path: { id } }, body: { tags } })),
    onSuccess: (doc) => {
      client.setQueryData<DocumentRow>(documentKeys.document(id), doc);
      void client.invalidateQueries({ queryKey: ['documents'] });
    },
  });
}

export function useReprocess(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/documents/{id}/reprocess', { params: { path: { id } } })),
    onSuccess: ({ document }) => {
      // Queued now; progress and the outcome arrive as live events.
      client.setQueryData<DocumentRow>(documentKeys.document(id), document);
      void client.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

export function useDeleteDocument(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/documents/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      client.removeQueries({ queryKey: documentKeys.document(id) });
      void client.invalidateQueries({ queryKey: ['documents'] });
      void client.invalidateQueries({ queryKey: ['stats'] });
    },
  });
}

/** True for "the text is not there yet" (409 while processing), which the view shows as a state, not an error. */
export function isTextNotReady(error: unknown): boolean {
  return error instanceof SiftApiError && error.code === 'DOCUMENT_TEXT_NOT_READY';
}
