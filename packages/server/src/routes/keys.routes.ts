import type { SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf } from '../auth/origin.js';
import { accessOf } from '../auth/permissions.js';
import { problemResponses } from '../problem.schema.js';
import {
  ApiKeyListQuerySchema,
  ApiKeySchema,
  AuditQuerySchema,
  AuditRecordSchema,
  IdParamsSchema,
  NewApiKeySchema,
  toApiKeyResponse,
  toAuditResponse,
} from './auth.schema.js';

/** API keys (each user their own; admins anyone's) and the audit trail (admins). */
export const keyRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { apiKeys, audit } = runtime.identity;

  app.get(
    '/api-keys',
    {
      schema: {
        'x-permission': 'authenticated',
        tags: ['api-keys'],
        summary: 'One’s API keys; admins: `user_id=` for someone’s, `all=true` for everyone’s',
        querystring: ApiKeyListQuerySchema,
        response: { 200: z.object({ items: z.array(ApiKeySchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const keys = await apiKeys.list(accessOf(request), {
        ...(q.user_id ? { userId: q.user_id } : {}),
        ...(q.all ? { all: true } : {}),
      });
      return { items: keys.map(toApiKeyResponse) };
    },
  );

  app.post(
    '/api-keys',
    {
      schema: {
        'x-permission': 'authenticated',
        tags: ['api-keys'],
        summary: 'Create an API key; the key is in the answer, once',
        description:
          'Scopes `read`, `write`, `admin`, never wider than the owner’s role; optionally only some collections, ' +
          'an expiry and a rate limit per minute. Use it as `Authorization: Bearer sift_…`.',
        body: NewApiKeySchema,
        response: {
          201: ApiKeySchema.extend({ key: z.string().describe('Shown once; only its hash is kept') }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const { record, key } = await apiKeys.create(
        accessOf(request),
        {
          name: b.name,
          scopes: b.scopes,
          collectionIds: b.collection_ids ?? null,
          expiresAt: b.expires_at ?? null,
          rateLimitPerMinute: b.rate_limit_per_minute ?? null,
          ...(b.user_id ? { userId: b.user_id } : {}),
        },
        originOf(request),
      );
      return reply.status(201).send({ ...toApiKeyResponse(record), key });
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      schema: {
        'x-permission': 'authenticated',
        tags: ['api-keys'],
        summary: 'Revoke an API key (one’s own; admins any)',
        params: IdParamsSchema,
        response: { 200: ApiKeySchema, ...problemResponses(401, 404) },
      },
    },
    async (request) =>
      toApiKeyResponse(await apiKeys.revoke(accessOf(request), request.params.id, originOf(request))),
  );

  app.get(
    '/audit',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['audit'],
        summary: 'The audit trail, newest first',
        description:
          'Every change request and every sign-in event: who (user, API key), what (action, entity, before and ' +
          'after, secrets redacted), from where, the outcome. Filters by actor, action, entity and time; cursor paging.',
        querystring: AuditQuerySchema,
        response: {
          200: z.object({ items: z.array(AuditRecordSchema), next_cursor: z.string().nullable() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await audit.list(accessOf(request), {
        ...(q.actor ? { actorUserId: q.actor } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.entity_type ? { entityType: q.entity_type } : {}),
        ...(q.entity_id ? { entityId: q.entity_id } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      return { items: page.items.map(toAuditResponse), next_cursor: page.nextCursor };
    },
  );
};
