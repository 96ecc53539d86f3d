import type { ChunkDraft } from '../chunking/chunking.types.js';
import type { VectorSpace } from '../search/search.types.js';
import type {
  ChunkRecord,
  DocumentFilter,
  DocumentPatch,
  DocumentRecord,
  DocumentText,
  NewDocument,
  Page,
} from '../ingest/document.types.js';

/** What replaces a document's content when processing succeeds. */
export interface DocumentContent {
  text: Omit<DocumentText, 'documentId'>;
  chunks: ChunkDraft[];
  /** Applied to the document row in the same transaction (status processed, title, language, …). */
  patch: DocumentPatch;
  /**
   * Embeddings of `chunks` (same order and length) in one vector space, stored in the same transaction, so a
   * chunk never exists without its vector nor a vector without its chunk.
   */
  vectors?: { space: VectorSpace; vectors: Float32Array[] };
}

/** Documents, their extracted text and chunks. Part of the MetadataStore. */
export interface DocumentRepository {
  /**
   * Inserts the document and takes a reference on its blob (`blobs.ref_count + 1`) in one transaction. A taken
   * id, or a second document for the same `sourcePath` of one parent or one directory source, is refused
   * (`DOCUMENT_EXISTS`, conflict); so is a missing owner, collection, folder, parent or source
   * (`DOCUMENT_REFERENCE_NOT_FOUND`, not_found).
   */
  insert(doc: NewDocument): Promise<DocumentRecord>;
  get(id: string): Promise<DocumentRecord | null>;
  /**
   * The documents of `ids` that exist, in the order of `ids`, each once: one read for a page of search hits
   * instead of one per hit. Like `get` it does not check access; callers pass ids that an access-filtered
   * query returned.
   */
  getMany(ids: readonly string[]): Promise<DocumentRecord[]>;
  /** Same bytes in the same scope: owner + collection (null = no collection), top-level documents only. */
  findBySha(ownerId: string, collectionId: string | null, sha256: string): Promise<DocumentRecord | null>;
  /** The child of `parentId` that came from `sourcePath` (archive member / attachment), if already created. */
  findChild(parentId: string, sourcePath: string): Promise<DocumentRecord | null>;
  /**
   * One page in `filter.sort` / `filter.order` (default: newest upload first), insertion order breaking ties;
   * `nextCursor` (at most 1000 characters) pages on with the same filter. A cursor this store did not issue, or
   * issued for another sort or order, is refused (`INVALID_CURSOR`, user).
   */
  list(filter: DocumentFilter): Promise<Page<DocumentRecord>>;
  /** Returns the updated document, or null when it does not exist. */
  update(id: string, patch: DocumentPatch): Promise<DocumentRecord | null>;
  /**
   * In ONE transaction: replaces the extracted text, deletes old chunks and their lexical index rows, inserts
   * the new chunks and index rows, sets chunk_count and applies `patch`. A crash leaves the old content or
   * the new, never a mix. Returns null when the document was deleted meanwhile. Content the store refuses (e.g.
   * two chunks with one index) fails the whole call (`DOCUMENT_CONTENT_INVALID`, system, not retryable).
   */
  saveContent(id: string, content: DocumentContent): Promise<DocumentRecord | null>;
  /**
   * Deletes the document and its descendants (archive members), their texts, chunks and index rows, and
   * releases their blob references, in one transaction. Returns what was deleted and the blobs nothing
   * references any more (the caller deletes their bytes after the commit). `deleted` lists the document
   * first, then its descendants by depth.
   */
  delete(id: string): Promise<{ deleted: DocumentRecord[]; unreferencedBlobs: string[] } | null>;
  getText(id: string): Promise<DocumentText | null>;
  /** In index order; all of them unless `limit` is given. */
  listChunks(documentId: string, options?: { offset?: number; limit?: number }): Promise<ChunkRecord[]>;
  getChunk(id: string): Promise<ChunkRecord | null>;
  /** The chunks of `ids` that exist, in the order of `ids`, each once (one read; see `getMany`). */
  getChunks(ids: readonly string[]): Promise<ChunkRecord[]>;
}
