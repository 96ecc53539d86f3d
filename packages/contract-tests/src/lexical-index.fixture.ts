import type { ChunkDraft, DocumentRecord, LexicalIndex, MetadataStore, NewDocument } from '@sift/core';
import { chunksOf, newDocument } from './metadata-store.fixture.js';

/**
 * A fresh, empty (not yet migrated) store and the LexicalIndex over it for one test. The index is filled only
 * through `store.documents.saveContent`, as in production; `addUser` creates an account.
 */
export interface LexicalIndexHandle {
  store: MetadataStore;
  index: LexicalIndex;
  addUser(id: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** Opens a fresh store and its index for one test. */
export type LexicalIndexFactory = () => Promise<LexicalIndexHandle>;

/** What the cases of the suite see: the store and index of the running test. */
export interface LexicalFixture {
  readonly store: MetadataStore;
  readonly index: LexicalIndex;
}

/** A chunk to index: its text, and optionally the headings it sits under. */
export type ChunkSpec = string | { content: string; headingPath: string[] };

/** A document stored with its chunks, their ids in chunk order. */
export interface IndexedDocument {
  doc: DocumentRecord;
  chunkIds: string[];
}

/**
 * Inserts a document and saves `chunks` as its processed content (with `title` and `language` in the same
 * transaction), which is what puts them in the lexical index.
 */
export async function indexDocument(
  f: LexicalFixture,
  chunks: ChunkSpec[],
  options: { title?: string | null; language?: string | null; doc?: Partial<NewDocument> } = {},
): Promise<IndexedDocument> {
  const doc = await f.store.documents.insert(newDocument(options.doc));
  return saveChunks(f, doc.id, chunks, { title: options.title ?? null, language: options.language ?? null });
}

/** Replaces a document's content with `chunks` (saveContent again), as reprocessing does. */
export async function saveChunks(
  f: LexicalFixture,
  documentId: string,
  chunks: ChunkSpec[],
  patch: { title?: string | null; language?: string | null } = {},
): Promise<IndexedDocument> {
  const contents = chunks.map((c) => (typeof c === 'string' ? c : c.content));
  const text = contents.join('');
  const drafts: ChunkDraft[] = chunksOf(
    text,
    contents.map((c) => c.length),
  ).map((draft, i) => {
    const spec = chunks[i]!;
    return typeof spec === 'string' ? draft : { ...draft, headingPath: spec.headingPath };
  });
  const doc = await f.store.documents.saveContent(documentId, {
    text: {
      text,
      blocks: [{ kind: 'paragraph', start: 0, end: text.length, page: 1 }],
      pages: [{ number: 1, start: 0, end: text.length, source: 'text-layer' }],
      extractor: { name: 'test-extractor', version: '1.0.0' },
    },
    chunks: drafts,
    patch: { status: 'processed', ...patch },
  });
  if (!doc) throw new Error(`document ${documentId} is gone`);
  const stored = await f.store.documents.listChunks(documentId);
  return { doc, chunkIds: stored.map((c) => c.id) };
}

/** Chunk ids of a search, best first. */
export async function searchIds(
  index: LexicalIndex,
  query: string,
  options: Partial<Parameters<LexicalIndex['search']>[1]> = {},
): Promise<string[]> {
  const hits = await index.search(query, { filter: {}, limit: 50, ...options });
  return hits.map((h) => h.chunkId);
}
