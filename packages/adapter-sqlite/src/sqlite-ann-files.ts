import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * HNSW parameters: graph degree, the candidate-list sizes while inserting and while searching, and how the
 * index stores vector components. Candidates are re-scored from the exact float32 vectors in SQLite, so a
 * coarser storage only costs candidate recall, and `i8` makes distances several times cheaper.
 */
export interface HnswParams {
  connectivity: number;
  expansionAdd: number;
  expansionSearch: number;
  quantization: 'f32' | 'f16' | 'i8';
}

/** What the sidecar of an index file records (written by sqlite-ann-build.worker.mjs). */
export interface AnnSidecar {
  format: 1;
  space: string;
  dimensions: number;
  /** spaceStamp() of the snapshot the index was built from. */
  stamp: string;
  count: number;
  params: HnswParams;
  /** Size and SHA-256 of the index file: usearch maps a file without checking it, and a damaged one crashes. */
  bytes: number;
  sha256: string;
}

/** What a finished build reports. */
export type BuildResult = { ok: true; stamp: string; count: number } | { ok: false; message: string };

/**
 * Which state of a space an index reflects: the space's creation time and change counter. The creation time
 * tells a space dropped and created again apart, whose counter starts over.
 */
export function spaceStamp(space: { createdAt: number; version: number }): string {
  return `${space.createdAt}:${space.version}`;
}

/** The index files of a space; the id is percent-encoded so any id is one plain file name. */
export function annPaths(indexDir: string, spaceId: string): { index: string; sidecar: string } {
  const index = path.join(indexDir, `${encodeURIComponent(spaceId)}.usearch`);
  return { index, sidecar: `${index}.json` };
}

/** The sidecar, or null when it is missing, unreadable or of another format. */
export function readSidecar(file: string): AnnSidecar | null {
  try {
    const sidecar = JSON.parse(fs.readFileSync(file, 'utf8')) as AnnSidecar;
    return sidecar.format === 1 ? sidecar : null;
  } catch {
    return null;
  }
}

/**
 * True when the index file has the size and hash its sidecar records. Read as a stream, so verifying a
 * gigabyte-sized index does not stall the event loop (SHA-256 runs at ~2 GB/s here).
 */
export async function indexFileIntact(file: string, sidecar: AnnSidecar): Promise<boolean> {
  try {
    if ((await fs.promises.stat(file)).size !== sidecar.bytes) return false;
    const hash = createHash('sha256');
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }))
      hash.update(chunk as Buffer);
    return hash.digest('hex') === sidecar.sha256;
  } catch {
    return false;
  }
}

/** Removes a file if it is there; a file that cannot be removed stays (temp files are best-effort). */
export function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // e.g. ENOTDIR when the index directory is not a directory: nothing was written there either.
  }
}

const WORKER_SCRIPT = new URL('./sqlite-ann-build.worker.mjs', import.meta.url);

/** What the build worker needs (see sqlite-ann-build.worker.mjs). */
export interface BuildJob {
  dbFile: string;
  spaceId: string;
  dimensions: number;
  indexPath: string;
  sidecarPath: string;
  params: HnswParams;
  threads: number;
}

/**
 * Starts a build in a worker thread. The promise never rejects: a failed build only leaves searches exact, so
 * it must not fail the search that started it. Temp files are removed whatever the outcome.
 */
export function startBuildWorker(job: BuildJob): { worker: Worker | null; result: Promise<BuildResult> } {
  const tmp = `${job.indexPath}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  const data = { ...job, indexTmp: tmp, sidecarTmp: `${tmp}.json` };
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SCRIPT, { workerData: data });
  } catch (err) {
    return { worker: null, result: Promise.resolve({ ok: false, message: messageOf(err) }) };
  }
  // A background build must not keep an otherwise finished process alive (close() stops it); whoever awaits
  // the build refs the worker.
  worker.unref();
  const result = new Promise<BuildResult>((resolve) => {
    let reply: BuildResult | null = null;
    worker.on('message', (message: BuildResult) => (reply = message));
    worker.on('error', (err) => (reply = { ok: false, message: err.message }));
    worker.on('exit', () => {
      removeQuietly(data.indexTmp);
      removeQuietly(data.sidecarTmp);
      resolve(reply ?? { ok: false, message: 'the build was stopped' });
    });
  });
  return { worker, result };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
