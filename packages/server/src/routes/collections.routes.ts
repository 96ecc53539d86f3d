import type { SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf } from '../auth/origin.js';
import { accessOf } from '../auth/permissions.js';
import { problemResponses } from '../problem.schema.js';
import {
  CollectionSchema,
  CreateCollectionSchema,
  CreateSourceSchema,
  IdParamsSchema,
  SourceSchema,
  toCollectionResponse,
  toSettingsInput,
  toSourceResponse,
  UpdateCollectionSchema,
} from './collections.schema.js';
import { TaskSchema, toTaskResponse } from './tasks.schema.js';

/** Collections (with per-collection chunking/OCR settings) and their directory sources. */
export const collectionRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { collections, sources, tasks } = runtime;
  const tags = ['collections'];

  app.post(
    '/collections',
    {
      schema: {
        'x-permission': 'write',
        tags,
        summary: 'Create a collection',
        body: CreateCollectionSchema,
        response: { 201: CollectionSchema, ...problemResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const created = await collections.create(
        accessOf(request),
        { name: b.name, description: b.description ?? null, settings: toSettingsInput(b.settings) },
        originOf(request),
      );
      return reply.status(201).send(toCollectionResponse(created));
    },
  );

  app.get(
    '/collections',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'List collections',
        response: { 200: z.object({ items: z.array(CollectionSchema) }) },
      },
    },
    async (request) => ({ items: (await collections.list(accessOf(request))).map(toCollectionResponse) }),
  );

  app.get(
    '/collections/:id',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'Get a collection',
        params: IdParamsSchema,
        response: { 200: CollectionSchema, ...problemResponses(404) },
      },
    },
    async (request) => toCollectionResponse(await collections.get(accessOf(request), request.params.id)),
  );

  app.patch(
    '/collections/:id',
    {
      schema: {
        'x-permission': 'write',
        tags,
        summary: 'Rename a collection or change its settings (applies to documents processed from now on)',
        params: IdParamsSchema,
        body: UpdateCollectionSchema,
        response: { 200: CollectionSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const b = request.body;
      return toCollectionResponse(
        await collections.update(
          accessOf(request),
          request.params.id,
          {
            ...(b.name !== undefined ? { name: b.name } : {}),
            ...(b.description !== undefined ? { description: b.description } : {}),
            ...(b.settings ? { settings: toSettingsInput(b.settings) } : {}),
          },
          originOf(request),
        ),
      );
    },
  );

  app.delete(
    '/collections/:id',
    {
      schema: {
        'x-permission': 'write',
        tags,
        summary: 'Delete a collection (its documents stay, outside any collection)',
        params: IdParamsSchema,
        response: { 204: z.null(), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await collections.delete(accessOf(request), request.params.id, originOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/collections/:id/sources',
    {
      schema: {
        'x-permission': 'write',
        tags,
        summary: 'Sync a server directory into the collection',
        description:
          'Registers the directory (or finds it registered) and queues a scan: new files are ingested, changed ' +
          'files re-ingested, deleted files removed. Rescan with `POST /api/v1/sources/:id/scan`. The ' +
          'directory must lie, symbolic links resolved, under one of the roots the server allows ' +
          '(`SIFT_SOURCE_ROOTS`): 403 `SOURCES_DISABLED` when none are configured, 403 ' +
          '`SOURCE_OUTSIDE_ROOTS` otherwise. Scans skip symbolic links that lead out of the directory and list them as ' +
          '`SOURCE_LINK_OUTSIDE` in the task result.',
        params: IdParamsSchema,
        body: CreateSourceSchema,
        response: {
          202: z.object({ source: SourceSchema, task: TaskSchema }),
          ...problemResponses(400, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const access = accessOf(request);
      const source = await sources.addSource(access, {
        collectionId: request.params.id,
        path: request.body.path,
      });
      const task = await tasks.enqueue(
        'source.scan',
        { sourceId: source.id },
        { uniqueKey: `scan:${source.id}`, ownerId: access.userId },
      );
      return reply.status(202).send({ source: toSourceResponse(source), task: toTaskResponse(task) });
    },
  );

  app.get(
    '/collections/:id/sources',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'Directory sources of a collection',
        params: IdParamsSchema,
        response: { 200: z.object({ items: z.array(SourceSchema) }), ...problemResponses(404) },
      },
    },
    async (request) => {
      return {
        items: (await sources.listSources(accessOf(request), request.params.id)).map(toSourceResponse),
      };
    },
  );

  app.post(
    '/sources/:id/scan',
    {
      schema: {
        'x-permission': 'write',
        tags,
        summary: 'Rescan a directory source',
        params: IdParamsSchema,
        response: { 202: z.object({ task: TaskSchema }), ...problemResponses(400, 403, 404) },
      },
    },
    async (request, reply) => {
      // The scan checks again, but a source that left the roots (or never was in them) is refused here at once.
      const access = accessOf(request);
      const source = await sources.checkSource(access, request.params.id);
      const task = await tasks.enqueue(
        'source.scan',
        { sourceId: source.id },
        { uniqueKey: `scan:${source.id}`, ownerId: access.userId },
      );
      return reply.status(202).send({ task: toTaskResponse(task) });
    },
  );

  app.delete(
    '/sources/:id',
    {
      schema: {
        'x-permission': 'write',
        tags,
        summary: 'Stop syncing a directory (its documents stay)',
        params: IdParamsSchema,
        response: { 204: z.null(), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const access = accessOf(request);
      access.require('write');
      await sources.getSource(access, request.params.id);
      await runtime.metadata.sources.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
