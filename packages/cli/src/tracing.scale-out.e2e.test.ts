import { OtlpReceiver } from '@sift/adapter-otel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaleOutServices } from './testing/scale-out-backends.js';
import { startCluster, type Cluster } from './testing/scale-out-cluster.js';
import { waitForStatuses } from './testing/scale-out-ingest.js';

/**
 * The trace context crosses processes in the job payload (#15): an upload to a `sift serve --no-workers` node
 * and its ingest job in a separate `sift worker` process (PostgreSQL + Redis) are one trace.
 */
const services = await scaleOutServices();

describe.skipIf(!(services.postgres && services.redis))(
  'tracing across processes (scale-out shape; needs PostgreSQL and Redis, #14)',
  () => {
    let receiver: OtlpReceiver;
    let cluster: Cluster | null = null;
    beforeAll(async () => {
      receiver = await OtlpReceiver.start();
    });
    afterAll(async () => {
      await cluster?.stop();
      await receiver.close();
    }, 120_000);

    it(
      'continues the upload’s trace in the worker process that ingests the document',
      { timeout: 240_000 },
      async () => {
        cluster = await startCluster({
          embedder: 'none',
          apis: 1,
          workers: 1,
          // The batches go out every 5 s; the test waits for them (the nodes are SIGKILLed at the end).
          env: { SIFT_OTEL_ENDPOINT: receiver.url, SIFT_OTEL_SERVICE_NAME: 'sift-cluster' },
        });
        const [api] = cluster.apis;
        const form = new FormData();
        form.append(
          'file',
          new Blob(['Spans cross the process boundary. '.repeat(30)], { type: 'text/plain' }),
          'x.txt',
        );
        const res = await fetch(`${api!.base}/api/v1/documents`, { method: 'POST', body: form });
        expect(res.status).toBe(202);
        await waitForStatuses(
          cluster.backends.pg,
          (s) => s.processed === 1,
          60_000,
          'the document processed',
        );

        const upload = await receiver.waitFor((s) => s.name === 'POST /api/v1/documents', 20_000);
        const job = await receiver.waitFor((s) => s.name === 'job document.ingest', 20_000);
        expect(job.traceId).toBe(upload.traceId);
        expect(job.parentSpanId).toBe(upload.spanId);
        // Two processes: two service instances of one service.
        expect(job.serviceName).toBe('sift-cluster');
        expect(job.instanceId).not.toBe(upload.instanceId);
        const index = await receiver.waitFor((s) => s.name === 'pipeline.index', 20_000);
        expect(index.parentSpanId).toBe(job.spanId);
      },
    );
  },
);
