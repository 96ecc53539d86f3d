import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { AppError, isAppError, LOCAL_USER_ID } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { httpStatusOf } from '../error-handler.js';
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
  UploadResponseSchema,
} from './documents.schema.js';
import { toTaskResponse } from './tasks.schema.js';
import { readUploadFields, type UploadFields } from './upload-fields.js';

type UploadItem = z.infer<typeof UploadResponseSchema>['items'][number];

/** Documents: upload (multipart, streamed), list, read, original file, text, chunks, reprocess, delete. */
export const documentRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { documents } = runtime;
  const limits = runtime.config.ingest;
  await app.register(multipart, {
    limits: {
      files: limits.maxFilesPerUpload,
      // The per-category limit is enforced while streaming into the blob store; this is the outer bound.
      fileSize: Math.max(...Object.values(limits.limitsMb)) * 1024 ** 2 + 1,
      fields: 50,
      fieldSize: 1024 ** 2,
    },
  });

  app.post(
    '/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Upload documents',
        description:
          'multipart/form-data with one or many `file` parts. Optional fields `collection_id`, `folder_id`, ' +
          '`tags` (comma-separated or JSON array) and `metadata` (JSON object) must come before the files. ' +
          'Each file is streamed to storage, checked by its magic bytes and queued for processing. The same ' +
          'bytes in the same collection return the existing document with `duplicate: true`. A single file ' +
          'that is refused answers with its problem (413 too large, 415 wrong type, 400 empty); with several ' +
          'files each item reports its own outcome.',
        consumes: ['multipart/form-data'],
        response: { 202: UploadResponseSchema, ...problemResponses(400, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new AppError(
          'UPLOAD_NOT_MULTIPART',
          'user',
          'send files as multipart/form-data in `file` parts',
        );
      }
      const fields: UploadFields = { collectionId: null, folderId: null, tags: [], metadata: {} };
      const items: UploadItem[] = [];
      const errors: AppError[] = [];
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (items.length > 0) {
            throw new AppError(
              'UPLOAD_FIELD_AFTER_FILE',
              'user',
              `field ${part.fieldname} must come before the files`,
            );
          }
          readUploadFields(fields, part.fieldname, String(part.value));
          continue;
        }
        try {
          const result = await documents.upload({
            ownerId: LOCAL_USER_ID,
            filename: part.filename,
            declaredType: part.mimetype,
            source: part.file,
            ...fields,
          });
          items.push({
            filename: part.filename,
            document_id: result.document.id,
            task_id: result.task?.id ?? null,
            status: result.document.status,
            duplicate: result.duplicate,
            document: toDocumentResponse(result.document),
          });
        } catch (err) {
          // Drain what is left of this part so the next one can be read.
          part.file.resume();
          if (!isAppError(err)) throw err;
          errors.push(err);
          items.push({
            filename: part.filename,
            error: { code: err.code, message: err.message, status: httpStatusOf(err) },
          });
        }
      }
      // A refused file may leave part of the request body unread; a reused connection would then start mid-body.
      if (errors.length > 0) reply.header('connection', 'close');
      if (items.length === 0)
        throw new AppError('UPLOAD_NO_FILES', 'user', 'the request held no `file` part');
      if (items.length === 1 && errors.length === 1) throw errors[0]!;
      return reply.status(202).send({ items });
    },
  );

  app.get(
    '/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'List documents',
        description: 'Newest upload first, filtered; paged with `next_cursor`.',
        querystring: ListDocumentsQuerySchema,
        response: { 200: DocumentPageSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await documents.list({
        ownerId: LOCAL_USER_ID,
        status: q.status,
        type: q.type,
        collectionId: q.collection_id,
        folderId: q.folder_id,
        tag: q.tag?.toLowerCase(),
        sourceId: q.source_id,
        parentDocumentId: q.parent_id,
        topLevelOnly: q.top_level,
        uploadedFrom: q.uploaded_from,
        uploadedTo: q.uploaded_to,
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
        tags: ['documents'],
        summary: 'Get a document (status, stage, progress, metadata, error)',
        params: DocumentParamsSchema,
        response: { 200: DocumentSchema, ...problemResponses(404) },
      },
    },
    async (request) => toDocumentResponse(await documents.get(request.params.id)),
  );

  app.patch(
    '/documents/:id',
    {
      schema: {
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
        await documents.updateDetails(request.params.id, {
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
        tags: ['documents'],
        summary: 'Download the original file',
        params: DocumentParamsSchema,
        response: {
          200: z.unknown().describe('The original bytes, with their content type'),
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      const doc = await documents.get(request.params.id);
      const stream = await runtime.blobs.open(doc.sha256);
      return reply
        .type(doc.contentType)
        .header('content-length', String(doc.size))
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`)
        .send(Readable.from(stream));
    },
  );

  app.get(
    '/documents/:id/text',
    {
      schema: {
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
      const text = await documents.getText(request.params.id);
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
        tags: ['documents'],
        summary: 'The chunks of a document, in order, with their exact character ranges',
        params: DocumentParamsSchema,
        querystring: ChunksQuerySchema,
        response: { 200: z.object({ items: z.array(ChunkSchema) }), ...problemResponses(404) },
      },
    },
    async (request) => ({
      items: (await documents.listChunks(request.params.id, request.query)).map(toChunkResponse),
    }),
  );

  app.post(
    '/documents/:id/reprocess',
    {
      schema: {
        tags: ['documents'],
        summary: 'Process the document again',
        params: DocumentParamsSchema,
        response: { 202: ReprocessResponseSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const { document, task } = await documents.reprocess(request.params.id);
      return reply.status(202).send({ document: toDocumentResponse(document), task: toTaskResponse(task!) });
    },
  );

  app.delete(
    '/documents/:id',
    {
      schema: {
        tags: ['documents'],
        summary: 'Delete a document with its members, chunks, index rows and (when unused) its bytes',
        params: DocumentParamsSchema,
        response: { 200: z.object({ deleted: z.array(z.string()) }), ...problemResponses(404) },
      },
    },
    async (request) => documents.delete(request.params.id),
  );
};
