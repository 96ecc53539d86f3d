import { describe, expect, it } from 'vitest';
import type { DocumentRepository } from '../ports/document-repository.port.js';
import type { DocumentFilter, DocumentRecord } from './document.types.js';
import { ancestorsOf, treeUsage } from './tree-usage.js';

/** A repository holding only what the tree walk reads: documents by id, and children paged two at a time. */
function repoOf(docs: Pick<DocumentRecord, 'id' | 'parentDocumentId' | 'size'>[]): DocumentRepository {
  const all = docs as DocumentRecord[];
  return {
    get: async (id: string) => all.find((d) => d.id === id) ?? null,
    list: async (filter: DocumentFilter) => {
      const children = all.filter((d) => d.parentDocumentId === filter.parentDocumentId);
      const from = filter.cursor ? Number(filter.cursor) : 0;
      const next = from + 2 < children.length ? String(from + 2) : null;
      return { items: children.slice(from, from + 2), nextCursor: next };
    },
  } as unknown as DocumentRepository;
}

const tree = [
  { id: 'root', parentDocumentId: null, size: 1300 },
  ...['a', 'b', 'c'].map((id) => ({ id, parentDocumentId: 'root', size: 9541 })),
  ...['a1', 'a2', 'a3'].map((id) => ({ id, parentDocumentId: 'a', size: 327_680 })),
];

describe('treeUsage', () => {
  it('sums the descendants of an upload at every depth, across pages', async () => {
    const repo = repoOf(tree);
    expect(await treeUsage(repo, tree[0] as DocumentRecord, 100)).toEqual({
      rootSize: 1300,
      descendants: 6,
      expandedBytes: 3 * 9541 + 3 * 327_680,
    });
  });

  it('stops walking once the descendants pass the limit', async () => {
    const usage = await treeUsage(repoOf(tree), tree[0] as DocumentRecord, 2);
    expect(usage.descendants).toBeGreaterThan(2);
    expect(usage.descendants).toBeLessThan(6);
  });

  it('lists the ancestors of a nested member, nearest first', async () => {
    const repo = repoOf(tree);
    const member = tree.find((d) => d.id === 'a2') as DocumentRecord;
    expect((await ancestorsOf(repo, member)).map((d) => d.id)).toEqual(['a', 'root']);
  });
});
