import { Writable } from 'node:stream';
import { OtlpReceiver, type ReceivedSpan } from '@sift/adapter-otel/testing';
import { loadConfig } from '@sift/config';
import { createLogger, type SiftLogger } from '@sift/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/test-server.js';
import { uploadFiles, waitForDocument } from './testing/upload.js';

/**
 * One trace from upload to index (#15): the request's span, the ingest job's span in the worker (continued
 * from the trace context the upload put into the job payload), the pipeline stages under the job, embedding
 * batches and the index write under their stages — exported over OTLP/HTTP to a collector the test runs.
 */
let receiver: OtlpReceiver;
let server: TestServer | null = null;

beforeEach(async () => {
  receiver = await OtlpReceiver.start();
});
afterEach(async () => {
  await server?.close();
  server = null;
  await receiver.close();
});

function only(spans: ReceivedSpan[], name: string): ReceivedSpan {
  const found = spans.filter((s) => s.name === name);
  expect(
    found.map((s) => s.name),
    `exactly one ${name} span`,
  ).toEqual([name]);
  return found[0]!;
}

async function uploadAndProcess(
  env: Record<string, string>,
  expected: 'processed' | 'failed' = 'processed',
  runtimeLogger?: SiftLogger,
): Promise<{ traceId: string; spans: ReceivedSpan[]; taskPayload: Record<string, unknown> }> {
  server = await startTestServer({
    env: {
      SIFT_OTEL_ENDPOINT: receiver.url,
      SIFT_OTEL_SERVICE_NAME: 'sift-e2e',
      SIFT_QUEUE_POLL_MS: '50',
      ...env,
    },
    startWorkers: true,
    ...(runtimeLogger ? { runtimeLogger } : {}),
  });
  const api = `${server.url}/api/v1`;
  const text = 'Tracing carries the upload into the worker. '.repeat(40);
  const { status, body } = await uploadFiles(api, [{ name: 'traced.txt', data: text, type: 'text/plain' }]);
  expect(status).toBe(202);
  const id = body.items[0]?.document_id;
  expect(id).toBeTypeOf('string');
  expect((await waitForDocument(api, id!)).status).toBe(expected);
  const task = await fetch(`${api}/tasks/${body.items[0]?.task_id}`);
  const { payload: taskPayload } = (await task.json()) as { payload: Record<string, unknown> };
  // Closing the runtime flushes the batch processor: every span is at the collector afterwards.
  await server.close();
  const upload = only(receiver.spans, 'POST /api/v1/documents');
  return { traceId: upload.traceId, spans: receiver.trace(upload.traceId), taskPayload };
}

describe('tracing end to end', () => {
  it(
    'connects the upload request, the ingest job in the worker and the job’s pipeline stages in one trace',
    { timeout: 120_000 },
    async () => {
      const { spans, taskPayload } = await uploadAndProcess({ SIFT_EMBEDDER: 'none' });
      const upload = only(spans, 'POST /api/v1/documents');
      // The task API shows the carrier: it names the trace an operator looks up for a task.
      expect(taskPayload).toEqual({
        documentId: expect.any(String),
        _trace: { traceparent: `00-${upload.traceId}-${upload.spanId}-01` },
      });
      const job = only(spans, 'job document.ingest');
      expect(upload.parentSpanId).toBeNull();
      expect(upload.kind).toBe(2);
      expect(upload.attributes).toMatchObject({
        'http.route': '/api/v1/documents',
        'http.response.status_code': 202,
      });
      expect(upload.serviceName).toBe('sift-e2e');
      expect(job.parentSpanId).toBe(upload.spanId);
      expect(job.attributes).toMatchObject({
        'sift.task.queue': 'default',
        'sift.task.attempt': 1,
        'sift.job.outcome': 'succeeded',
      });
      expect(job.attributes['sift.task.id']).toBeTypeOf('string');
      for (const stage of ['pipeline.extract', 'pipeline.chunk', 'pipeline.index']) {
        expect(only(spans, stage).parentSpanId, stage).toBe(job.spanId);
      }
      expect(only(spans, 'index.write').parentSpanId).toBe(only(spans, 'pipeline.index').spanId);
      // Connected: every span's parent is a span of the same trace, up to the one root.
      const ids = new Set(spans.map((s) => s.spanId));
      expect(spans.filter((s) => s.parentSpanId !== null && !ids.has(s.parentSpanId))).toEqual([]);
      expect(spans.filter((s) => s.parentSpanId === null)).toEqual([upload]);
    },
  );

  it(
    'puts embedding batches under pipeline.embed (full pipeline assertion, with the bundled embedder)',
    { timeout: 180_000 },
    async () => {
      const { spans } = await uploadAndProcess({ SIFT_EMBEDDER: 'use-lite' });
      const job = only(spans, 'job document.ingest');
      const embed = only(spans, 'pipeline.embed');
      expect(embed.parentSpanId).toBe(job.spanId);
      const batches = spans.filter((s) => s.name === 'embed.batch');
      expect(batches.length).toBeGreaterThan(0);
      for (const batch of batches) expect(batch.parentSpanId).toBe(embed.spanId);
    },
  );

  it(
    'writes the worker’s log lines of a failing job with the upload’s trace id and the job’s span id',
    { timeout: 120_000 },
    async () => {
      const lines: Record<string, unknown>[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
            lines.push(JSON.parse(line) as Record<string, unknown>);
          done();
        },
      });
      const logger = createLogger(
        loadConfig({ SIFT_OTEL_ENDPOINT: receiver.url, SIFT_LOG_LEVEL: 'warn' }),
        sink,
      );
      // An embedding model that is not installed and may not be downloaded: the job fails for good.
      const env = { SIFT_EMBEDDER: 'transformers', SIFT_EMBEDDING_MODEL: 'nobody/missing-model' };
      const { traceId, spans } = await uploadAndProcess(env, 'failed', logger);
      const job = only(spans, 'job document.ingest');
      expect(job.statusCode).toBe(2);
      expect(job.attributes['sift.job.outcome']).toBe('failed');
      const failure = lines.find((l) => l.msg === 'task attempt failed');
      expect(failure).toMatchObject({ trace_id: traceId, span_id: job.spanId });
    },
  );
});
