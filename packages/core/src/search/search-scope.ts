import type { Access } from '../auth/access.js';
import { AppError } from '../errors.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { SearchFilter } from './search.types.js';

/** Filters as clients send them: collections by id or name, folders meaning their whole subtree. */
export interface SearchScopeInput {
  collections?: string[];
  folders?: string[];
  documents?: string[];
  types?: string[];
  tags?: string[];
  languages?: string[];
  uploadedFrom?: string;
  uploadedTo?: string;
  metadata?: Record<string, string | number | boolean>;
}

/**
 * Turns client filters into an index filter for one principal: what it may read (its access, applied inside
 * every index query), collection names become ids, each folder its subtree. An unknown collection or folder —
 * or one the principal does not reach, which it must not learn exists — is an error (a typo must not silently
 * search everything, nor return nothing as if the words were absent).
 */
export async function resolveSearchScope(
  metadata: MetadataStore,
  access: Access,
  input: SearchScopeInput = {},
): Promise<SearchFilter> {
  const readable = access.documentFilter;
  const filter: SearchFilter = readable ? { access: readable } : {};
  const ownerId = access.userId;
  if (input.collections?.length) {
    filter.collectionIds = await Promise.all(
      input.collections.map(async (ref) => {
        const found =
          (await metadata.collections.get(ref)) ?? (await metadata.collections.getByName(ownerId, ref));
        if (!found || !access.canReadCollection(found)) {
          throw new AppError('COLLECTION_NOT_FOUND', 'not_found', `collection "${ref}" does not exist`, {
            details: { collection: ref },
          });
        }
        return found.id;
      }),
    );
  }
  if (input.folders?.length) {
    const subtrees = await Promise.all(
      input.folders.map(async (id) => {
        const folder = await metadata.folders.get(id);
        const ids = folder && access.owns(folder) ? await metadata.folders.subtreeIds(id) : [];
        if (ids.length === 0) {
          throw new AppError('FOLDER_NOT_FOUND', 'not_found', `folder ${id} does not exist`, {
            details: { folderId: id },
          });
        }
        return ids;
      }),
    );
    filter.folderIds = [...new Set(subtrees.flat())];
  }
  if (input.uploadedFrom && input.uploadedTo && input.uploadedFrom > input.uploadedTo) {
    throw new AppError('SEARCH_FILTER_INVALID', 'user', 'uploaded_from is after uploaded_to', {
      details: { uploadedFrom: input.uploadedFrom, uploadedTo: input.uploadedTo },
    });
  }
  if (input.documents?.length) filter.documentIds = input.documents;
  if (input.types?.length) filter.types = input.types;
  if (input.tags?.length) filter.tags = input.tags;
  if (input.languages?.length) filter.languages = input.languages;
  if (input.uploadedFrom) filter.uploadedFrom = input.uploadedFrom;
  if (input.uploadedTo) filter.uploadedTo = input.uploadedTo;
  if (input.metadata && Object.keys(input.metadata).length > 0) filter.metadata = input.metadata;
  return filter;
}
