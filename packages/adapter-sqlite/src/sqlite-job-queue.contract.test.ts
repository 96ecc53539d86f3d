import { describeJobQueue, describeWorkerPool } from '@sift/contract-tests';
import { SqliteJobQueue } from './sqlite-job-queue.adapter.js';
import { createTempDatabase } from './testing/temp-database.js';

const sqliteQueue = async () => {
  const temp = createTempDatabase();
  return { queue: new SqliteJobQueue(temp.db), cleanup: async () => temp.cleanup() };
};

describeJobQueue('sqlite', sqliteQueue);
describeWorkerPool('sqlite', sqliteQueue);
