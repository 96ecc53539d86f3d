import { InMemoryLoginAttemptStore } from '@sift/core';
import { InMemoryJobQueue } from '@sift/core/testing';
import { describeJobQueue } from './job-queue.contract.js';
import { describeLoginAttemptStore } from './login-attempt-store.contract.js';
import { describeWorkerPool } from './worker-pool.contract.js';

// The fake must keep the port's promises exactly, or tests of core written against it would lie.
const inMemory = async () => ({ queue: new InMemoryJobQueue(), cleanup: async () => {} });

describeJobQueue('in-memory', inMemory);
describeWorkerPool('in-memory', inMemory);
describeLoginAttemptStore('in-memory', async () => ({
  store: new InMemoryLoginAttemptStore(),
  cleanup: async () => {},
}));
