import type { SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf } from '../auth/origin.js';
import { accessOf } from '../auth/permissions.js';
import { problemResponses } from '../problem.schema.js';
import {
  IdParamsSchema,
  ShareParamsSchema,
  SharePutSchema,
  ShareSchema,
  toShareResponse,
} from './auth.schema.js';

/** Who a collection is shared with: users or groups, as viewers or editors. Its owner and admins change that. */
export const shareRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { collections } = runtime;

  app.get(
    '/collections/:id/shares',
    {
      schema: {
        'x-permission': 'read',
        tags: ['collections'],
        summary: 'Who the collection is shared with',
        params: IdParamsSchema,
        response: { 200: z.object({ items: z.array(ShareSchema) }), ...problemResponses(404) },
      },
    },
    async (request) => ({
      items: (await collections.listShares(accessOf(request), request.params.id)).map(toShareResponse),
    }),
  );

  app.put(
    '/collections/:id/shares',
    {
      schema: {
        'x-permission': 'write',
        tags: ['collections'],
        summary: 'Share the collection with a user or group as viewer or editor (or change the role)',
        description:
          'Viewers read, search and ask within it; editors also add, change and delete its documents.',
        params: IdParamsSchema,
        body: SharePutSchema,
        response: { 200: ShareSchema, ...problemResponses(400, 403, 404) },
      },
    },
    async (request) => {
      const b = request.body;
      const share = await collections.share(
        accessOf(request),
        request.params.id,
        { principalType: b.principal_type, principalId: b.principal_id, role: b.role },
        originOf(request),
      );
      return toShareResponse(share);
    },
  );

  app.delete(
    '/collections/:id/shares/:principal_type/:principal_id',
    {
      schema: {
        'x-permission': 'write',
        tags: ['collections'],
        summary: 'Stop sharing the collection with a user or group',
        params: ShareParamsSchema,
        response: { 204: z.null(), ...problemResponses(403, 404) },
      },
    },
    async (request, reply) => {
      const p = request.params;
      await collections.unshare(accessOf(request), p.id, p.principal_type, p.principal_id, originOf(request));
      return reply.status(204).send(null);
    },
  );
};
