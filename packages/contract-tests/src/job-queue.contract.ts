import { afterEach, beforeEach, describe } from 'vitest';
import { adminCases } from './job-queue-admin.cases.js';
import { claimCases } from './job-queue-claim.cases.js';
import { enqueueCases } from './job-queue-enqueue.cases.js';
import { interruptionCases } from './job-queue-interruption.cases.js';
import { transitionCases } from './job-queue-transition.cases.js';
import type { JobQueueFactory, QueueFixture } from './job-queue.fixture.js';

/**
 * The behaviour every JobQueue adapter must have, as one vitest suite. Each test gets a fresh queue from
 * `factory` and cleans it up afterwards:
 *
 * ```ts
 * describeJobQueue('sqlite', async () => { const db = …; return { queue: new SqliteJobQueue(db), cleanup } });
 * ```
 */
export function describeJobQueue(name: string, factory: JobQueueFactory): void {
  describe(`JobQueue contract: ${name}`, () => {
    let current: Awaited<ReturnType<JobQueueFactory>> | null = null;
    const fixture: QueueFixture = {
      get queue() {
        if (!current) throw new Error('the queue is only available inside a test');
        return current.queue;
      },
    };

    beforeEach(async () => {
      current = await factory();
    });

    afterEach(async () => {
      await current?.cleanup();
      current = null;
    });

    describe('enqueue and list', () => enqueueCases(fixture));
    describe('claim', () => claimCases(fixture));
    describe('worker transitions', () => transitionCases(fixture));
    describe('cancel, retry, stats and workers', () => adminCases(fixture));
    describe('interruptions and dead workers', () => interruptionCases(fixture));
  });
}
