import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles, waitForDocument, waitForTask } from '../testing/upload.js';

describe('failed documents over HTTP', () => {
  let t: TestServer;
  const api = () => `${t.url}/api/v1`;

  // An embedding model that is neither in the models dir (under the data dir) nor downloadable: ingestion
  // fails with MODEL_MISSING, whose message is written for the operator.
  beforeAll(async () => {
    t = await startTestServer({
      startWorkers: true,
      env: {
        SIFT_EMBEDDER: 'transformers',
        SIFT_EMBEDDING_MODEL: 'nobody/missing-model',
        SIFT_ALLOW_MODEL_DOWNLOADS: 'false',
        SIFT_QUEUE_POLL_MS: '50',
      },
    });
  });
  afterAll(() => t.close());

  it('shows why a document failed without naming where the server keeps its files', async () => {
    const up = await uploadFiles(api(), [{ name: 'note.txt', data: 'a note that cannot be embedded' }]);
    const doc = await waitForDocument(api(), up.body.items[0]!.document_id!);
    expect(doc).toMatchObject({ status: 'failed', error: { code: 'MODEL_MISSING' } });
    expect(doc.error!.message).toContain('nobody/missing-model is not available offline');
    await waitForTask(api(), doc.task_id!);
    const listed = await (await fetch(`${api()}/documents`)).text();
    const task = await (await fetch(`${api()}/tasks/${doc.task_id}`)).text();
    expect(task).toContain('MODEL_MISSING');
    for (const text of [JSON.stringify(doc), listed, task]) expect(text).not.toContain(t.dataDir);
  });
});
