import type { SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { accessOf } from './auth/permissions.js';

/** The route label of requests no route matched: never the raw path, which anyone can make up. */
export const UNMATCHED_ROUTE = 'unmatched';
export const METRICS_PATH = '/metrics';

/**
 * HTTP metrics of every request: `sift_http_requests_total{route,method,status}` and
 * `sift_http_request_duration_seconds{route,method}`, by route TEMPLATE (`/api/v1/documents/:id`), so label
 * values stay a bounded set. Scrapes of /metrics itself are not counted (the Prometheus client convention:
 * the scrape interval would otherwise dominate the request rate). Register it before the routes.
 */
export const httpMetricsPlugin = fp<{ runtime: SiftRuntime }>(async (app, { runtime }) => {
  const { metrics, exposition } = runtime.telemetry;
  if (!exposition) return;
  app.addHook('onResponse', async (request, reply) => {
    // The not-found handler has no template: its path is whatever the client sent.
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    if (route === METRICS_PATH) return;
    const method = request.method;
    metrics.count('sift_http_requests_total', { route, method, status: reply.statusCode });
    metrics.observe('sift_http_request_duration_seconds', { route, method }, reply.elapsedTime / 1000);
  });
});

/**
 * `GET /metrics` on the API port, for admins only (metrics reveal usage): Prometheus scrapes it with an admin
 * API key as its bearer token (`authorization: { credentials_file: … }` in the scrape config). Absent when
 * SIFT_METRICS=false. The separate unauthenticated listener (SIFT_METRICS_PORT) is runtime's.
 */
export const metricsRoutes: FastifyPluginAsync<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { exposition } = runtime.telemetry;
  if (!exposition) return;
  app.get(
    METRICS_PATH,
    {
      schema: {
        'x-permission': 'admin',
        tags: ['system'],
        summary: 'Prometheus metrics',
        description:
          'Every metric of this process in the Prometheus text exposition format (version 0.0.4): HTTP, ' +
          'queues and jobs, the ingest pipeline, embedding, search, the LLM, storage and process figures. ' +
          'Admins only; scrape with an admin API key as bearer token, or use the separate listener ' +
          '(SIFT_METRICS_PORT).',
      },
    },
    async (request, reply) => {
      // The auth hook checked the scope; the access decision is the core's, as on every route.
      accessOf(request).requireAdmin();
      const text = await exposition.render();
      return reply.type(exposition.contentType).send(text);
    },
  );
};
