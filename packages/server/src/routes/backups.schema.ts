import type { BackupInfo } from '@sift/runtime';
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });

export const BackupParamsSchema = z.object({ id: z.uuid() });

const ManifestSchema = z
  .object({
    format: z.number().int(),
    id: z.string(),
    sift_version: z.string(),
    created_at: timestamp,
    shape: z.enum(['embedded', 'postgres']),
    migration_level: z.number().int().describe('The newest schema migration of the archived database'),
    counts: z.object({
      documents: z.number().int(),
      chunks: z.number().int(),
      vectors: z.number().int(),
      blobs: z.number().int(),
    }),
    ann: z
      .array(z.object({ space: z.string(), status: z.enum(['included', 'rebuild']) }))
      .describe('ANN index files: copied, or rebuilt by the restored instance'),
    missing_blobs: z
      .array(z.string())
      .describe('Referenced blobs the store no longer had (damage at the source)'),
    files: z.number().int().describe('Files in the archive, each with its SHA-256 in manifest.json'),
  })
  .describe('What manifest.json inside the archive says');

export const BackupSchema = z.object({
  id: z.uuid(),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  scheduled: z.boolean(),
  bytes: z.number().int().nullable().describe('Size of the archive; null until completed'),
  created_at: timestamp,
  task_id: z.string().nullable().describe('The `system.backup` task while queued, running or failed'),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  manifest: ManifestSchema.nullable(),
});

export const BackupListSchema = z.object({ items: z.array(BackupSchema) });

export const BackupRequestedSchema = z.object({
  backup_id: z.uuid(),
  task_id: z.string(),
  status: z.string().describe('The task status: `pending` (queued) or `running` when one was already going'),
});

/** The API shape of one backup; the archive's path on the server stays out of it. */
export function toBackupResponse(b: BackupInfo): z.infer<typeof BackupSchema> {
  const m = b.manifest;
  return {
    id: b.id,
    status: b.status,
    scheduled: b.scheduled,
    bytes: b.bytes,
    created_at: b.createdAt,
    task_id: b.taskId,
    error: b.error,
    manifest: m
      ? {
          format: m.format,
          id: m.id,
          sift_version: m.siftVersion,
          created_at: m.createdAt,
          shape: m.shape,
          migration_level: m.migrationLevel,
          counts: m.counts,
          ann: m.ann,
          missing_blobs: m.missingBlobs,
          files: m.files.length,
        }
      : null,
  };
}
