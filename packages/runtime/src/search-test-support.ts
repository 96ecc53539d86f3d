import {
  LOCAL_USER_ID,
  SearchService,
  VectorSpaceService,
  embeddingText,
  type ChunkDraft,
  type Embedder,
  type SearchServiceDeps,
  type SearchServiceOptions,
} from '@sift/core';
import { openStores, type Stores } from './stores.js';
import { tempConfig } from './test-support.js';

/** The real embedded stores in a temp dir, with helpers to add processed documents and search them. */
export interface SearchFixture {
  stores: Stores;
  spaces: VectorSpaceService;
  service: SearchService;
  /** A processed document whose chunks are `texts`, embedded into the target space; returns its id. */
  addDocument(
    filename: string,
    title: string,
    texts: string[],
    extra?: { collectionId?: string | null },
  ): Promise<string>;
  close(): Promise<void>;
}

export async function searchFixture(
  embedder: Embedder,
  extra: Partial<Pick<SearchServiceDeps, 'rerankers' | 'cache' | 'logger'>> & {
    embedderFor?: (m: string) => Embedder | null;
    options?: Partial<SearchServiceOptions>;
  } = {},
): Promise<SearchFixture> {
  const t = await tempConfig();
  const stores = await openStores(t.config);
  const spaces = new VectorSpaceService({
    metadata: stores.metadata,
    vectors: stores.vectors,
    embedder,
    ...(extra.embedderFor ? { embedderFor: extra.embedderFor } : {}),
  });
  await spaces.ensure();
  const { options, ...deps } = extra;
  const service = new SearchService(
    { metadata: stores.metadata, lexical: stores.lexical, vectors: stores.vectors, spaces, ...deps },
    options,
  );
  let seq = 0;
  return {
    stores,
    spaces,
    service,
    async addDocument(filename, title, texts, more = {}) {
      seq += 1;
      const doc = await stores.metadata.documents.insert({
        ownerId: LOCAL_USER_ID,
        collectionId: more.collectionId ?? null,
        folderId: null,
        parentDocumentId: null,
        sourceId: null,
        sourcePath: null,
        sourceMtimeMs: null,
        filename,
        originalFilename: filename,
        contentType: 'text/plain',
        category: 'document',
        size: 10,
        sha256: seq.toString(16).padStart(64, '0'),
        status: 'queued',
        metadata: {},
        tags: [],
      });
      let at = 0;
      const chunks = texts.map((content, index): ChunkDraft => {
        const start = at;
        at += content.length + 2;
        return {
          index,
          content,
          startChar: start,
          endChar: start + content.length,
          pageFrom: 1,
          pageTo: 1,
          headingPath: ['Intro'],
          timeStartMs: null,
          timeEndMs: null,
          tokenCount: content.split(' ').length,
          confidence: null,
          origin: null,
        };
      });
      const { space } = await spaces.target();
      const vectors = await embedder.embed(
        chunks.map((c) => embeddingText({ ...c, title })),
        { kind: 'passage' },
      );
      await stores.metadata.documents.saveContent(doc.id, {
        text: { text: texts.join('\n\n'), blocks: [], pages: [], extractor: { name: 'test', version: '1' } },
        chunks,
        patch: { status: 'processed', title },
        vectors: { space, vectors },
      });
      return doc.id;
    },
    async close() {
      await stores.close();
      await t.cleanup();
    },
  };
}
