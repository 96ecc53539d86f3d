import { getSystemStatus, type SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SystemStatusSchema, toSystemStatusResponse, type SystemStatusResponse } from './system.schema.js';

/**
 * Operational overview, gathered by the same runtime function as `sift status`; over HTTP without the data dir
 * and the workers' pids and hosts (see SystemStatusSchema).
 */
export const systemRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  app.get(
    '/system/status',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['system'],
        summary: 'System status',
        description:
          'Task counts per queue and status, registered workers, blob and data dir sizes. Where the server ' +
          'keeps its data and the pid and host of each worker are left out (`sift status` on the machine ' +
          'shows them; admins will see them here once identity exists).',
        response: { 200: SystemStatusSchema },
      },
    },
    async (): Promise<SystemStatusResponse> => toSystemStatusResponse(await getSystemStatus(runtime)),
  );
};
