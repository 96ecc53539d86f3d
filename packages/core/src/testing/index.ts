export * from './in-memory-job-queue.js';
export * from './fake-embedder.js';
