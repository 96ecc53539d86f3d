import { getSystemStatus, type SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SystemStatusSchema, type SystemStatusResponse } from './system.schema.js';

/** Operational overview; `sift status` prints the same gathered by the same runtime function. */
export const systemRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  app.get(
    '/system/status',
    {
      schema: {
        tags: ['system'],
        summary: 'System status',
        description: 'Task counts per queue and status, registered workers, blob and data dir sizes.',
        response: { 200: SystemStatusSchema },
      },
    },
    async (): Promise<SystemStatusResponse> => getSystemStatus(runtime),
  );
};
