import path from 'node:path';

/** Which backends this process uses; null members mean the embedded (SQLite / in-process) one. */
export interface Backends {
  /** PostgreSQL: metadata store and lexical index. */
  database: { url: string; poolMax: number } | null;
  /** Redis: job queue (BullMQ), event bus, shared counters. */
  redis: { url: string } | null;
  /** Chroma: vector search. */
  vector: { url: string } | null;
  /** Absolute directory of the blob store. */
  blobDir: string;
}

interface ScaleOutEnv {
  SIFT_DATABASE_URL?: string | undefined;
  SIFT_DATABASE_POOL_MAX: number;
  SIFT_REDIS_URL?: string | undefined;
  SIFT_VECTOR_URL?: string | undefined;
  SIFT_BLOB_DIR?: string | undefined;
}

/**
 * The backends the variables choose, or the reason a mix cannot work. Every process of a scale-out install
 * must share the truth: tasks in one process's SQLite file cannot be claimed by a worker on another node, and
 * Chroma is fed from PostgreSQL's vector outbox, so it needs PostgreSQL.
 */
export function backendsOf(
  e: ScaleOutEnv,
  dataDir: string,
  cwd: string,
): { backends: Backends } | { variable: string; message: string } {
  if (e.SIFT_DATABASE_URL && !e.SIFT_REDIS_URL) {
    return {
      variable: 'SIFT_REDIS_URL',
      message:
        'is required with SIFT_DATABASE_URL: the embedded job queue lives in one process’s data dir, where workers on other nodes cannot claim its tasks',
    };
  }
  if (e.SIFT_VECTOR_URL && !e.SIFT_DATABASE_URL) {
    return {
      variable: 'SIFT_DATABASE_URL',
      message:
        'is required with SIFT_VECTOR_URL: Chroma is fed from the PostgreSQL vector outbox (vectors are written with their chunks)',
    };
  }
  return {
    backends: {
      database: e.SIFT_DATABASE_URL ? { url: e.SIFT_DATABASE_URL, poolMax: e.SIFT_DATABASE_POOL_MAX } : null,
      redis: e.SIFT_REDIS_URL ? { url: e.SIFT_REDIS_URL } : null,
      vector: e.SIFT_VECTOR_URL ? { url: e.SIFT_VECTOR_URL } : null,
      blobDir: e.SIFT_BLOB_DIR ? path.resolve(cwd, e.SIFT_BLOB_DIR) : path.join(dataDir, 'blobs'),
    },
  };
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * The same configuration over another data dir (`sift eval --data-dir`): the blob store moves with it unless
 * SIFT_BLOB_DIR placed it elsewhere on purpose.
 */
export function withDataDir<C extends { dataDir: string; backends: Backends }>(
  config: C,
  dataDir: string,
): C {
  const defaultBlobs = config.backends.blobDir === path.join(config.dataDir, 'blobs');
  return {
    ...config,
    dataDir,
    backends: {
      ...config.backends,
      blobDir: defaultBlobs ? path.join(dataDir, 'blobs') : config.backends.blobDir,
    },
  };
}
