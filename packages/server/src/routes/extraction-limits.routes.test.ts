import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles, waitForDocument, waitForTask } from '../testing/upload.js';

const JFK = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/audio/jfk.wav');

/**
 * A document that stalls its extraction is stopped at its time limit and, the second time, failed as a poison
 * pill — not retried until its attempts run out, and never holding the event loop. An 11 s recording with a
 * 1 s limit for transcription stands in for any file that takes too long.
 */
describe('extraction limits over HTTP', () => {
  let t: TestServer;
  const api = () => `${t.url}/api/v1`;
  beforeAll(async () => {
    t = await startTestServer({
      startWorkers: true,
      env: {
        SIFT_EXTRACTION_AUDIO_TIMEOUT_S: '1',
        SIFT_JOB_MAX_ATTEMPTS: '5',
        SIFT_JOB_BACKOFF_MS: '50',
        SIFT_QUEUE_POLL_MS: '50',
        SIFT_EMBEDDER: 'none',
      },
    });
  });
  afterAll(() => t.close());

  it('fails a file that stalls twice as EXTRACTION_TIMEOUT after two attempts, though five are allowed', async () => {
    const up = await uploadFiles(api(), [{ name: 'jfk.wav', data: await readFile(JFK), type: 'audio/wav' }]);
    const doc = await waitForDocument(api(), up.body.items[0]!.document_id!, 90_000);
    expect(doc).toMatchObject({ status: 'failed', error: { code: 'EXTRACTION_TIMEOUT' } });
    const task = (await waitForTask(api(), doc.task_id!)) as unknown as Record<string, unknown>;
    expect(task).toMatchObject({ status: 'failed', attempts: 2, interruptions: 2 });
    expect((task.error as { retryable: boolean }).retryable).toBe(false);
    // The server answered throughout.
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });
});
