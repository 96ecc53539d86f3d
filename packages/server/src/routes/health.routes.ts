import { SIFT_VERSION, type SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LivenessSchema, ReadinessSchema, toReadinessResponse } from './health.schema.js';

/**
 * Probes for orchestrators: liveness says the process answers (restart it if not); readiness says it can do
 * its work now (route traffic to it only then).
 */
export const healthRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness',
        description: 'Answers while the process runs; checks no dependency.',
        response: { 200: LivenessSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok' as const, uptime_s: Math.round(process.uptime()), version: SIFT_VERSION };
    },
  );

  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness',
        description:
          'The database (a test write), free disk space in the data dir, and the workers, as last checked in the ' +
          'background (every 2 s), so that it answers at once under load. Also shows the intake: uploads are ' +
          'refused while more tasks than the limit wait.',
        response: { 200: ReadinessSchema, 503: ReadinessSchema },
      },
    },
    async (_request, reply) => {
      const report = await runtime.health.report();
      // A probe answer is true only now; no proxy may serve it later.
      reply.header('cache-control', 'no-store');
      return reply.status(report.ready ? 200 : 503).send(toReadinessResponse(report));
    },
  );
};
