import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { tempConfig } from './test-support.js';

/**
 * The sweep reads documents, then their tasks. In the scale-out shape another process's worker finishes a
 * task between the two reads (found by the end-to-end test: a restarted worker's start-up sweep queued four
 * of 1,000 processed documents a second time).
 */
describe('document reconciliation racing a worker', () => {
  let runtime: SiftRuntime;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const temp = await tempConfig({ SIFT_WORKERS: 'false' });
    cleanup = temp.cleanup;
    runtime = await createRuntime(temp.config);
  });
  afterEach(async () => {
    await runtime.close();
    await cleanup();
  });

  it('leaves a document alone whose task succeeded, and saved it, after the sweep read it as processing', async () => {
    const { document, task } = await runtime.documents.upload({
      access: runtime.identity.operator(),
      filename: 'notes.txt',
      source: Buffer.from('some notes'),
    });
    await runtime.queue.claim({ workerId: 'w', queues: ['default'], leaseMs: 60_000 });
    await runtime.metadata.documents.update(document.id, { status: 'processing', stage: 'extract' });
    const documents = runtime.metadata.documents;
    const list = documents.list.bind(documents);
    // The other worker saves the document and completes its task right after the sweep's read.
    documents.list = async (filter) => {
      const stale = await list(filter);
      documents.list = list;
      await documents.update(document.id, { status: 'processed', stage: null, progress: 1 });
      await runtime.queue.complete(task!.id, 'w', null);
      return stale;
    };
    expect(await runtime.documents.reconcile()).toEqual({ requeued: 0, failed: 0 });
    const { items } = await runtime.queue.list({ documentId: document.id, limit: 10 });
    expect(items.map((t) => t.id)).toEqual([task!.id]);
  });
});
