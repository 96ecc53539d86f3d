import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OtelTracer } from './otel-tracer.adapter.js';
import { OtlpReceiver } from './testing/otlp-receiver.js';

let receiver: OtlpReceiver;
const tracers: OtelTracer[] = [];

function tracer(options: Partial<ConstructorParameters<typeof OtelTracer>[0]> = {}): OtelTracer {
  const t = new OtelTracer({ endpoint: receiver.url, serviceName: 'sift-test', ...options });
  tracers.push(t);
  return t;
}

beforeEach(async () => {
  receiver = await OtlpReceiver.start();
});
afterEach(async () => {
  await Promise.all(tracers.splice(0).map((t) => t.close()));
  await receiver.close();
});

describe('OtelTracer', () => {
  it('nests spans by async context and exports them to the OTLP endpoint with the service resource', async () => {
    const t = tracer({ instanceId: 'node-1' });
    let inner: { traceId: string; spanId: string } | null = null;
    await t.span('outer', { 'sift.n': 1 }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      await t.span('inner', {}, async (span) => {
        span.setAttribute('sift.later', 'yes');
        inner = t.currentIds();
      });
    });
    expect(t.currentIds()).toBeNull();
    await t.flush();
    const outer = await receiver.waitFor((s) => s.name === 'outer');
    const child = await receiver.waitFor((s) => s.name === 'inner');
    expect(child.parentSpanId).toBe(outer.spanId);
    expect(child.traceId).toBe(outer.traceId);
    expect(outer.parentSpanId).toBeNull();
    expect(outer.attributes).toEqual({ 'sift.n': 1 });
    expect(child.attributes).toEqual({ 'sift.later': 'yes' });
    expect(inner).toEqual({ traceId: child.traceId, spanId: child.spanId });
    expect(outer).toMatchObject({ serviceName: 'sift-test', instanceId: 'node-1' });
    expect(child.endNs).toBeGreaterThanOrEqual(child.startNs);
  });

  it('continues a trace in another tracer (another process) through a W3C carrier', async () => {
    const api = tracer();
    const worker = tracer();
    expect(api.carrier()).toBeNull();
    const carrier = await api.span('http.request', {}, async () => api.carrier());
    expect(carrier?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    // JSON round trip, as the carrier travels in a job payload.
    const stored = JSON.parse(JSON.stringify(carrier)) as typeof carrier;
    await worker.resume(stored, () => worker.span('job document.ingest', {}, async () => {}));
    await Promise.all([api.flush(), worker.flush()]);
    const parent = await receiver.waitFor((s) => s.name === 'http.request');
    const job = await receiver.waitFor((s) => s.name === 'job document.ingest');
    expect(job.traceId).toBe(parent.traceId);
    expect(job.parentSpanId).toBe(parent.spanId);
    expect(job.instanceId).not.toBe(parent.instanceId);
    expect(job.kind).toBe(5); // consumer
  });

  it('records a sampled share of new traces, and continued work follows the caller’s decision', async () => {
    const none = tracer({ sampleRatio: 0 });
    const all = tracer();
    const carrier = await none.span('unsampled request', {}, async () => {
      // Nothing recorded, so log lines carry no ids that a trace view would not know.
      expect(none.currentIds()).toBeNull();
      return none.carrier();
    });
    // The decision still travels: a worker continuing this trace records nothing either.
    expect(carrier?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    await all.resume(carrier, () => all.span('job of an unsampled trace', {}, async () => {}));
    await all.span('sampled root', {}, async () => {});
    await Promise.all([none.flush(), all.flush()]);
    await receiver.waitFor((s) => s.name === 'sampled root');
    expect(receiver.spans.map((s) => s.name)).toEqual(['sampled root']);

    // Half the new traces, chosen by trace id: of 400 roots, about 200 are kept.
    const half = tracer({ sampleRatio: 0.5 });
    for (let i = 0; i < 400; i++) await half.span('half', {}, async () => {});
    await half.flush();
    const kept = receiver.spans.filter((s) => s.name === 'half').length;
    expect(kept).toBeGreaterThan(140);
    expect(kept).toBeLessThan(260);
  });

  it('starts a new trace when resumed without a carrier or with an invalid traceparent', async () => {
    const t = tracer();
    await t.span('ambient', {}, async () => {
      await t.resume(null, () => t.span('no-carrier', {}, async () => {}));
      await t.resume({ traceparent: 'garbage' }, () => t.span('bad-carrier', {}, async () => {}));
    });
    await t.flush();
    const ambient = await receiver.waitFor((s) => s.name === 'ambient');
    for (const name of ['no-carrier', 'bad-carrier']) {
      const span = await receiver.waitFor((s) => s.name === name);
      expect(span.parentSpanId).toBeNull();
      expect(span.traceId).not.toBe(ambient.traceId);
    }
  });

  it('records an error thrown in a span and rethrows it', async () => {
    const t = tracer();
    await expect(
      t.span('failing', {}, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await t.flush();
    const span = await receiver.waitFor((s) => s.name === 'failing');
    expect(span.statusCode).toBe(2);
  });

  it('marks request spans as server spans and LLM calls as client spans', async () => {
    const t = tracer();
    await t.span('GET /api/v1/search', { 'http.request.method': 'GET' }, async () => {
      await t.span('llm.call', {}, async () => {});
    });
    await t.flush();
    expect((await receiver.waitFor((s) => s.name === 'GET /api/v1/search')).kind).toBe(2);
    expect((await receiver.waitFor((s) => s.name === 'llm.call')).kind).toBe(3);
  });

  it('exports pending spans on close', async () => {
    const t = tracer({ exportDelayMs: 60_000 });
    await t.span('pending', {}, async () => {});
    expect(receiver.spans).toHaveLength(0);
    await t.close();
    await t.close();
    expect(receiver.spans.map((s) => s.name)).toEqual(['pending']);
  });

  it('reports an export the collector refuses', async () => {
    const failures: { spans: number; error: Error }[] = [];
    receiver.refuseWith = 400;
    const t = tracer({ onExportFailure: (f) => failures.push(f) });
    await t.span('dropped', {}, async () => {});
    await t.flush(); // resolves: a failed export must not fail the caller
    expect(receiver.requests).toBeGreaterThan(0);
    expect(receiver.spans).toHaveLength(0);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.spans).toBe(1);
  });
});
