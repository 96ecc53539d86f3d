import type {
  HybridAlphaSource,
  QueueName,
  QueueStats,
  SwapCheck,
  SwapMetrics,
  SwapStatus,
} from '@sift/core';
import { directorySize } from './dir-size.js';
import { databaseSizeBytes } from './metrics.js';
import type { SiftRuntime } from './runtime.js';
import { SIFT_VERSION } from './version.js';
import { isWorkerRecent } from './worker-liveness.js';

/**
 * The full status, as `sift status --json` prints it. snake_case because it is a wire format.
 * `GET /api/v1/system/status` sends a redacted view of it (no data dir, no worker pid or hostname): those
 * locate the server and are for the operator until identity and admin roles exist.
 */
export interface SystemStatus {
  version: string;
  data_dir: string;
  /** Bytes of every file under the data dir (database, WAL, blobs, indexes). */
  data_dir_bytes: number;
  /** The metadata database's size (SQLite: its files with the WAL; PostgreSQL: pg_database_size); null if unknown. */
  database_bytes: number | null;
  blobs: { count: number; bytes: number };
  /** Task counts per queue and status (every queue and status present). */
  queues: QueueStats['byQueue'];
  /** Registered worker processes; `recent` is false for one unseen for two leases (probably dead). */
  workers: {
    id: string;
    pid: number;
    hostname: string;
    queues: QueueName[];
    started_at: string;
    last_seen_at: string;
    recent: boolean;
  }[];
  /** The workers of this process, or null when it runs none. */
  in_process_workers: { id: string; alive: boolean; active: number; queues: QueueName[] } | null;
  /** Vector spaces (`<model>@<dims>`): the one searches read, the configured one, and the latest re-embedding. */
  embeddings: {
    serving_space: string | null;
    /** Null when the configured embedder cannot be asked (its model does not load here). */
    target_space: string | null;
    reembedding: {
      task_id: string;
      status: string;
      progress: number;
      stage: string | null;
      updated_at: string;
    } | null;
    /**
     * The weight of the vector leg in relative hybrid fusion when a search names none, and who chose it:
     * `config` (SIFT_HYBRID_ALPHA), or the serving space's `preset`, `default`, `tuned` or `admin` weight.
     */
    hybrid_alpha: { value: number; source: 'config' | HybridAlphaSource };
    /** The latest check of switching to target_space: why it waits (`held`), or who decided. */
    swap: SwapCheckStatus | null;
  };
}

/** A swap check as `sift status --json` and the API show it. */
export interface SwapCheckStatus {
  status: SwapStatus;
  from: string | null;
  reasons: string[];
  metrics: {
    queries: number;
    recent_queries: number;
    probes: number;
    empty_answers: number;
    invalid_vectors: number;
    vectors_checked: number;
    query_vector_similarity: number | null;
    distinct_new: number;
    distinct_reference: number;
    agreement: number | null;
    chance_agreement: number | null;
    self_recall_new: number | null;
    self_recall_old: number | null;
  } | null;
  checked_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

/** The wire form of a swap check: snake_case throughout, metrics included. */
export function swapCheckStatus(check: SwapCheck): SwapCheckStatus {
  return {
    status: check.status,
    from: check.from,
    reasons: check.reasons,
    metrics: check.metrics && swapMetricsStatus(check.metrics),
    checked_at: check.checkedAt,
    decided_by: check.decidedBy,
    decided_at: check.decidedAt,
  };
}

function swapMetricsStatus(m: SwapMetrics): NonNullable<SwapCheckStatus['metrics']> {
  return {
    queries: m.queries,
    recent_queries: m.recentQueries,
    probes: m.probes,
    empty_answers: m.emptyAnswers,
    invalid_vectors: m.invalidVectors,
    vectors_checked: m.vectorsChecked,
    query_vector_similarity: m.queryVectorSimilarity,
    distinct_new: m.distinctNew,
    distinct_reference: m.distinctReference,
    agreement: m.agreement,
    chance_agreement: m.chanceAgreement,
    self_recall_new: m.selfRecallNew,
    self_recall_old: m.selfRecallOld,
  };
}

/** What the vector spaces look like now; an embedder that cannot load leaves the target unknown, not an error. */
async function embeddingStatus(runtime: SiftRuntime): Promise<SystemStatus['embeddings']> {
  const [serving, target, reembeds, alpha, check] = await Promise.all([
    runtime.metadata.search.servingSpace(),
    runtime.search.spaces.target().catch(() => null),
    runtime.queue.list({ type: ['index.reembed'], limit: 1 }),
    runtime.search.service.hybridAlpha(),
    runtime.search.spaces.swapCheck(),
  ]);
  const task = reembeds.items[0];
  // A check about another model than the configured one is history, not the state of a switch.
  const swap = check && target && check.to === target.space.id ? check : null;
  return {
    serving_space: serving?.id ?? null,
    target_space: target?.space.id ?? null,
    hybrid_alpha: { value: alpha.alpha, source: alpha.source },
    swap: swap && swapCheckStatus(swap),
    reembedding: task
      ? {
          task_id: task.id,
          status: task.status,
          progress: task.progress,
          stage: task.stage,
          updated_at: task.updatedAt,
        }
      : null,
  };
}

/** Gathers the status of the stores and the queue. Walks the data dir, so it costs I/O proportional to its files. */
export async function getSystemStatus(runtime: SiftRuntime): Promise<SystemStatus> {
  const [stats, blobs, dataDirBytes, databaseBytes, embeddings] = await Promise.all([
    runtime.queue.stats(),
    runtime.blobs.stats(),
    directorySize(runtime.dataDir),
    databaseSizeBytes({
      config: runtime.config,
      databaseEngine: runtime.stores.engines.database,
      ...(runtime.stores.databaseBytes ? { databaseBytes: runtime.stores.databaseBytes } : {}),
    }),
    embeddingStatus(runtime),
  ]);
  const now = Date.now();
  const pool = runtime.workers;
  return {
    version: SIFT_VERSION,
    data_dir: runtime.dataDir,
    data_dir_bytes: dataDirBytes,
    database_bytes: databaseBytes,
    blobs,
    queues: stats.byQueue,
    workers: stats.workers.map((w) => ({
      id: w.id,
      pid: w.pid,
      hostname: w.hostname,
      queues: w.queues,
      started_at: w.startedAt,
      last_seen_at: w.lastSeenAt,
      recent: isWorkerRecent(w, runtime.config.queue.leaseMs, now),
    })),
    in_process_workers: pool && {
      id: pool.id,
      alive: pool.isAlive(),
      active: pool.active,
      queues: pool.queues,
    },
    embeddings,
  };
}
