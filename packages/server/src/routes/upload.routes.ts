import multipart from '@fastify/multipart';
import { AppError, isAppError, type Access, type DocumentService } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { accessOf } from '../auth/permissions.js';
import { httpStatusOf } from '../error-handler.js';
import { problemResponses } from '../problem.schema.js';
import { toDocumentResponse, UploadResponseSchema } from './documents.schema.js';
import { FIELD_ERROR_CODES, multipartRequestError, type MultipartLimits } from './upload-errors.js';
import { readUploadFields, type UploadFields } from './upload-fields.js';
import { uploadLimitsOf } from './upload-limits.js';

type UploadItem = z.infer<typeof UploadResponseSchema>['items'][number];

/**
 * `POST /documents`: one or many files in a multipart body, streamed into storage one after the other.
 *
 * A request either answers 202 listing every file it stored and every file it refused (each with its code),
 * or fails as a whole and keeps nothing: when the body breaks off, is malformed or exceeds a limit of the
 * request, or the client goes away, the documents this request created are deleted again (with their task
 * and unused bytes) before the error is sent. Documents it merely matched as duplicates were there before
 * and stay.
 */
export const uploadRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { documents } = runtime;
  // The same object `GET /system/limits` reports.
  const upload = uploadLimitsOf(runtime);
  const limits: MultipartLimits = { files: upload.maxFiles, fields: upload.maxFields };
  await app.register(multipart, {
    // The per-category limit refuses a large file while it streams, as that file's own outcome; the
    // plugin's limit below is only an outer bound and must not fail the whole request instead.
    throwFileSizeLimit: false,
    limits: {
      files: limits.files,
      fileSize: Math.max(...Object.values(upload.fileSizeBytes)) + 1,
      fields: limits.fields,
      fieldSize: upload.maxFieldBytes,
    },
  });

  app.post(
    '/documents',
    {
      schema: {
        'x-permission': 'write',
        tags: ['documents'],
        summary: 'Upload documents',
        description:
          'multipart/form-data with one or many `file` parts. Optional fields `collection_id`, `folder_id`, ' +
          '`tags` (comma-separated or JSON array) and `metadata` (JSON object) must come before the files. ' +
          'Each file is streamed to storage, checked by its magic bytes and queued for processing. The same ' +
          'bytes in the same collection return the existing document with `duplicate: true`. A single file ' +
          'that is refused answers with its problem (413 too large, 415 wrong type, 400 empty); with several ' +
          'files each item reports its own outcome. A request that fails as a whole keeps none of its ' +
          'files: too many files (413 `UPLOAD_TOO_MANY_FILES`), a malformed or cut-off body (400 ' +
          '`UPLOAD_MALFORMED`), a field after a file or an unknown or invalid field, tags or metadata over ' +
          'their limits, an unknown collection or folder. Uploads are refused before any byte is read with ' +
          '503 `QUEUE_FULL` (and `Retry-After`) while more tasks wait than `SIFT_INTAKE_MAX_PENDING`, and with ' +
          '507 `INSUFFICIENT_STORAGE` while the disk is full or read-only. A 202 is sent only once what it ' +
          'lists is durable on disk.',
        consumes: ['multipart/form-data'],
        response: { 202: UploadResponseSchema, ...problemResponses(400, 404, 413, 415, 503, 507) },
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
      try {
        // Refused before a byte is stored: a full disk would lose it, a full queue would only grow.
        runtime.health.assertAcceptingUploads();
      } catch (err) {
        discardBody(request, reply);
        throw err;
      }
      const created: string[] = [];
      let outcome: { items: UploadItem[]; refused: AppError[] };
      try {
        outcome = await receiveFiles(request, documents, created, accessOf(request));
      } catch (err) {
        // The rest of the body is left unread; a reused connection would start in the middle of it.
        reply.header('connection', 'close');
        await rollBack(documents, created, request.log, accessOf(request));
        throw multipartRequestError(err, limits) ?? err;
      }
      const { items, refused } = outcome;
      if (refused.length > 0) reply.header('connection', 'close');
      if (items.length === 0)
        throw new AppError('UPLOAD_NO_FILES', 'user', 'the request held no `file` part');
      if (items.length === 1 && refused.length === 1) throw refused[0]!;
      // The 202 promises the files are kept: what was committed must survive an OS crash, not only ours.
      if (created.length > 0) {
        try {
          await runtime.metadata.sync();
        } catch (err) {
          await rollBack(documents, created, request.log, accessOf(request));
          throw err;
        }
      }
      return reply.status(202).send({ items });
    },
  );
};

/**
 * Reads the parts in order: fields into the upload fields, each file into `documents.upload`. The id of
 * every document created (not matched as a duplicate) goes into `created` at once, so that a failure later
 * in the body can delete it. Throws on any failure of the request as a whole.
 */
async function receiveFiles(
  request: FastifyRequest,
  documents: DocumentService,
  created: string[],
  access: Access,
): Promise<{ items: UploadItem[]; refused: AppError[] }> {
  const fields: UploadFields = { collectionId: null, folderId: null, tags: [], metadata: {} };
  const items: UploadItem[] = [];
  const refused: AppError[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (items.length > 0) {
        throw new AppError(
          'UPLOAD_FIELD_AFTER_FILE',
          'user',
          `field ${part.fieldname} must come before the files`,
          { details: { field: part.fieldname } },
        );
      }
      readUploadFields(fields, part.fieldname, String(part.value));
      continue;
    }
    try {
      const result = await documents.upload({
        access,
        filename: part.filename,
        declaredType: part.mimetype,
        source: part.file,
        ...fields,
      });
      if (!result.duplicate) created.push(result.document.id);
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
      // Not a refusal of this file: a broken body, our own failure, or a field error every file shares.
      if (!isAppError(err) || FIELD_ERROR_CODES.has(err.code)) throw err;
      refused.push(err);
      items.push({
        filename: part.filename,
        error: { code: err.code, message: err.message, status: httpStatusOf(err) },
      });
    }
  }
  return { items, refused };
}

/** Bodies up to this size are read and dropped when an upload is refused up front; larger ones are cut off. */
const DRAIN_LIMIT_BYTES = 1024 ** 2;

/**
 * Drops the body of a request refused before reading it. A small one is read to its end, so the client
 * (which is still sending) gets the answer instead of a reset connection; a large one is not worth the
 * bandwidth: the connection closes after the answer.
 */
function discardBody(request: FastifyRequest, reply: { header(name: string, value: string): unknown }): void {
  const length = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(length) && length <= DRAIN_LIMIT_BYTES) request.raw.resume();
  else reply.header('connection', 'close');
}

/** Deletes what a failed request created, newest first; a failure to delete one is logged, not thrown. */
async function rollBack(
  documents: DocumentService,
  ids: string[],
  log: FastifyBaseLogger,
  access: Access,
): Promise<void> {
  for (const id of [...ids].reverse()) {
    try {
      await documents.delete(access, id);
    } catch (err) {
      if (isAppError(err) && err.code === 'DOCUMENT_NOT_FOUND') continue;
      log.error({ err, documentId: id }, 'could not delete a document of a failed upload');
    }
  }
}
