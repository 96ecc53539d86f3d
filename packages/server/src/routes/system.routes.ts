import { getSystemStatus, type SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SystemStatusSchema, toSystemStatusResponse, type SystemStatusResponse } from './system.schema.js';
import { SystemLimitsSchema, toSystemLimitsResponse } from './system-limits.schema.js';
import { uploadLimitsOf } from './upload-limits.js';

/**
 * Operational overview, gathered by the same runtime function as `sift status`; over HTTP without the data dir
 * and the workers' pids and hosts (see SystemStatusSchema); and the limits clients check uploads against.
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

  // Read once: the limits are fixed for the life of the process, like the upload route's.
  const limits = toSystemLimitsResponse(uploadLimitsOf(runtime));
  app.get(
    '/system/limits',
    {
      schema: {
        // Anyone who may read may look; nothing here is secret, but it says nothing to a stranger either.
        'x-permission': 'read',
        tags: ['system'],
        summary: 'Upload and request limits',
        description:
          'The limits the server enforces, so that a client can refuse an oversize or unsupported file before ' +
          'sending it: bytes per file by category, files per upload, accepted formats, the JSON body limit, ' +
          'tag and metadata caps. Read from the same objects the upload route enforces.',
        response: { 200: SystemLimitsSchema },
      },
    },
    async () => limits,
  );
};
