import { api, unwrap } from '../api/client';
import { directoryOf } from './folder-entries';

/** Every folder a set of relative directories needs, parents first: `a/b` needs `a` and `a/b`. */
function withAncestors(dirs: Iterable<string>): string[] {
  const all = new Set<string>();
  for (let dir of dirs) {
    while (dir) {
      all.add(dir);
      dir = directoryOf(dir);
    }
  }
  return [...all].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

/**
 * Makes the folder structure of an uploaded folder under `base` (the selected folder, or the top level),
 * reusing folders of the same name that are already there, and answers the folder id of each directory.
 * The upload route takes a folder id, not a path, so the folders are made here first.
 */
export async function ensureFolders(
  dirs: Iterable<string>,
  base: { collectionId: string | null; folderId: string | null },
): Promise<Map<string, string>> {
  const wanted = withAncestors(dirs);
  const ids = new Map<string, string>();
  if (wanted.length === 0) return ids;
  const query = base.collectionId ? { collection_id: base.collectionId } : {};
  const existing = (await unwrap(api.GET('/api/v1/folders', { params: { query } }))).items;
  for (const dir of wanted) {
    const parentDir = directoryOf(dir);
    const parentId = parentDir ? ids.get(parentDir)! : base.folderId;
    const name = parentDir ? dir.slice(parentDir.length + 1) : dir;
    const found = existing.find((f) => (f.parent_id ?? null) === (parentId ?? null) && f.name === name);
    const folder =
      found ??
      (await unwrap(
        api.POST('/api/v1/folders', {
          body: { name, parent_id: parentId, collection_id: base.collectionId },
        }),
      ));
    ids.set(dir, folder.id);
  }
  return ids;
}
