import { OtelTracer } from '@sift/adapter-otel';
import { OtlpReceiver } from '@sift/adapter-otel/testing';
import { noopTracer, type TracerPort } from '@sift/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tracingPlugin } from './tracing.plugin.js';

let receiver: OtlpReceiver;
let tracer: OtelTracer;
let app: FastifyInstance;
let url: string;

async function serve(t: TracerPort): Promise<void> {
  app = Fastify();
  await app.register(tracingPlugin, { tracer: t });
  // A child span inside the handler: it must hang under the request's span.
  app.get('/items/:id', () => t.span('handler.work', {}, async () => ({ ids: t.currentIds() })));
  app.post('/items', async () => t.span('handler.work', {}, async () => ({ carrier: t.carrier() })));
  app.get('/boom', async () => {
    throw new Error('broken');
  });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
}

beforeEach(async () => {
  receiver = await OtlpReceiver.start();
  tracer = new OtelTracer({ endpoint: receiver.url, serviceName: 'sift-test' });
});
afterEach(async () => {
  await app.close();
  await tracer.close();
  await receiver.close();
});

describe('tracingPlugin', () => {
  it('opens a server span per request, named by route template, active while the handler runs', async () => {
    await serve(tracer);
    const res = await fetch(`${url}/items/doc-123`);
    const body = (await res.json()) as { ids: { traceId: string; spanId: string } };
    await tracer.flush();
    const request = await receiver.waitFor((s) => s.kind === 2);
    const child = await receiver.waitFor((s) => s.name === 'handler.work');
    expect(request.name).toBe('GET /items/:id');
    expect(request.attributes).toEqual({
      'http.request.method': 'GET',
      'http.route': '/items/:id',
      'http.response.status_code': 200,
    });
    expect(JSON.stringify([request.name, request.attributes])).not.toContain('doc-123');
    expect(request.parentSpanId).toBeNull();
    expect(child.parentSpanId).toBe(request.spanId);
    expect(child.traceId).toBe(request.traceId);
    expect(body.ids).toEqual({ traceId: child.traceId, spanId: child.spanId });
  });

  it('keeps the span active for a handler that runs after a request body was read', async () => {
    await serve(tracer);
    const res = await fetch(`${url}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(100_000) }),
    });
    const { carrier } = (await res.json()) as { carrier: { traceparent: string } };
    await tracer.flush();
    const request = await receiver.waitFor((s) => s.name === 'POST /items');
    const child = await receiver.waitFor((s) => s.name === 'handler.work');
    expect(child.parentSpanId).toBe(request.spanId);
    // What an enqueue would store: the trace of the request, the handler's span as parent.
    expect(carrier.traceparent).toBe(`00-${request.traceId}-${child.spanId}-01`);
  });

  it('continues the trace of a caller that sends a traceparent', async () => {
    await serve(tracer);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    await fetch(`${url}/items/1`, { headers: { traceparent: `00-${traceId}-${parentId}-01` } });
    await tracer.flush();
    const request = await receiver.waitFor((s) => s.kind === 2);
    expect(request.traceId).toBe(traceId);
    expect(request.parentSpanId).toBe(parentId);
  });

  it('starts a new trace when the traceparent is malformed', async () => {
    await serve(tracer);
    await fetch(`${url}/items/1`, { headers: { traceparent: 'not-a-traceparent' } });
    await tracer.flush();
    const request = await receiver.waitFor((s) => s.kind === 2);
    expect(request.parentSpanId).toBeNull();
    expect(request.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('marks a 5xx response failed and names an unmatched request by method only', async () => {
    await serve(tracer);
    expect((await fetch(`${url}/boom`)).status).toBe(500);
    expect((await fetch(`${url}/no/such/path/42`)).status).toBe(404);
    await tracer.flush();
    const failed = await receiver.waitFor((s) => s.name === 'GET /boom');
    expect(failed.statusCode).toBe(2);
    expect(failed.attributes['http.response.status_code']).toBe(500);
    const unmatched = await receiver.waitFor((s) => s.name === 'GET');
    expect(unmatched.attributes).toEqual({ 'http.request.method': 'GET', 'http.response.status_code': 404 });
    expect(unmatched.statusCode).toBe(0);
  });

  it('adds no hooks when tracing is off', async () => {
    await serve(noopTracer);
    const res = await fetch(`${url}/items/1`);
    expect(await res.json()).toEqual({ ids: null });
    expect(app.printRoutes({ includeHooks: true })).not.toMatch(/onRequest|preHandler/);
    await tracer.flush();
    expect(receiver.spans).toHaveLength(0);
  });
});
