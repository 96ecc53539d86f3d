import { statfs } from 'node:fs/promises';
import type { SiftRuntime } from './runtime.js';
import type { EmbedderStatus } from './serving-embedder.js';
import { isWorkerRecent } from './worker-liveness.js';

/** One readiness check per dependency; `ready` only when all pass. */
export interface ReadinessReport {
  ready: boolean;
  checks: {
    /** The metadata store: `sqlite` (embedded) or `postgres`. */
    database: { ok: boolean; engine: string; latencyMs: number; error?: string };
    /** The job queue; in the embedded shape the same SQLite database, reported without a second probe. */
    queue: BackendCheck;
    /** The vector index: SQLite (embedded), PostgreSQL (exact) or Chroma. */
    vectors: BackendCheck;
    disk: { ok: boolean; freeMb: number; minFreeMb: number; error?: string };
    workers: { ok: boolean; detail: string };
    /** Present when an LLM is configured; an open circuit degrades answers to extractive, not readiness. */
    llm?: { ok: boolean; provider: string; model: string; circuit: string; error?: string };
    /**
     * Which embedder this process runs and why (absent with SIFT_EMBEDDER=none). A model that does not load
     * fails this check but not readiness: search goes on lexical, documents fail with the model's error.
     */
    embedder?: EmbedderStatus & { ok: boolean };
  };
  /** Backpressure: uploads are refused (503 QUEUE_FULL) while more tasks than the limit wait. */
  intake?: { pendingTasks: number; maxPendingTasks: number };
}

/** A backend server (or the embedded database standing in for it) and whether it answered. */
export interface BackendCheck {
  ok: boolean;
  engine: string;
  latencyMs: number;
  error?: string;
}

/**
 * Whether this process can do its work now: the database accepts writes, the data dir has room, and the
 * workers it should run are running. Never throws; a failing dependency shows as a failed check.
 */
export async function checkReadiness(runtime: SiftRuntime): Promise<ReadinessReport> {
  const { engines, probes } = runtime.stores;
  const [database, disk, workers, queue, vectors] = await Promise.all([
    checkDatabase(runtime),
    checkDisk(runtime),
    checkWorkers(runtime),
    probes.queue ? probe(engines.queue, probes.queue) : null,
    probes.vectors ? probe(engines.vectors, probes.vectors) : null,
  ]);
  // Without a probe of its own the backend lives in the metadata database, whose check stands for it.
  const same = (engine: string): BackendCheck => ({ ...database, engine });
  const queueCheck = queue ?? same(engines.queue);
  const vectorsCheck = vectors ?? same(engines.vectors);
  return {
    ready: database.ok && disk.ok && workers.ok && queueCheck.ok && vectorsCheck.ok,
    checks: {
      database,
      disk,
      workers,
      queue: queueCheck,
      vectors: vectorsCheck,
      ...llmCheck(runtime),
      ...embedderCheck(runtime),
    },
  };
}

/** The serving embedder, from memory. */
export function embedderCheck(runtime: SiftRuntime): Pick<ReadinessReport['checks'], 'embedder'> {
  const status = runtime.search.embedderStatus();
  return status ? { embedder: { ok: status.error === undefined, ...status } } : {};
}

/** The LLM's circuit, read from memory: cheap enough to report live rather than from the last check. */
export function llmCheck(runtime: SiftRuntime): Pick<ReadinessReport['checks'], 'llm'> {
  const llm = runtime.chat.llm?.health();
  if (!llm) return {};
  return {
    llm: {
      ok: llm.circuit !== 'open',
      provider: llm.provider,
      model: llm.model,
      circuit: llm.circuit,
      ...(llm.lastError && { error: `${llm.lastError.code}: ${llm.lastError.message}` }),
    },
  };
}

async function checkDatabase(runtime: SiftRuntime): Promise<ReadinessReport['checks']['database']> {
  return probe(runtime.stores.engines.database, () => runtime.metadata.checkWritable());
}

async function probe(engine: string, check: () => Promise<void>): Promise<BackendCheck> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, engine, latencyMs: elapsed(started) };
  } catch (err) {
    return { ok: false, engine, latencyMs: elapsed(started), error: messageOf(err) };
  }
}

async function checkDisk(runtime: SiftRuntime): Promise<ReadinessReport['checks']['disk']> {
  const minFreeMb = runtime.config.health.minFreeDiskMb;
  try {
    const fs = await statfs(runtime.dataDir);
    // bavail, not bfree: blocks reserved for root are not ours to fill.
    const freeMb = Math.floor((fs.bavail * fs.bsize) / (1024 * 1024));
    return { ok: freeMb >= minFreeMb, freeMb, minFreeMb };
  } catch (err) {
    return { ok: false, freeMb: 0, minFreeMb, error: messageOf(err) };
  }
}

async function checkWorkers(runtime: SiftRuntime): Promise<ReadinessReport['checks']['workers']> {
  if (runtime.config.workers.enabled) {
    const pool = runtime.workers;
    if (!pool) return { ok: false, detail: 'enabled but not started' };
    return pool.isAlive()
      ? { ok: true, detail: `running (${pool.active} active task(s))` }
      : { ok: false, detail: 'worker loop is not running or has stalled' };
  }
  // Jobs then run in separate `sift worker` processes. Their absence does not make this API unready (it
  // still serves reads and accepts tasks), but operators should see it.
  const leaseMs = runtime.config.queue.leaseMs;
  try {
    const { workers } = await runtime.queue.stats();
    const recent = workers.filter((w) => isWorkerRecent(w, leaseMs)).length;
    return {
      ok: true,
      detail: `disabled in this process; ${recent} worker process(es) seen within ${(2 * leaseMs) / 1000}s`,
    };
  } catch (err) {
    return { ok: true, detail: `disabled in this process; registered workers unknown: ${messageOf(err)}` };
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
