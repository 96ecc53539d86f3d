import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { InProcessEventBus } from '../events/in-process-event-bus.js';
import type {
  MetricLabels,
  MetricsPort,
  SpanAttributes,
  Telemetry,
  TraceCarrier,
  TracerPort,
} from '../ports/telemetry.port.js';
import { InMemoryJobQueue } from '../testing/in-memory-job-queue.js';
import type { MetricName } from '../telemetry/metric-catalog.js';
import { TRACE_PAYLOAD_KEY } from './job-trace.js';
import { TaskService } from './task.service.js';
import { WorkerPool } from './worker-pool.js';

interface RecordedSpan {
  name: string;
  attributes: Record<string, string | number | boolean>;
  /** The carrier the span's trace was resumed from. */
  resumedFrom: TraceCarrier | null;
  failed: boolean;
}

/** A tracer that records spans; the carrier it hands out names the span that is current. */
class RecordingTracer implements TracerPort {
  readonly spans: RecordedSpan[] = [];
  private readonly current = new AsyncLocalStorage<{ span: string | null; resumed: TraceCarrier | null }>();

  async span<T>(name: string, attributes: SpanAttributes, fn: (span: never) => Promise<T>): Promise<T> {
    const record: RecordedSpan = {
      name,
      attributes: { ...attributes },
      resumedFrom: this.current.getStore()?.resumed ?? null,
      failed: false,
    };
    this.spans.push(record);
    const handle = {
      setAttribute: (k: string, v: string | number | boolean) => void (record.attributes[k] = v),
    };
    return this.current.run({ span: name, resumed: record.resumedFrom }, async () => {
      try {
        return await fn(handle as never);
      } catch (err) {
        record.failed = true;
        throw err;
      }
    });
  }
  carrier(): TraceCarrier | null {
    const span = this.current.getStore()?.span;
    return span ? { traceparent: `00-trace-of-${span}-01` } : null;
  }
  resume<T>(carrier: TraceCarrier | null | undefined, fn: () => Promise<T>): Promise<T> {
    return this.current.run({ span: null, resumed: carrier ?? null }, fn);
  }
  currentIds(): null {
    return null;
  }
}

class RecordingMetrics implements MetricsPort {
  readonly calls: { kind: 'count' | 'observe'; metric: MetricName; labels: MetricLabels; value: number }[] =
    [];
  count(metric: MetricName, labels: MetricLabels = {}, by = 1): void {
    this.calls.push({ kind: 'count', metric, labels, value: by });
  }
  observe(metric: MetricName, labels: MetricLabels, value: number): void {
    this.calls.push({ kind: 'observe', metric, labels, value });
  }
  set(): void {}
  outcomes(): string[] {
    return this.calls
      .filter((c) => c.metric === 'sift_job_duration_seconds')
      .map((c) => `${c.labels.outcome}`);
  }
  counted(metric: MetricName): number {
    return this.calls.filter((c) => c.metric === metric).reduce((sum, c) => sum + c.value, 0);
  }
}

type Jobs = { 'document.ingest': { documentId: string } };

function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = async () => {
      if (await condition()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(poll, 5);
    };
    void poll();
  });
}

