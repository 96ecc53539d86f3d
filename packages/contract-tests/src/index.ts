export { describeJobQueue } from './job-queue.contract.js';
export { describeWorkerPool } from './worker-pool.contract.js';
export type { JobQueueFactory } from './job-queue.fixture.js';
export { latch, sleep, waitFor, type Latch } from './async-helpers.js';
