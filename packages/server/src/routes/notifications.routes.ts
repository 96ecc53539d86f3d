import type { SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../auth/permissions.js';
import { problemResponses } from '../problem.schema.js';
import {
  NotificationIdParamsSchema,
  NotificationListQuerySchema,
  NotificationPageSchema,
  toNotificationResponse,
} from './notifications.schema.js';

/** The caller's in-app notifications (each user their own; new ones also arrive on `GET /events`). */
export const notificationRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (
  app,
  { runtime },
) => {
  const { notifications } = runtime.notify;

  app.get(
    '/notifications',
    {
      schema: {
        'x-permission': 'read',
        tags: ['notifications'],
        summary: 'One’s notifications, newest first',
        description:
          'Documents processed (one notification per 15-minute window, counting its documents) or failed ' +
          '(one each), directory scans that changed something, and for admins finished re-embeddings and ' +
          'backups. New ones are pushed on the live event stream as `notification.created`.',
        querystring: NotificationListQuerySchema,
        response: { 200: NotificationPageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await notifications.list(accessOf(request), {
        unreadOnly: q.unread,
        limit: q.limit,
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      return {
        items: page.items.map(toNotificationResponse),
        next_cursor: page.nextCursor,
        unread_count: page.unreadCount,
      };
    },
  );

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        'x-permission': 'read',
        tags: ['notifications'],
        summary: 'Mark one of one’s notifications read',
        params: NotificationIdParamsSchema,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await notifications.markRead(accessOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/notifications/read-all',
    {
      schema: {
        'x-permission': 'read',
        tags: ['notifications'],
        summary: 'Mark all of one’s notifications read',
        response: {
          200: z.object({ marked: z.number().int().nonnegative().describe('How many were unread') }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => ({ marked: await notifications.markAllRead(accessOf(request)) }),
  );
};