describe('job tracing and metrics', () => {
  const pools: WorkerPool<Jobs>[] = [];
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.stop({ graceMs: 0 });
  });

  function setup(handler: (ctx: never) => Promise<unknown>) {
    const queue = new InMemoryJobQueue();
    const events = new InProcessEventBus();
    const tracer = new RecordingTracer();
    const metrics = new RecordingMetrics();
    const telemetry: Telemetry = { tracer, metrics };
    const tasks = new TaskService(queue, events, { maxAttempts: 2 }, telemetry);
    const pool = new WorkerPool<Jobs>(
      queue,
      { 'document.ingest': handler as never },
      {
        concurrency: { default: 1 },
        pollIntervalMs: 5,
        leaseMs: 150,
        backoff: { baseMs: 1, factor: 1, maxMs: 1, jitter: 0 },
        events,
        telemetry,
      },
    );
    pools.push(pool);
    return { queue, tasks, tracer, metrics, pool };
  }

  it('stores the enqueuer’s trace context in the payload and runs the job in a span continuing it', async () => {
    const seen: unknown[] = [];
    const { queue, tasks, tracer, metrics, pool } = setup(
      async (ctx: { payload: unknown; task: { payload: unknown } }) => {
        seen.push(ctx.payload, ctx.task.payload);
        return 'ok';
      },
    );
    const task = await tracer.span('POST /api/v1/documents', {}, () =>
      tasks.enqueue('document.ingest', { documentId: 'd1' }),
    );
    expect(task.payload).toEqual({
      documentId: 'd1',
      [TRACE_PAYLOAD_KEY]: { traceparent: '00-trace-of-POST /api/v1/documents-01' },
    });
    await pool.start();
    await waitFor(async () => (await queue.get(task.id))?.status === 'succeeded');
    await waitFor(() => metrics.outcomes().length === 1);
    // The handler sees exactly the payload it was given.
    expect(seen).toEqual([{ documentId: 'd1' }, { documentId: 'd1' }]);
    const job = tracer.spans.find((s) => s.name === 'job document.ingest');
    expect(job).toEqual({
      name: 'job document.ingest',
      attributes: {
        'sift.task.id': task.id,
        'sift.task.queue': 'default',
        'sift.task.attempt': 1,
        'sift.job.outcome': 'succeeded',
      },
      resumedFrom: { traceparent: '00-trace-of-POST /api/v1/documents-01' },
      failed: false,
    });
    expect(metrics.calls).toEqual([
      {
        kind: 'observe',
        metric: 'sift_job_duration_seconds',
        labels: { type: 'document.ingest', outcome: 'succeeded' },
        value: expect.any(Number),
      },
    ]);
  });

  it('adds nothing to the payload outside a span, and a job without a carrier starts its own trace', async () => {
    const { queue, tasks, tracer, pool } = setup(async () => 'ok');
    const task = await tasks.enqueue('document.ingest', { documentId: 'd2' });
    expect(task.payload).toEqual({ documentId: 'd2' });
    await pool.start();
    await waitFor(async () => (await queue.get(task.id))?.status === 'succeeded');
    await waitFor(() => tracer.spans.length === 1);
    expect(tracer.spans[0]?.resumedFrom).toBeNull();
  });

  it('counts a retry and a dead letter, with failed spans, when every attempt fails retryably', async () => {
    const { queue, tasks, tracer, metrics, pool } = setup(async () => {
      throw new AppError('FLAKY', 'third_party', 'flaky', { retryable: true });
    });
    const task = await tasks.enqueue('document.ingest', { documentId: 'd3' });
    await pool.start();
    await waitFor(async () => (await queue.get(task.id))?.status === 'dead');
    await waitFor(() => metrics.outcomes().length === 2);
    expect(metrics.outcomes()).toEqual(['retry', 'dead']);
    expect(metrics.counted('sift_job_retries_total')).toBe(1);
    expect(metrics.counted('sift_job_dead_letters_total')).toBe(1);
    expect(
      tracer.spans.map((s) => [
        s.attributes['sift.task.attempt'],
        s.attributes['sift.job.outcome'],
        s.failed,
      ]),
    ).toEqual([
      [1, 'retry', true],
      [2, 'dead', true],
    ]);
  });

  it('records a permanent failure as failed', async () => {
    const { queue, tasks, metrics, pool } = setup(async () => {
      throw new AppError('BAD_FILE', 'user', 'bad file');
    });
    const task = await tasks.enqueue('document.ingest', { documentId: 'd4' });
    await pool.start();
    await waitFor(async () => (await queue.get(task.id))?.status === 'failed');
    await waitFor(() => metrics.outcomes().length === 1);
    expect(metrics.outcomes()).toEqual(['failed']);
    expect(metrics.counted('sift_job_retries_total')).toBe(0);
  });

  it('records a cancelled attempt as cancelled', async () => {
    let started = false;
    const { tasks, metrics, pool } = setup(
      (ctx: { signal: AbortSignal }) =>
        new Promise((_resolve, reject) => {
          started = true;
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error));
        }),
    );
    const task = await tasks.enqueue('document.ingest', { documentId: 'd5' });
    await pool.start();
    await waitFor(() => started);
    await tasks.cancel(null, task.id);
    await waitFor(() => metrics.outcomes().length === 1);
    expect(metrics.outcomes()).toEqual(['cancelled']);
  });
});
