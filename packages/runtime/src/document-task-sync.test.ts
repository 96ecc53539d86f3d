import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { tempConfig, until } from './test-support.js';

/** A document always says what happened to its ingest task: cancelled, dead, failed, or retried. */
describe('documents in step with their tasks', () => {
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

  const upload = () =>
    runtime.documents.upload({
      access: runtime.identity.operator(),
      filename: 'notes.txt',
      source: Buffer.from('some notes'),
    });

  it('fails a processing document as TASK_CANCELLED when its running task is cancelled, and keeps it so', async () => {
    const { document, task } = await upload();
    await runtime.queue.claim({ workerId: 'w', queues: ['default'], leaseMs: 60_000 });
    await runtime.metadata.documents.update(document.id, { status: 'processing', stage: 'extract' });
    await runtime.tasks.cancel(runtime.identity.operator(), task!.id);
    const failed = await until(async () => {
      const doc = await runtime.documents.get(runtime.identity.operator(), document.id);
      return doc.status === 'failed' && doc;
    });
    expect(failed).toMatchObject({ errorCode: 'TASK_CANCELLED', stage: null });
    // Start-up reconciliation used to queue cancelled documents again.
    expect(await runtime.documents.reconcile()).toEqual({ requeued: 0, failed: 0 });
    expect((await runtime.documents.get(runtime.identity.operator(), document.id)).status).toBe('failed');
  });

  it('queues a failed document again when its dead task is retried', async () => {
    const { document, task } = await upload();
    const claimed = await runtime.queue.claim({ workerId: 'w', queues: ['default'], leaseMs: 60_000 });
    await runtime.queue.fail(
      claimed!.id,
      'w',
      { code: 'EMBEDDER_UNAVAILABLE', message: 'down', retryable: true },
      { finalStatus: 'dead' },
    );
    expect(await runtime.documents.reconcile()).toEqual({ requeued: 0, failed: 1 });
    expect(await runtime.documents.get(runtime.identity.operator(), document.id)).toMatchObject({
      status: 'failed',
      errorCode: 'EMBEDDER_UNAVAILABLE',
    });
    await runtime.tasks.retry(runtime.identity.operator(), task!.id);
    const queued = await until(async () => {
      const doc = await runtime.documents.get(runtime.identity.operator(), document.id);
      return doc.status === 'queued' && doc;
    });
    expect(queued).toMatchObject({ errorCode: null, taskId: task!.id });
  });

  it('leaves a document alone when a newer task owns it', async () => {
    const { document, task } = await upload();
    await runtime.tasks.cancel(runtime.identity.operator(), task!.id);
    await until(
      async () => (await runtime.documents.get(runtime.identity.operator(), document.id)).status === 'failed',
    );
    const again = await runtime.documents.reprocess(runtime.identity.operator(), document.id);
    // The old task's events and sweeps must not touch the document the new task owns.
    expect(
      await runtime.documents.failWithTask(document.id, (await runtime.queue.get(task!.id))!),
    ).toBeNull();
    expect((await runtime.documents.get(runtime.identity.operator(), document.id)).status).toBe('queued');
    expect(again.task?.id).not.toBe(task!.id);
  });

  it('reprocesses a document its task has just processed with a new task once that task is marked finished', async () => {
    const { document, task } = await upload();
    const claimed = await runtime.queue.claim({ workerId: 'w', queues: ['default'], leaseMs: 60_000 });
    // The pipeline has saved the document; the worker has not yet marked its task succeeded.
    await runtime.metadata.documents.update(document.id, { status: 'processed', stage: null, progress: 1 });
    const reprocessing = runtime.documents.reprocess(runtime.identity.operator(), document.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await runtime.queue.complete(claimed!.id, 'w', { chunks: 1 });
    const again = await reprocessing;
    expect(again.task?.id).not.toBe(task!.id);
    expect(again.task?.status).toBe('pending');
    expect((await runtime.documents.get(runtime.identity.operator(), document.id)).taskId).toBe(
      again.task?.id,
    );
  });

  it('refuses to reprocess as DOCUMENT_BUSY while a task that processed the document does not finish', async () => {
    const { document } = await upload();
    await runtime.queue.claim({ workerId: 'w', queues: ['default'], leaseMs: 60_000 });
    await runtime.metadata.documents.update(document.id, { status: 'failed', stage: null });
    await expect(runtime.documents.reprocess(runtime.identity.operator(), document.id)).rejects.toMatchObject(
      {
        code: 'DOCUMENT_BUSY',
        retryable: true,
      },
    );
  }, 30_000);
});
