import { dashboardStats } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accessOf } from '../auth/permissions.js';
import { problemResponses } from '../problem.schema.js';
import { StatsQuerySchema, StatsResponseSchema, toStatsResponse } from './stats.schema.js';

/** Aggregates for the dashboard of the web UI, over what the caller may see. */
export const statsRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  app.get(
    '/stats',
    {
      schema: {
        'x-permission': 'read',
        tags: ['system'],
        summary: 'Dashboard statistics',
        description:
          'Documents by status, category and content type (now); over `range`: documents uploaded, ' +
          'processed and failed per bucket, searches and zero-result searches per bucket, search latency ' +
          'percentiles and the most frequent queries without hits. Counted inside the queries over what the ' +
          'caller may see: documents it may read (admins: all), its own searches (unrestricted admins: ' +
          'everyone’s). Buckets are UTC hours or days; the last one is the current, still filling.',
        querystring: StatsQuerySchema,
        response: { 200: StatsResponseSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const q = request.query;
      const stats = await dashboardStats(runtime.metadata.stats, accessOf(request), {
        range: q.range,
        top: q.top,
        ...(q.bucket ? { bucket: q.bucket } : {}),
      });
      return toStatsResponse(stats);
    },
  );
};
