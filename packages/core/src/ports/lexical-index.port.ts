import type { IndexHit, SearchFilter } from '../search/search.types.js';

/**
 * Full-text search over chunks with BM25 ranking. The embedded index (SQLite FTS5) is written by the store in
 * the same transaction as the chunks, so this port only reads; the contract suite populates it through
 * `MetadataStore.documents.saveContent`.
 */
export interface LexicalIndex {
  /**
   * Chunks matching the words of `query` (free text from a user: no query syntax is interpreted; quotes,
   * operators and punctuation are taken as text), best first, within `filter`.
   */
  search(
    query: string,
    options: { filter: SearchFilter; limit: number; offset?: number },
  ): Promise<IndexHit[]>;
  /** `content` with the query's matching terms wrapped in `open`/`close`, cut to about `maxChars` around them. */
  snippet(
    chunkId: string,
    query: string,
    options: { open: string; close: string; maxChars: number },
  ): Promise<string | null>;
  /**
   * `snippet` of each of `chunkIds` for one query, read at once (a page of search hits costs one read, not one
   * per hit); chunks that do not exist are absent from the map.
   */
  snippets(
    chunkIds: readonly string[],
    query: string,
    options: { open: string; close: string; maxChars: number },
  ): Promise<Map<string, string>>;
}
