export * from './in-memory-job-queue.js';
export * from './fake-embedder.js';
export * from './bag-of-words-embedder.js';
