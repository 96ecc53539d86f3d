import type { SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../auth/permissions.js';
import { problemResponses } from '../problem.schema.js';
import {
  DeliveryListQuerySchema,
  DeliveryParamsSchema,
  DeliverySchema,
  NewWebhookSchema,
  toDeliveryResponse,
  toWebhookResponse,
  WebhookIdParamsSchema,
  WebhookListQuerySchema,
  WebhookPatchSchema,
  WebhookSchema,
} from './webhooks.schema.js';

const SIGNING =
  'Each delivery is a POST of JSON `{id, type, created_at, data}` with headers `Sift-Event`, `Sift-Delivery` ' +
  'and `Sift-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>`. ' +
  'Receivers recompute the HMAC over the raw body, compare in constant time, and refuse a `t` more than ' +
  '5 minutes from their clock (replays). 2xx succeeds; network errors, timeouts, 5xx, 408 and 429 are retried ' +
  'with backoff (6 attempts); other answers (redirects are not followed) fail at once.';

/** Webhooks: each user registers their own; admins may list (`all=true`) and manage everyone's. */
export const webhookRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { webhooks } = runtime.notify;

  app.get(
    '/webhooks',
    {
      schema: {
        'x-permission': 'read',
        tags: ['webhooks'],
        summary: 'One’s webhooks; admins: `all=true` for everyone’s',
        querystring: WebhookListQuerySchema,
        response: { 200: z.object({ items: z.array(WebhookSchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const list = await webhooks.list(accessOf(request), { all: request.query.all });
      return { items: list.map(toWebhookResponse) };
    },
  );

  app.post(
    '/webhooks',
    {
      schema: {
        'x-permission': 'write',
        tags: ['webhooks'],
        summary: 'Register a webhook; its signing secret is in the answer, once',
        description: SIGNING,
        body: NewWebhookSchema,
        response: {
          201: WebhookSchema.extend({
            secret: z.string().describe('Signs every delivery; shown once'),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const { webhook, secret } = await webhooks.create(accessOf(request), {
        url: b.url,
        events: b.events,
        description: b.description ?? null,
      });
      return reply.status(201).send({ ...toWebhookResponse(webhook), secret });
    },
  );

  app.get(
    '/webhooks/:id',
    {
      schema: {
        'x-permission': 'read',
        tags: ['webhooks'],
        summary: 'A webhook (one’s own; admins any)',
        params: WebhookIdParamsSchema,
        response: { 200: WebhookSchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => toWebhookResponse(await webhooks.get(accessOf(request), request.params.id)),
  );

  app.patch(
    '/webhooks/:id',
    {
      schema: {
        'x-permission': 'write',
        tags: ['webhooks'],
        summary: 'Change a webhook’s URL, events, description, or switch it off and on',
        params: WebhookIdParamsSchema,
        body: WebhookPatchSchema,
        response: { 200: WebhookSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const b = request.body;
      const updated = await webhooks.update(accessOf(request), request.params.id, {
        ...(b.url !== undefined ? { url: b.url } : {}),
        ...(b.events !== undefined ? { events: b.events } : {}),
        ...(b.description !== undefined ? { description: b.description } : {}),
        ...(b.active !== undefined ? { active: b.active } : {}),
      });
      return toWebhookResponse(updated);
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        'x-permission': 'write',
        tags: ['webhooks'],
        summary: 'Delete a webhook and its delivery log',
        params: WebhookIdParamsSchema,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await webhooks.delete(accessOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        'x-permission': 'read',
        tags: ['webhooks'],
        summary:
          'The delivery log of a webhook, newest first: every attempt with its status code and latency',
        params: WebhookIdParamsSchema,
        querystring: DeliveryListQuerySchema,
        response: {
          200: z.object({ items: z.array(DeliverySchema), next_cursor: z.string().nullable() }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await webhooks.deliveries(accessOf(request), request.params.id, {
        limit: q.limit,
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      return { items: page.items.map(toDeliveryResponse), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/webhooks/:id/test',
    {
      schema: {
        'x-permission': 'write',
        tags: ['webhooks'],
        summary: 'Send a `ping` delivery now (through the queue, like any other)',
        params: WebhookIdParamsSchema,
        response: { 202: DeliverySchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(202).send(toDeliveryResponse(await webhooks.ping(accessOf(request), request.params.id))),
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        'x-permission': 'write',
        tags: ['webhooks'],
        summary: 'Send a finished delivery again (same body, a fresh signature)',
        params: DeliveryParamsSchema,
        response: { 202: DeliverySchema, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id, deliveryId } = request.params;
      return reply
        .status(202)
        .send(toDeliveryResponse(await webhooks.redeliver(accessOf(request), id, deliveryId)));
    },
  );
};
