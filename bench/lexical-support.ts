// Shared by the lexical benches: a temporary SQLite store with the lexical index over it, and saving a
// document with its chunks the way the ingest pipeline does (saveContent). Not a bench itself.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  openSqliteDatabase,
  runMigrations,
  SqliteLexicalIndex,
  SqliteMetadataStore,
  type SqliteDatabase,
  type SqliteLexicalIndexOptions,
} from '@sift/adapter-sqlite';
import {
  LOCAL_USER_ID,
  type DocumentRecord,
  type MetadataStore,
  type NewDocument,
  type VectorSpace,
} from '@sift/core';

/** A store and its lexical index on a fresh file; `close` removes everything. */
export interface BenchStore {
  db: SqliteDatabase;
  store: SqliteMetadataStore;
  index: SqliteLexicalIndex;
  close(): void;
}

/** Opens a migrated store with the local user on a new temp file, and a SqliteLexicalIndex over it. */
export async function openBenchStore(options: SqliteLexicalIndexOptions = {}): Promise<BenchStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-bench-lexical-'));
  const db = openSqliteDatabase(path.join(dir, 'sift.db'));
  runMigrations(db);
  const store = new SqliteMetadataStore(db);
  await store.ensureLocalUser();
  const index = new SqliteLexicalIndex(db, options);
  return {
    db,
    store,
    index,
    close() {
      index.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Inserts a processed document whose content is `chunks` (one after the other), titled `title`. */
export async function saveDocument(
  store: Pick<MetadataStore, 'documents'>,
  input: {
    id?: string;
    title: string | null;
    chunks: string[];
    doc?: Partial<NewDocument>;
    language?: string;
    /** One vector per chunk, saved in the same transaction. */
    vectors?: { space: VectorSpace; vectors: Float32Array[] };
  },
): Promise<DocumentRecord> {
  const text = input.chunks.join('\n');
  const doc = await store.documents.insert({
    id: input.id,
    ownerId: LOCAL_USER_ID,
    collectionId: null,
    folderId: null,
    parentDocumentId: null,
    sourceId: null,
    sourcePath: null,
    sourceMtimeMs: null,
    filename: 'doc.txt',
    originalFilename: 'doc.txt',
    contentType: 'text/plain',
    category: 'document',
    size: Buffer.byteLength(text),
    sha256: createHash('sha256')
      .update(`${input.id ?? Math.random()}\0${text}`)
      .digest('hex'),
    status: 'processing',
    metadata: {},
    tags: [],
    ...input.doc,
  });
  let start = 0;
  const chunks = input.chunks.map((content, index) => {
    const chunk = {
      index,
      content,
      startChar: start,
      endChar: start + content.length,
      pageFrom: null,
      pageTo: null,
      headingPath: [],
      timeStartMs: null,
      timeEndMs: null,
      tokenCount: 0,
      confidence: null,
      origin: null,
    };
    start += content.length + 1;
    return chunk;
  });
  const saved = await store.documents.saveContent(doc.id, {
    text: { text, blocks: [], pages: [], extractor: { name: 'bench', version: '1' } },
    chunks,
    patch: { status: 'processed', title: input.title, language: input.language ?? null },
    ...(input.vectors ? { vectors: input.vectors } : {}),
  });
  return saved ?? doc;
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}
