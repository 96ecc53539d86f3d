import type { SiftRuntime } from '@sift/runtime';
import { accessOf } from '../auth/permissions.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../problem.schema.js';
import {
  CreateFolderSchema,
  FolderSchema,
  FolderTreeSchema,
  IdParamsSchema,
  toFolderResponse,
  toFolderTree,
  UpdateFolderSchema,
} from './collections.schema.js';

/** Hierarchical folders: create, list, tree, rename, move, delete. */
export const folderRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { folders } = runtime;
  const tags = ['folders'];
  const listQuery = z.object({ collection_id: z.string().optional() });

  app.post(
    '/folders',
    {
      schema: {
        'x-permission': 'write',
        tags,
        summary: 'Create a folder',
        body: CreateFolderSchema,
        response: { 201: FolderSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const folder = await folders.create(accessOf(request), {
        name: b.name,
        parentId: b.parent_id ?? null,
        collectionId: b.collection_id ?? null,
      });
      return reply.status(201).send(toFolderResponse(folder));
    },
  );

  app.get(
    '/folders',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'List folders (flat)',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(FolderSchema) }) },
      },
    },
    async (request) => ({
      items: (await folders.list(accessOf(request), request.query.collection_id)).map(toFolderResponse),
    }),
  );

  app.get(
    '/folders/tree',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'Folders as a tree',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(FolderTreeSchema) }) },
      },
    },
    async (request) => ({
      items: (await folders.tree(accessOf(request), request.query.collection_id)).map(toFolderTree),
    }),
  );

  app.get(
    '/folders/:id',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'Get a folder',
        params: IdParamsSchema,
        response: { 200: FolderSchema, ...problemResponses(404) },
      },
    },
    async (request) => toFolderResponse(await folders.get(accessOf(request), request.params.id)),
  );

  app.patch(
    '/folders/:id',
    {
      schema: {
        'x-permission': 'write',
        tags,
        summary: 'Rename and/or move a folder',
        params: IdParamsSchema,
        body: UpdateFolderSchema,
        response: { 200: FolderSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const b = request.body;
      return toFolderResponse(
        await folders.update(accessOf(request), request.params.id, {
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.parent_id !== undefined ? { parentId: b.parent_id } : {}),
        }),
      );
    },
  );

  app.delete(
    '/folders/:id',
    {
      schema: {
        'x-permission': 'write',
        tags,
        summary: 'Delete a folder and its subfolders (documents stay, outside any folder)',
        params: IdParamsSchema,
        response: { 204: z.null(), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await folders.delete(accessOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
