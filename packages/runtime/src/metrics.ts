import { readFile, stat, statfs } from 'node:fs/promises';
import os from 'node:os';
import type { Config } from '@sift/config';
import { noopMetrics, type JobQueue, type MetricsPort } from '@sift/core';
import type { SiftLogger } from './logger.js';
import { dataPaths } from './stores.types.js';
import { isWorkerRecent } from './worker-liveness.js';

/** What `/metrics` serves: the text exposition of this process's metrics. Null when metrics are off. */
export interface MetricsExposition {
  /** `text/plain; version=0.0.4; charset=utf-8`. */
  readonly contentType: string;
  /** Runs the scrape-time collectors, then renders every series. */
  render(): Promise<string>;
  /** Adds a callback run before each scrape (gauges read from elsewhere). */
  collect(collector: () => Promise<void> | void): void;
}

/** The metrics side of a process's telemetry. */
export interface RuntimeMetrics {
  metrics: MetricsPort;
  exposition: MetricsExposition | null;
}

/**
 * Prometheus metrics when `config.operations.metrics.enabled` (the default), else no-ops and no exposition.
 * The adapter is imported lazily so a process with metrics off never loads prom-client.
 */
export async function createMetrics(config: Config, logger: SiftLogger): Promise<RuntimeMetrics> {
  if (!config.operations.metrics.enabled) return { metrics: noopMetrics, exposition: null };
  const { PrometheusMetrics } = await import('@sift/adapter-prometheus');
  // Not strict: a mistaken label must never fail the upload or search that recorded it; the adapter's own
  // tests and the scrape tests catch such mistakes instead. Logged once per distinct error.
  const prometheus = new PrometheusMetrics({
    onError: (err, context) => logger.warn({ err }, `metrics: ${context}`),
  });
  return { metrics: prometheus, exposition: prometheus };
}

/** What the scrape-time collectors read. */
export interface CollectorSources {
  config: Config;
  queue: JobQueue;
  /** The engine of the metadata database (`sqlite`, `postgres`): SQLite's size is its files'. */
  databaseEngine: string;
  /** The database's own size report (PostgreSQL's pg_database_size); absent: the SQLite files are measured. */
  databaseBytes?: () => Promise<number>;
  /** Where the cgroup v2 memory limit is read; a test points it elsewhere. */
  cgroupMemoryMax?: string;
}

/** How long a collector's figures are reused: scrapes stay cheap even with several scrapers or a short interval. */
export const COLLECTOR_TTL_MS = 5_000;

/**
 * Registers the gauges read at scrape time: tasks per queue and status, live workers per queue, database size,
 * free disk and its readiness floor, and the memory limit. Each collector runs at most every COLLECTOR_TTL_MS
 * (concurrent scrapes share one run); gauges keep their last value in between.
 */
export function registerRuntimeCollectors(
  exposition: MetricsExposition,
  metrics: MetricsPort,
  sources: CollectorSources,
  ttlMs = COLLECTOR_TTL_MS,
): void {
  const { config, queue } = sources;
  exposition.collect(
    cached(ttlMs, async () => {
      const stats = await queue.stats();
      const now = Date.now();
      for (const [name, byStatus] of Object.entries(stats.byQueue)) {
        for (const [status, count] of Object.entries(byStatus))
          metrics.set('sift_queue_tasks', { queue: name, status }, count);
        // Registered but silent workers (killed without unregistering) are not serving anything.
        const live = stats.workers.filter(
          (w) =>
            w.queues.includes(name as (typeof w.queues)[number]) &&
            isWorkerRecent(w, config.queue.leaseMs, now),
        );
        metrics.set('sift_workers', { queue: name }, live.length);
      }
    }),
  );
  exposition.collect(
    cached(ttlMs, async () => {
      const bytes = await databaseSizeBytes(sources);
      if (bytes !== null) metrics.set('sift_database_size_bytes', {}, bytes);
    }),
  );
  exposition.collect(
    cached(ttlMs, async () => {
      const fs = await statfs(config.dataDir);
      // bavail, as readiness measures it: blocks reserved for root are not ours to fill.
      metrics.set('sift_disk_free_bytes', {}, fs.bavail * fs.bsize);
      metrics.set('sift_disk_free_floor_bytes', {}, config.health.minFreeDiskMb * 1024 * 1024);
      metrics.set('sift_memory_limit_bytes', {}, await memoryLimitBytes(sources.cgroupMemoryMax));
    }),
  );
}

/**
 * The metadata database's size as sift_database_size_bytes reports it (and the system status shows it): the
 * engine's own report when it has one, SQLite's files otherwise; null for an engine that reports none.
 */
export async function databaseSizeBytes(
  sources: Pick<CollectorSources, 'config' | 'databaseEngine' | 'databaseBytes'>,
): Promise<number | null> {
  if (sources.databaseBytes) return sources.databaseBytes();
  return sources.databaseEngine === 'sqlite' ? sqliteBytes(dataPaths(sources.config.dataDir).database) : null;
}

/** The SQLite database with its write-ahead log and shared-memory index (absent ones count 0). */
async function sqliteBytes(database: string): Promise<number> {
  let total = 0;
  for (const file of [database, `${database}-wal`, `${database}-shm`]) {
    try {
      total += (await stat(file)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return total;
}

/**
 * The cgroup v2 memory limit (a container's), else physical memory. `max` means no limit; a limit above
 * physical memory cannot be reached, so the smaller of the two is what alerts should compare against.
 */
export async function memoryLimitBytes(cgroupMemoryMax = '/sys/fs/cgroup/memory.max'): Promise<number> {
  const total = os.totalmem();
  try {
    const raw = (await readFile(cgroupMemoryMax, 'utf8')).trim();
    const limit = Number(raw);
    return raw !== 'max' && Number.isFinite(limit) && limit > 0 ? Math.min(limit, total) : total;
  } catch {
    // No cgroup v2 file (bare metal, cgroup v1, another OS): physical memory is the limit.
    return total;
  }
}

/** Runs fn at most once per ttlMs; calls in between reuse the last run (or join the one in flight). */
function cached(ttlMs: number, fn: () => Promise<void>): () => Promise<void> {
  let last: { at: number; run: Promise<void> } | null = null;
  return () => {
    const now = Date.now();
    if (last && now - last.at < ttlMs) return last.run;
    const run = fn();
    last = { at: now, run };
    // A failed run is retried at the next scrape instead of being cached for a whole TTL.
    run.catch(() => {
      if (last?.run === run) last = null;
    });
    return run;
  };
}
