import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { DocumentRow, Folder, Schemas } from '../api/types';
import type { DocumentsQuery } from './library-params';

export type SystemLimits = Schemas['SystemLimits'];

/**
 * One page of documents. The key starts with 'documents' and the data is `{items, next_cursor}`: the live
 * cache sync writes progress into it in place and refetches it when documents appear or finish.
 */
export function useDocumentsPage(query: DocumentsQuery) {
  return useQuery({
    queryKey: ['documents', 'library', query],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/documents', { params: { query }, signal })),
    // The old page stays on screen while the next loads: no flash of an empty table between pages.
    placeholderData: keepPreviousData,
  });
}

/** Shared with the search and admin screens: the same key holds the same response. */
export function useCollections() {
  return useQuery({
    queryKey: ['collections'],
    queryFn: () => unwrap(api.GET('/api/v1/collections')),
  });
}

/** Every folder of the user, flat (the "Move to…" choices); shared key with the search screen. */
export function useFolders() {
  return useQuery({
    queryKey: ['folders'],
    queryFn: () => unwrap(api.GET('/api/v1/folders')),
  });
}

export function useFolderTree(collectionId: string | null) {
  return useQuery({
    queryKey: ['folders', 'tree', collectionId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/folders/tree', {
          params: { query: collectionId ? { collection_id: collectionId } : {} },
        }),
      ),
  });
}

/** The server's upload limits, fixed for the life of its process. */
export function useUploadLimits() {
  return useQuery({
    queryKey: ['system', 'limits'],
    queryFn: () => unwrap(api.GET('/api/v1/system/limits')),
    staleTime: Infinity,
  });
}

export function useCreateCollection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(api.POST('/api/v1/collections', { body: { name } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['collections'] }),
  });
}

export function useRenameCollection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      unwrap(api.PATCH('/api/v1/collections/{id}', { params: { path: { id } }, body: { name } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['collections'] }),
  });
}

export function useCreateFolder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; parentId: string | null; collectionId: string | null }) =>
      unwrap(
        api.POST('/api/v1/folders', {
          body: { name: input.name, parent_id: input.parentId, collection_id: input.collectionId },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['folders'] }),
  });
}

/** Renames and/or moves a folder (`parentId: null` to the top level). */
export function useUpdateFolder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: string; name?: string; parent_id?: string | null }) =>
      unwrap(api.PATCH('/api/v1/folders/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['folders'] });
      // Documents of a moved folder now show under another path; lists filtered by folder change.
      void client.invalidateQueries({ queryKey: ['documents'] });
    },
  });
}

/**
 * Files a document into a folder (or none). A folder of a collection takes the document into that
 * collection too, so the folder tree of a collection shows what its folders hold.
 */
export function useMoveDocument() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, folder }: { id: string; folder: Pick<Folder, 'id' | 'collection_id'> | null }) =>
      unwrap(
        api.PATCH('/api/v1/documents/{id}', {
          params: { path: { id } },
          body: {
            folder_id: folder?.id ?? null,
            ...(folder?.collection_id ? { collection_id: folder.collection_id } : {}),
          },
        }),
      ),
    onSuccess: (doc) => {
      client.setQueryData<DocumentRow>(['document', doc.id], doc);
      void client.invalidateQueries({ queryKey: ['documents'] });
    },
  });
}

/** Runs processing again (a failed document, after a fix); its progress then arrives as live events. */
export function useReprocess() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/v1/documents/{id}/reprocess', { params: { path: { id } } })),
    onSuccess: ({ document }) => {
      client.setQueryData<DocumentRow>(['document', document.id], document);
      void client.invalidateQueries({ queryKey: ['documents'] });
    },
  });
}
