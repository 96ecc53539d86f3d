import { Readable } from 'node:stream';
import type { SiftRuntime } from '@sift/runtime';
import { accessOf } from '../auth/permissions.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../problem.schema.js';
import {
  ChunkSchema,
  ChunksQuerySchema,
  DocumentPageSchema,
  DocumentParamsSchema,
  DocumentPatchSchema,
  DocumentSchema,
  DocumentTextSchema,
  ListDocumentsQuerySchema,
  ReprocessResponseSchema,
  toChunkResponse,
  toDocumentResponse,
  toTextResponse,
} from './documents.schema.js';
import { parseByteRange, sliceBytes } from './byte-range.js';
import { toTaskResponse } from './tasks.schema.js';
import { uploadRoutes } from './upload.routes.js';

/** Documents: upload (multipart, streamed), list, read, original file, text, chunks, reprocess, delete. */
export const documentRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { documents } = runtime;
  await app.register(uploadRoutes, { runtime });

  app.get(
    '/documents',
    {
      schema: {
        'x-permission': 'read',
        tags: ['documents'],
        summary: 'List documents',
        description: 'Filtered and sorted (default: newest upload first); paged with `next_cursor`.',
        querystring: ListDocumentsQuerySchema,
        response: { 200: DocumentPageSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await documents.list(accessOf(request), {
        status: q.status,
        type: q.type,
        collectionId: q.collection_id,
        folderId: q.folder_id,
        tag: q.tag?.toLowerCase(),
        sourceId: q.source_id,
        parentDocumentId: q.parent_id,
        topLevelOnly: q.top_level,
        languages: q.language?.map((l) => l.toLowerCase()),
        uploadedFrom: q.uploaded_from,
        uploadedTo: q.uploaded_to,
        sort: q.sort,
        order: q.order,
        limit: q.limit,
        cursor: q.cursor,
      });
      return { items: page.items.map(toDocumentResponse), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/documents/:id',
    {
      schema: {
        'x-permission': 'read',
        tags: ['documents'],
        summary: 'Get a document (status, stage, progress, metadata, error)',
        params: DocumentParamsSchema,
        response: { 200: DocumentSchema, ...problemResponses(404) },
      },
    },
    async (request) => toDocumentResponse(await documents.get(accessOf(request), request.params.id)),
  );

  app.patch(
    '/documents/:id',
    {
      schema: {
        'x-permission': 'write',
        tags: ['documents'],
        summary: 'Change tags, collection, folder or user metadata',
        params: DocumentParamsSchema,
        body: DocumentPatchSchema,
        response: { 200: DocumentSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const b = request.body;
      return toDocumentResponse(
        await documents.updateDetails(accessOf(request), request.params.id, {
          ...(b.tags !== undefined ? { tags: b.tags } : {}),
          ...(b.collection_id !== undefined ? { collectionId: b.collection_id } : {}),
          ...(b.folder_id !== undefined ? { folderId: b.folder_id } : {}),
          ...(b.metadata !== undefined ? { metadata: b.metadata } : {}),
        }),
      );
    },
  );

  app.get(
    '/documents/:id/file',
    {
      schema: {
        'x-permission': 'read',
        tags: ['documents'],
        summary: 'Download the original file',
        description:
          'Answers one `Range: bytes=…` with 206 (media players seek in audio and video with ranges); ' +
          'several ranges get the whole file.',
        params: DocumentParamsSchema,
        response: {
          200: z.unknown().describe('The original bytes, with their content type'),
          206: z.unknown().describe('The requested range of the bytes (`Content-Range`)'),
          416: z.unknown().describe('The range starts past the end of the file'),
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      const doc = await documents.get(accessOf(request), request.params.id);
      const range = parseByteRange(request.headers.range, doc.size);
      reply
        .type(doc.contentType)
        .header('accept-ranges', 'bytes')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`);
      if (range === 'unsatisfiable') {
        return reply.status(416).header('content-range', `bytes */${doc.size}`).send();
      }
      const stream = await runtime.blobs.open(doc.sha256);
      if (!range) return reply.header('content-length', String(doc.size)).send(Readable.from(stream));
      return reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${doc.size}`)
        .header('content-length', String(range.end - range.start + 1))
        .send(Readable.from(sliceBytes(stream, range)));
    },
  );

  app.get(
    '/documents/:id/text',
    {
      schema: {
        'x-permission': 'read',
        tags: ['documents'],
        summary: 'The extracted text with its structure (blocks, pages)',
        description: 'With `Accept: text/plain` only the text.',
        params: DocumentParamsSchema,
        response: {
          200: z.union([DocumentTextSchema, z.string().describe('text/plain')]),
          ...problemResponses(404, 409),
        },
      },
    },
    async (request, reply) => {
      const text = await documents.getText(accessOf(request), request.params.id);
      if (request.headers.accept?.startsWith('text/plain')) {
        return reply.type('text/plain; charset=utf-8').serializer(String).send(text.text);
      }
      return toTextResponse(text);
    },
  );

  app.get(
    '/documents/:id/chunks',
    {
      schema: {
        'x-permission': 'read',
        tags: ['documents'],
        summary: 'The chunks of a document, in order, with their exact character ranges',
        params: DocumentParamsSchema,
        querystring: ChunksQuerySchema,
        response: { 200: z.object({ items: z.array(ChunkSchema) }), ...problemResponses(404) },
      },
    },
    async (request) => ({
      items: (await documents.listChunks(accessOf(request), request.params.id, request.query)).map(
        toChunkResponse,
      ),
    }),
  );

  app.post(
    '/documents/:id/reprocess',
    {
      schema: {
        'x-permission': 'write',
        tags: ['documents'],
        summary: 'Process the document again',
        params: DocumentParamsSchema,
        response: { 202: ReprocessResponseSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const { document, task } = await documents.reprocess(accessOf(request), request.params.id);
      return reply.status(202).send({ document: toDocumentResponse(document), task: toTaskResponse(task!) });
    },
  );

  app.delete(
    '/documents/:id',
    {
      schema: {
        'x-permission': 'write',
        tags: ['documents'],
        summary: 'Delete a document with its members, chunks, index rows and (when unused) its bytes',
        params: DocumentParamsSchema,
        response: { 200: z.object({ deleted: z.array(z.string()) }), ...problemResponses(404) },
      },
    },
    async (request) => documents.delete(accessOf(request), request.params.id),
  );
};
