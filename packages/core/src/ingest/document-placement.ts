import type { Access } from '../auth/access.js';
import { AppError } from '../errors.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';

/**
 * Where a principal may put a document: the target collection must take their documents (a key restricted to
 * collections must name one of them), and the folder must be their own. Checked before any byte is stored.
 */
export async function checkPlacement(
  metadata: MetadataStore,
  access: Access,
  collectionId: string | null,
  folderId: string | null,
): Promise<void> {
  if (collectionId) {
    const collection = await metadata.collections.get(collectionId);
    if (!collection || !access.canReadCollection(collection)) {
      throw new AppError('COLLECTION_NOT_FOUND', 'not_found', `collection ${collectionId} does not exist`, {
        details: { collectionId },
      });
    }
    if (!access.canWriteCollection(collection)) {
      throw new AppError(
        'FORBIDDEN',
        'forbidden',
        `you may not add documents to collection ${collectionId}`,
        {
          details: { collectionId },
        },
      );
    }
  } else if (access.principal.collectionIds) {
    throw new AppError('FORBIDDEN', 'forbidden', 'this API key may only add documents to its collections');
  }
  if (folderId) {
    const folder = await metadata.folders.get(folderId);
    if (!folder || !access.owns(folder)) throw folderNotFound(folderId);
  }
}

/** A folder of the principal's and all folders below it (listing a folder lists its subfolders too). */
export async function folderSubtree(
  metadata: MetadataStore,
  access: Access,
  folderId: string,
): Promise<string[]> {
  const folder = await metadata.folders.get(folderId);
  const ids = folder && access.owns(folder) ? await metadata.folders.subtreeIds(folderId) : [];
  if (ids.length === 0) throw folderNotFound(folderId);
  return ids;
}

function folderNotFound(folderId: string): AppError {
  return new AppError('FOLDER_NOT_FOUND', 'not_found', `folder ${folderId} does not exist`, {
    details: { folderId },
  });
}
