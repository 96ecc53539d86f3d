import { noopTracer, type SpanAttributes, type TraceCarrier, type TracerPort } from '@sift/core';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * A server span per request (`GET /api/v1/documents/:id`: the route TEMPLATE, never the raw path with ids),
 * continuing the caller's trace when the request carries a W3C `traceparent`. The span is the active context
 * while the route runs, so whatever the handler does — an upload enqueueing its ingest job, a search — is part
 * of the request's trace. Attributes follow the HTTP semantic conventions: method, route, status; a 5xx marks
 * the span failed. Nothing is registered when tracing is off. Register it before every other plugin, so that
 * their hooks (authentication, rate limits) run inside the span.
 */
export const tracingPlugin = fp<{ tracer: TracerPort }>(async (app, { tracer }) => {
  if (tracer === noopTracer) return;
  // The span's context, to re-enter before the handler (see preHandler).
  const contexts = new WeakMap<FastifyRequest, TraceCarrier>();

  app.addHook('onRequest', (request, reply, done) => {
    // A WebSocket (live events) lives as long as the client stays; a span over it would tell nothing.
    if (request.headers.upgrade) return done();
    const route = request.routeOptions.url;
    const attributes: SpanAttributes = {
      'http.request.method': request.method,
      ...(route ? { 'http.route': route } : {}),
    };
    void tracer
      .resume(incomingCarrier(request), () =>
        tracer.span(route ? `${request.method} ${route}` : request.method, attributes, (span) => {
          const carrier = tracer.carrier();
          if (carrier) contexts.set(request, carrier);
          return new Promise<void>((resolve, reject) => {
            // 'close' comes after the response was sent and also when the client went away first.
            reply.raw.once('close', () => {
              span.setAttribute('http.response.status_code', reply.statusCode);
              if (reply.statusCode >= 500) reject(new Error(`HTTP ${reply.statusCode}`));
              else resolve();
            });
            // The rest of the request runs inside the span.
            done();
          });
        }),
      )
      .catch(() => {});
  });

  // A body is read from stream events, which run outside the span's async context: the handler (after
  // parsing) is put back inside it, as a continuation of the span.
  app.addHook('preHandler', (request, _reply, done) => {
    const carrier = contexts.get(request);
    if (!carrier) return done();
    void tracer.resume(carrier, async () => done());
  });
});

function incomingCarrier(request: FastifyRequest): TraceCarrier | null {
  const traceparent = request.headers.traceparent;
  if (typeof traceparent !== 'string') return null;
  const tracestate = request.headers.tracestate;
  return typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent };
}
