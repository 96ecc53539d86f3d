import type { SiftRuntime } from '@sift/runtime';
import { accessOf } from '../auth/permissions.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../problem.schema.js';
import {
  ListTasksQuerySchema,
  TaskPageSchema,
  TaskParamsSchema,
  TaskSchema,
  toTaskResponse,
} from './tasks.schema.js';

/** Background tasks: inspect, cancel and retry. Tasks are created by the capabilities that need them. */
export const taskRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { tasks } = runtime;

  app.get(
    '/tasks',
    {
      schema: {
        'x-permission': 'read',
        tags: ['tasks'],
        summary: 'List tasks',
        description: 'Newest first, filtered by status, type and queue; paged with `next_cursor`.',
        querystring: ListTasksQuerySchema,
        response: { 200: TaskPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await tasks.list(accessOf(request), {
        status: q.status,
        type: q.type,
        queue: q.queue,
        documentId: q.document_id,
        limit: q.limit,
        cursor: q.cursor,
      });
      return { items: page.items.map(toTaskResponse), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/tasks/:id',
    {
      schema: {
        'x-permission': 'read',
        tags: ['tasks'],
        summary: 'Get a task',
        params: TaskParamsSchema,
        response: { 200: TaskSchema, ...problemResponses(404) },
      },
    },
    async (request) => toTaskResponse(await tasks.get(accessOf(request), request.params.id)),
  );

  app.post(
    '/tasks/:id/cancel',
    {
      schema: {
        'x-permission': 'write',
        tags: ['tasks'],
        summary: 'Cancel a task',
        description:
          'Cancels a pending or running task; a running handler is stopped at its next heartbeat. ' +
          'A finished task answers 409 `TASK_NOT_CANCELLABLE`.',
        params: TaskParamsSchema,
        response: { 200: TaskSchema, ...problemResponses(404, 409) },
      },
    },
    async (request) => toTaskResponse(await tasks.cancel(accessOf(request), request.params.id)),
  );

  app.post(
    '/tasks/:id/retry',
    {
      schema: {
        'x-permission': 'write',
        tags: ['tasks'],
        summary: 'Retry a failed or dead task',
        description:
          'Puts it back in its queue with fresh attempts; other statuses answer 409 `TASK_NOT_RETRYABLE`.',
        params: TaskParamsSchema,
        response: { 200: TaskSchema, ...problemResponses(404, 409) },
      },
    },
    async (request) => toTaskResponse(await tasks.retry(accessOf(request), request.params.id)),
  );
};
