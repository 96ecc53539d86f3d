import { createHash } from 'node:crypto';
import {
  DEFAULT_CHUNKING,
  LOCAL_USER_ID,
  type ChunkDraft,
  type CollectionSettings,
  type DocumentContent,
  type MetadataStore,
  type NewDocument,
} from '@sift/core';

/** A fresh, empty store for one test; `addUser` creates an account (the port has no method for it yet). */
export interface MetadataStoreHandle {
  store: MetadataStore;
  addUser(id: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** Opens a fresh, empty (not yet migrated) store for one test. */
export type MetadataStoreFactory = () => Promise<MetadataStoreHandle>;

/** What the cases of the suite see: the store of the running test. */
export interface StoreFixture {
  readonly store: MetadataStore;
}

/** The built-in local user, and a second account for scoping tests; both exist in every test. */
export const OWNER = LOCAL_USER_ID;
export const OTHER_OWNER = '00000000-0000-4000-8000-0000000000b2';

let counter = 0;

/** A minimal valid top-level document of OWNER with its own bytes; tests override what they are about. */
export function newDocument(overrides: Partial<NewDocument> = {}): NewDocument {
  counter += 1;
  return {
    ownerId: OWNER,
    collectionId: null,
    folderId: null,
    parentDocumentId: null,
    sourceId: null,
    sourcePath: null,
    sourceMtimeMs: null,
    filename: `file-${counter}.pdf`,
    originalFilename: `File ${counter}.pdf`,
    contentType: 'application/pdf',
    category: 'document',
    size: 100 + counter,
    sha256: sha256Hex(`document ${counter} ${Math.random()}`),
    status: 'queued',
    metadata: {},
    tags: [],
    ...overrides,
  };
}

export const SETTINGS: CollectionSettings = { chunking: DEFAULT_CHUNKING, ocrLanguages: ['eng'] };

/** Chunks of `text` cut at the given lengths, each with `content === text.slice(startChar, endChar)`. */
export function chunksOf(text: string, lengths: number[], extra: Partial<ChunkDraft> = {}): ChunkDraft[] {
  let start = 0;
  return lengths.map((length, index) => {
    const chunk: ChunkDraft = {
      index,
      content: text.slice(start, start + length),
      startChar: start,
      endChar: start + length,
      pageFrom: 1,
      pageTo: 1,
      headingPath: [],
      timeStartMs: null,
      timeEndMs: null,
      tokenCount: Math.ceil(length / 4),
      confidence: null,
      origin: null,
      ...extra,
    };
    start += length;
    return chunk;
  });
}

/** Content for saveContent: the whole text on one page, cut into chunks of the given lengths. */
export function contentOf(
  text: string,
  lengths: number[],
  patch: DocumentContent['patch'] = {},
): DocumentContent {
  return {
    text: {
      text,
      blocks: [{ kind: 'paragraph', start: 0, end: text.length, page: 1 }],
      pages: [{ number: 1, start: 0, end: text.length, source: 'text-layer' }],
      extractor: { name: 'test-extractor', version: '1.0.0' },
    },
    chunks: chunksOf(text, lengths),
    patch,
  };
}

/**
 * Waits until the clock has moved past `ms` (default: now), so the next write gets a later timestamp than
 * everything before it. Used to give documents distinct upload times, never to wait for the store.
 */
export async function afterMillisecond(ms = Date.now()): Promise<void> {
  while (Date.now() <= ms) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** SHA-256 (hex) of a string: chunk content hashes, and stand-in blob hashes. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
