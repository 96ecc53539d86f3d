import { QUEUE_NAMES, TASK_STATUSES } from '@sift/core';
import type { SystemStatus } from '@sift/runtime';
import { z } from 'zod';
import { HybridAlphaSchema, SwapCheckSchema } from './embeddings.schema.js';

const timestamp = z.iso.datetime({ offset: true });
const countsByStatus = z.record(z.enum(TASK_STATUSES), z.number().int());

/**
 * `GET /api/v1/system/status`: the runtime's SystemStatus without what locates the server — the data dir and
 * the pid and host of each worker. `sift status`, run by the operator on the machine, prints them; over HTTP
 * they will be shown to admins once identity and roles exist.
 */
export const SystemStatusSchema = z
  .object({
    version: z.string(),
    data_dir_bytes: z.number().int().describe('Bytes of every file under the data dir'),
    database_bytes: z
      .number()
      .int()
      .nullable()
      .describe('Size of the metadata database, as sift_database_size_bytes reports it; null if unknown'),
    blobs: z.object({ count: z.number().int(), bytes: z.number().int() }),
    queues: z.record(z.enum(QUEUE_NAMES), countsByStatus).describe('Task counts per queue and status'),
    workers: z
      .array(
        z.object({
          id: z.string(),
          queues: z.array(z.enum(QUEUE_NAMES)),
          started_at: timestamp,
          last_seen_at: timestamp,
          recent: z.boolean().describe('Seen within two leases; false means probably dead'),
        }),
      )
      .describe('Registered worker processes'),
    in_process_workers: z
      .object({
        id: z.string(),
        alive: z.boolean(),
        active: z.number().int(),
        queues: z.array(z.enum(QUEUE_NAMES)),
      })
      .nullable()
      .describe('Workers of the answering process; null when it runs none'),
    embeddings: z
      .object({
        serving_space: z.string().nullable().describe('The vector space searches read, `<model>@<dims>`'),
        target_space: z
          .string()
          .nullable()
          .describe('The configured embedder’s space; null when its model cannot load here'),
        reembedding: z
          .object({
            task_id: z.string(),
            status: z.string(),
            progress: z.number(),
            stage: z.string().nullable(),
            updated_at: timestamp,
          })
          .nullable()
          .describe('The latest index.reembed task: differs from serving_space until it switches'),
        hybrid_alpha: HybridAlphaSchema,
        swap: SwapCheckSchema.nullable().describe(
          'The latest check of switching to target_space (why it waits when `held`); null when none ran',
        ),
      })
      .describe('Embedding model state'),
  })
  .meta({ id: 'SystemStatus' });

export type SystemStatusResponse = z.infer<typeof SystemStatusSchema>;

/** The public view of the runtime's status: every member but the data dir and the workers' pid and host. */
export function toSystemStatusResponse(status: SystemStatus): SystemStatusResponse {
  const { data_dir: _dataDir, workers, ...rest } = status;
  return { ...rest, workers: workers.map(({ pid: _pid, hostname: _hostname, ...worker }) => worker) };
}
