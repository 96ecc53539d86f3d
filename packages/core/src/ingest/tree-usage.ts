import type { DocumentRepository } from '../ports/document-repository.port.js';
import type { DocumentRecord } from './document.types.js';
import type { TreeUsage } from './extraction.types.js';

/** Page size of the descendant walk. */
const PAGE = 500;
/** Ancestors followed at most (archives nest a handful of levels; this only guards a cycle). */
const MAX_ANCESTORS = 64;

/** The document's ancestors, nearest first (empty for an upload). */
export async function ancestorsOf(repo: DocumentRepository, doc: DocumentRecord): Promise<DocumentRecord[]> {
  const ancestors: DocumentRecord[] = [];
  let parentId = doc.parentDocumentId;
  while (parentId && ancestors.length < MAX_ANCESTORS) {
    const parent = await repo.get(parentId);
    if (!parent) break;
    ancestors.push(parent);
    parentId = parent.parentDocumentId;
  }
  return ancestors;
}

/**
 * What the tree under `root` amounts to: its descendants (archive members and attachments at every depth,
 * counted from the documents already created) and their bytes. The walk stops once `maxDescendants` is
 * passed — the tree is over its limit then, whatever the rest holds.
 */
export async function treeUsage(
  repo: DocumentRepository,
  root: DocumentRecord,
  maxDescendants: number,
): Promise<TreeUsage> {
  const usage: TreeUsage = { rootSize: root.size, expandedBytes: 0, descendants: 0 };
  const queue = [root.id];
  while (queue.length > 0 && usage.descendants <= maxDescendants) {
    const parentDocumentId = queue.shift()!;
    let cursor: string | null = null;
    do {
      const page = await repo.list({ parentDocumentId, limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const child of page.items) {
        usage.descendants += 1;
        usage.expandedBytes += child.size;
        queue.push(child.id);
      }
      cursor = page.nextCursor;
    } while (cursor && usage.descendants <= maxDescendants);
  }
  return usage;
}
