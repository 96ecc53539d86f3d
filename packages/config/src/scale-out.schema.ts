import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * The variables that choose the scale-out backends. Unset, Sift runs embedded: SQLite for metadata, the queue
 * and both indexes, blobs under the data dir. Set, the runtime loads the matching adapters (lazily, so the
 * embedded shape never loads `pg`, `bullmq` or the Chroma client).
 */
export const SCALE_OUT_ENV = {
  SIFT_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/u, { message: 'expected a postgres:// (or postgresql://) URL' })
    .optional()
    .describe('PostgreSQL for metadata and the lexical index (scale-out); unset: embedded SQLite'),
  SIFT_DATABASE_POOL_MAX: int(1, 1_000).default(10).describe('PostgreSQL connections per process'),
  SIFT_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/u, { message: 'expected a redis:// (or rediss://) URL' })
    .optional()
    .describe('Redis for the job queue (BullMQ), live events and shared counters (scale-out)'),
  SIFT_VECTOR_URL: z
    .string()
    .regex(/^https?:\/\/\S+$/u, { message: 'expected the http(s):// URL of a Chroma server' })
    .optional()
    .describe(
      'Chroma server for vector search (scale-out; needs SIFT_DATABASE_URL); unset: vectors in the database',
    ),
  SIFT_BLOB_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Where uploaded files are kept (default: <SIFT_DATA_DIR>/blobs); scale-out: a directory every node shares',
    ),
  SIFT_BACKEND_WAIT_S: int(0, 86_400)
    .default(120)
    .describe(
      'How long a process waits at start for PostgreSQL, Redis or Chroma to answer before it gives up',
    ),
} as const;

/** Variables whose values may carry credentials: never echoed in configuration errors. */
export const SECRET_URL_VARIABLES: ReadonlySet<string> = new Set([
  'SIFT_DATABASE_URL',
  'SIFT_REDIS_URL',
  'SIFT_VECTOR_URL',
]);
