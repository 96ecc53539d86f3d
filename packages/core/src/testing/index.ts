export * from './in-memory-job-queue.js';
