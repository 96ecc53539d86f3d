export { describeJobQueue } from './job-queue.contract.js';
export { describeWorkerPool } from './worker-pool.contract.js';
export type { JobQueueFactory } from './job-queue.fixture.js';
export { describeMetadataStore } from './metadata-store.contract.js';
export {
  OTHER_OWNER,
  OWNER,
  contentOf,
  newDocument,
  type MetadataStoreFactory,
  type MetadataStoreHandle,
} from './metadata-store.fixture.js';
export { latch, sleep, waitFor, type Latch } from './async-helpers.js';
export { describeLexicalIndex } from './lexical-index.contract.js';
export {
  indexDocument,
  saveChunks,
  type ChunkSpec,
  type IndexedDocument,
  type LexicalFixture,
  type LexicalIndexFactory,
  type LexicalIndexHandle,
} from './lexical-index.fixture.js';
export { describeVectorIndex } from './vector-index.contract.js';
export { unitVectors, type VectorIndexFactory, type VectorIndexHandle } from './vector-index.fixture.js';
export { describeReranker, type RerankerHandle } from './reranker.contract.js';
export { describeIdentityStore } from './identity-store.contract.js';
export { describeChatRepository } from './chat-repository.contract.js';
export { describeEmbeddingCache } from './embedding-cache.contract.js';
export { describeLoginAttemptStore, type LoginAttemptStoreFactory } from './login-attempt-store.contract.js';
export type {
  ChatRepositoryFactory,
  ChatRepositoryHandle,
  EmbeddingCacheFactory,
  EmbeddingCacheHandle,
  EmbeddingCacheOptions,
  IdentityStoreFactory,
  IdentityStoreHandle,
} from './identity-store.fixture.js';
