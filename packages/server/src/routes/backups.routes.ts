import { createReadStream } from 'node:fs';
import type { SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf } from '../auth/origin.js';
import { accessOf } from '../auth/permissions.js';
import { problemResponses } from '../problem.schema.js';
import {
  BackupListSchema,
  BackupParamsSchema,
  BackupRequestedSchema,
  toBackupResponse,
} from './backups.schema.js';

/**
 * Online backups for admins: ask for one (a `system.backup` task; one at a time), list them with their status,
 * size and manifest, and download an archive. `sift restore` puts an archive back into an empty data dir.
 */
export const backupRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const backups = runtime.backups;

  app.post(
    '/admin/backups',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['system'],
        summary: 'Start an online backup',
        description:
          'Queues a `system.backup` task that writes one archive (SQLite online backup, the blobs it ' +
          'references, ANN index files or a note to rebuild them, signing keys; manifest.json with counts and ' +
          'SHA-256 of every file) into SIFT_BACKUP_DIR while Sift keeps serving. When a backup is already ' +
          'queued or running, that one is returned. On PostgreSQL the archive holds a pg_dump custom-format dump ' +
          'of one exported snapshot instead of sift.db.',
        response: { 202: BackupRequestedSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { backupId, task } = await backups.request(accessOf(request), originOf(request));
      return reply.status(202).send({ backup_id: backupId, task_id: task.id, status: task.status });
    },
  );

  app.get(
    '/admin/backups',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['system'],
        summary: 'List backups',
        description:
          'Archives in SIFT_BACKUP_DIR (completed) and backup tasks that are queued, running or failed, newest first.',
        response: { 200: BackupListSchema, ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ items: (await backups.list(accessOf(request))).map(toBackupResponse) }),
  );

  app.get(
    '/admin/backups/:id/archive',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['system'],
        summary: 'Download a backup archive',
        description: 'The `.tar.gz` of a completed backup, to keep elsewhere or restore with `sift restore`.',
        params: BackupParamsSchema,
        response: {
          200: z.unknown().describe('The archive (application/gzip)'),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const archive = await backups.archive(accessOf(request), request.params.id);
      return reply
        .type('application/gzip')
        .header('content-length', String(archive.bytes))
        .header('content-disposition', `attachment; filename="${archive.name}"`)
        .send(createReadStream(archive.file));
    },
  );
};
