import type {
  DocumentRecord,
  IndexHit,
  MetadataStore,
  NewDocument,
  SearchFilter,
  VectorIndex,
  VectorSpace,
} from '@sift/core';
import { contentOf, newDocument } from './metadata-store.fixture.js';

/**
 * A fresh, empty (not yet migrated) store and the VectorIndex over it for one test. Vectors reach the index
 * through `store.documents.saveContent` (with the chunks, as ingestion does) or `index.upsert` (re-embedding).
 */
export interface VectorIndexHandle {
  store: MetadataStore;
  index: VectorIndex;
  addUser(id: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** Opens a fresh store and its index for one test. */
export type VectorIndexFactory = () => Promise<VectorIndexHandle>;

/** What the cases of the suite see: the store and index of the running test. */
export interface VectorFixture {
  readonly store: MetadataStore;
  readonly index: VectorIndex;
}

/** The space most cases use: small vectors whose similarities are easy to work out by hand. */
export const SPACE: VectorSpace = { id: 'test-model@4', dimensions: 4 };

/** A vector of the given components (not normalised: the index must normalise). */
export function vec(...values: number[]): Float32Array {
  return Float32Array.from(values);
}

/** The unit vector at `degrees` in the plane of the first two axes of SPACE. */
export function angle(degrees: number): Float32Array {
  const rad = (degrees * Math.PI) / 180;
  return vec(Math.cos(rad), Math.sin(rad), 0, 0);
}

/** A stored document and its chunk ids, in chunk order. */
export interface VectorDocument {
  doc: DocumentRecord;
  chunkIds: string[];
}

/**
 * Inserts a document and saves one chunk per vector as its processed content, the vectors in the same call
 * (in `space`, SPACE by default).
 */
export async function addDocument(
  f: VectorFixture,
  vectors: Float32Array[],
  options: { doc?: Partial<NewDocument>; language?: string | null; space?: VectorSpace } = {},
): Promise<VectorDocument> {
  const doc = await f.store.documents.insert(newDocument(options.doc));
  return saveVectors(f, doc.id, vectors, options);
}

/** Replaces a document's content with one chunk per vector (saveContent again), as reprocessing does. */
export async function saveVectors(
  f: VectorFixture,
  documentId: string,
  vectors: Float32Array[],
  options: { language?: string | null; space?: VectorSpace } = {},
): Promise<VectorDocument> {
  const content = contentOf(
    'x'.repeat(vectors.length),
    vectors.map(() => 1),
    { status: 'processed', language: options.language ?? null },
  );
  const doc = await f.store.documents.saveContent(documentId, {
    ...content,
    vectors: { space: options.space ?? SPACE, vectors },
  });
  if (!doc) throw new Error(`document ${documentId} is gone`);
  const chunks = await f.store.documents.listChunks(documentId);
  return { doc, chunkIds: chunks.map((c) => c.id) };
}

/** Searches SPACE with a generous limit and no filter unless given. */
export function search(
  f: VectorFixture,
  query: Float32Array,
  options: { filter?: SearchFilter; limit?: number; exact?: boolean; space?: VectorSpace } = {},
): Promise<IndexHit[]> {
  return f.index.search(options.space ?? SPACE, query, {
    filter: options.filter ?? {},
    limit: options.limit ?? 100,
    exact: options.exact,
  });
}

/** The distinct document ids of hits, sorted: what a filter let through. */
export function documentsOf(hits: IndexHit[]): string[] {
  return [...new Set(hits.map((h) => h.documentId))].sort();
}

/** A deterministic generator of unit vectors (mulberry32), for sets too large to write by hand. */
export function unitVectors(seed: number, dimensions: number): () => Float32Array {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    const v = new Float32Array(dimensions);
    let norm = 0;
    for (let i = 0; i < dimensions; i += 1) {
      v[i] = next() * 2 - 1;
      norm += v[i]! * v[i]!;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < dimensions; i += 1) v[i]! *= scale;
    return v;
  };
}

/** Cosine similarity computed independently of any index, in float64. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i += 1) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}
