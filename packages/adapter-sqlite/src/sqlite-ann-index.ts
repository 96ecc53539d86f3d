import type { Worker } from 'node:worker_threads';
import { AppError, silentLogger, type Logger } from '@sift/core';
import { Index, MetricKind, type ScalarKind } from 'usearch';
import {
  annPaths,
  indexFileIntact,
  readSidecar,
  removeQuietly,
  startBuildWorker,
  type BuildResult,
  type HnswParams,
} from './sqlite-ann-files.js';

/** Options of {@link AnnIndexes}. */
export interface AnnIndexesOptions {
  indexDir: string;
  params: HnswParams;
  /** Threads one build may use (usearch's own pool, inside the build's worker thread). */
  buildThreads: number;
  /** A stale index is rebuilt at most this often; meanwhile searches are exact. */
  minRebuildIntervalMs: number;
  logger?: Logger;
}

interface Entry {
  /** The loaded index and the space stamp it reflects. */
  index: Index | null;
  stamp: string | null;
  /** The stamp for which the files on disk were last found unusable (not re-read until a build ends). */
  rejectedStamp: string | null;
  /** A load in progress (hashing the file), shared by concurrent searches. */
  loading: { stamp: string; done: Promise<boolean> } | null;
  building: Promise<BuildResult> | null;
  worker: Worker | null;
  lastBuildStart: number;
}

/**
 * The HNSW indexes (usearch) of the vector spaces, derived from the vectors in SQLite, the source of truth.
 * Files: `<indexDir>/<space>.usearch` and a sidecar `<space>.usearch.json` naming the state of the space the
 * index was built from (spaceStamp); an index of another state is stale and never answers. Builds run in a
 * worker thread on a read-only connection of their own, write temp files and rename them (index first,
 * sidecar last), so a reader in any process sees a whole index or none. Loaded indexes are memory-mapped
 * (`view`) after their hash is checked, so the page cache, not the heap, holds them.
 */
export class AnnIndexes {
  private readonly entries = new Map<string, Entry>();
  private readonly logger: Logger;

  constructor(
    private readonly dbFile: string,
    private readonly options: AnnIndexesOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * The index of the space if it reflects `stamp`, else null; then a rebuild starts when due, and with `wait`
   * this waits for it (and returns it if the space did not change meanwhile).
   */
  async acquire(spaceId: string, dimensions: number, stamp: string, wait: boolean): Promise<Index | null> {
    const entry = this.entry(spaceId);
    if (entry.index && entry.stamp === stamp) return entry.index;
    if (entry.rejectedStamp !== stamp && (await this.load(entry, spaceId, dimensions, stamp)))
      return entry.index;
    entry.rejectedStamp = stamp;
    const due = Date.now() - entry.lastBuildStart >= this.options.minRebuildIntervalMs;
    const build = entry.building ?? (due || wait ? this.startBuild(entry, spaceId, dimensions) : null);
    if (!wait || !build) return null;
    entry.worker?.ref(); // someone waits for it now: it must keep the process alive
    await build;
    return (await this.load(entry, spaceId, dimensions, stamp)) ? entry.index : null;
  }

  /** Builds the space's index now (or joins the running build); throws VECTOR_INDEX_BUILD_FAILED. */
  async build(spaceId: string, dimensions: number): Promise<{ count: number }> {
    const entry = this.entry(spaceId);
    const building = entry.building ?? this.startBuild(entry, spaceId, dimensions);
    entry.worker?.ref(); // someone waits for it now: it must keep the process alive
    const result = await building;
    if (!result.ok) {
      throw new AppError(
        'VECTOR_INDEX_BUILD_FAILED',
        'system',
        `building the ANN index failed: ${result.message}`,
        {
          details: { space: spaceId },
        },
      );
    }
    await this.load(entry, spaceId, dimensions, result.stamp);
    return { count: result.count };
  }

  /** Stops a running build, forgets the index and deletes its files. */
  async drop(spaceId: string): Promise<void> {
    const entry = this.entries.get(spaceId);
    this.entries.delete(spaceId);
    await entry?.worker?.terminate();
    const files = annPaths(this.options.indexDir, spaceId);
    removeQuietly(files.sidecar);
    removeQuietly(files.index);
  }

  /** Stops running builds and drops the mapped indexes; the files stay for the next start. */
  async close(): Promise<void> {
    const workers = [...this.entries.values()].map((e) => e.worker?.terminate());
    this.entries.clear();
    await Promise.all(workers);
  }

  private entry(spaceId: string): Entry {
    let entry = this.entries.get(spaceId);
    if (!entry) {
      entry = {
        index: null,
        stamp: null,
        rejectedStamp: null,
        loading: null,
        building: null,
        worker: null,
        lastBuildStart: 0,
      };
      this.entries.set(spaceId, entry);
    }
    return entry;
  }

  /** Maps the space's files if their sidecar names `stamp` and the file is intact; true when loaded. */
  private load(entry: Entry, spaceId: string, dimensions: number, stamp: string): Promise<boolean> {
    if (entry.index && entry.stamp === stamp) return Promise.resolve(true);
    if (entry.loading?.stamp === stamp) return entry.loading.done;
    const done = this.loadFiles(entry, spaceId, dimensions, stamp).finally(() => {
      if (entry.loading?.done === done) entry.loading = null;
    });
    entry.loading = { stamp, done };
    return done;
  }

  private async loadFiles(
    entry: Entry,
    spaceId: string,
    dimensions: number,
    stamp: string,
  ): Promise<boolean> {
    const files = annPaths(this.options.indexDir, spaceId);
    const sidecar = readSidecar(files.sidecar);
    if (!sidecar || sidecar.stamp !== stamp || sidecar.dimensions !== dimensions) return false;
    if (!(await indexFileIntact(files.index, sidecar))) {
      this.logger.warn({ space: spaceId, file: files.index }, 'ANN index file damaged; it will be rebuilt');
      return false;
    }
    const index = new Index({
      dimensions,
      metric: MetricKind.Cos,
      quantization: sidecar.params.quantization as ScalarKind,
      connectivity: sidecar.params.connectivity,
      expansion_add: sidecar.params.expansionAdd,
      // Searching may use a wider beam than the build did: the current setting, not the recorded one.
      expansion_search: this.options.params.expansionSearch,
      multi: false,
    });
    index.view(files.index);
    // Another process may have replaced the file between the hash and the mapping (its count tells), or the
    // space was dropped meanwhile.
    if (index.size() !== sidecar.count || this.entries.get(spaceId) !== entry) return false;
    entry.index = index;
    entry.stamp = stamp;
    return true;
  }

  private startBuild(entry: Entry, spaceId: string, dimensions: number): Promise<BuildResult> {
    const files = annPaths(this.options.indexDir, spaceId);
    const started = Date.now();
    entry.lastBuildStart = started;
    const { worker, result } = startBuildWorker({
      dbFile: this.dbFile,
      spaceId,
      dimensions,
      indexPath: files.index,
      sidecarPath: files.sidecar,
      params: this.options.params,
      threads: this.options.buildThreads,
    });
    entry.worker = worker;
    this.logger.info({ space: spaceId }, 'building ANN index');
    const building = result.then((outcome) => {
      if (entry.worker === worker) entry.worker = null;
      if (entry.building === building) entry.building = null;
      entry.rejectedStamp = null; // the files changed, or a failure left them: worth reading again
      const ms = Date.now() - started;
      if (outcome.ok) this.logger.info({ space: spaceId, ms, count: outcome.count }, 'ANN index built');
      else this.logger.warn({ space: spaceId, ms, reason: outcome.message }, 'ANN index build failed');
      return outcome;
    });
    entry.building = building;
    return building;
  }
}
