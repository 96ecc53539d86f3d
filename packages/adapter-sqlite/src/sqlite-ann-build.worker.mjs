// Builds the HNSW file of one vector space in a worker thread, started by sqlite-ann-files.ts (the files are
// described in sqlite-ann-index.ts). Plain JavaScript so the thread starts without the TypeScript loader
// (under vitest and tsx alike); it needs only the two native packages. Building 100k vectors takes tens of
// seconds of CPU; in the main thread that would stall every request.
//
// workerData: { dbFile, spaceId, dimensions, indexTmp, sidecarTmp, indexPath, sidecarPath, params, threads }
// Replies once: { ok: true, stamp, count } | { ok: false, message }.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Index } from 'usearch';

const BATCH = 4096;

/** The float32 values of a BLOB (a copy only when its bytes are not 4-byte aligned). */
function floats(blob, dimensions) {
  if (blob.byteLength !== dimensions * 4) throw new Error(`a stored vector has ${blob.byteLength} bytes`);
  if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, dimensions);
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/** Size and SHA-256 of a file, read in 1 MiB pieces. */
function digest(file) {
  const hash = createHash('sha256');
  const piece = Buffer.alloc(1 << 20);
  const fd = fs.openSync(file, 'r');
  let bytes = 0;
  try {
    for (let n; (n = fs.readSync(fd, piece, 0, piece.length, bytes)) > 0; bytes += n) {
      hash.update(piece.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return { bytes, sha256: hash.digest('hex') };
}

function build(job) {
  const db = new Database(job.dbFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // One read transaction: the version recorded is exactly the snapshot the vectors were read from.
    db.exec('BEGIN');
    const space = db
      .prepare('SELECT dimensions, version, created_at AS createdAt FROM vector_spaces WHERE id = ?')
      .get(job.spaceId);
    if (!space) return { ok: false, message: `vector space ${job.spaceId} does not exist` };
    if (space.dimensions !== job.dimensions) {
      return { ok: false, message: `vector space ${job.spaceId} has ${space.dimensions} dimensions` };
    }
    const index = new Index({
      dimensions: space.dimensions,
      metric: 'cos',
      quantization: job.params.quantization,
      connectivity: job.params.connectivity,
      expansion_add: job.params.expansionAdd,
      expansion_search: job.params.expansionSearch,
    });
    const keys = new BigUint64Array(BATCH);
    const vectors = new Float32Array(BATCH * space.dimensions);
    let filled = 0;
    let count = 0;
    const flush = () => {
      if (filled === 0) return;
      index.add(keys.subarray(0, filled), vectors.subarray(0, filled * space.dimensions), job.threads);
      count += filled;
      filled = 0;
    };
    const rows = db
      .prepare('SELECT chunk_seq, vector FROM chunk_vectors WHERE space = ? ORDER BY chunk_seq')
      .raw(true)
      .iterate(job.spaceId);
    for (const [seq, blob] of rows) {
      keys[filled] = BigInt(seq);
      vectors.set(floats(blob, space.dimensions), filled * space.dimensions);
      filled += 1;
      if (filled === BATCH) flush();
    }
    flush();
    db.exec('COMMIT');
    fs.mkdirSync(path.dirname(job.indexPath), { recursive: true });
    // Must match spaceStamp() in sqlite-ann-files.ts.
    const stamp = `${space.createdAt}:${space.version}`;
    index.save(job.indexTmp);
    const { bytes, sha256 } = digest(job.indexTmp);
    const sidecar = {
      format: 1,
      space: job.spaceId,
      dimensions: space.dimensions,
      stamp,
      count,
      params: job.params,
      bytes,
      sha256,
      builtAt: new Date().toISOString(),
    };
    fs.writeFileSync(job.sidecarTmp, JSON.stringify(sidecar));
    // The index first, the sidecar last: the sidecar names the stamp, so a reader that sees the new sidecar
    // also sees the new index, and one that sees the old sidecar at most rebuilds.
    fs.renameSync(job.indexTmp, job.indexPath);
    fs.renameSync(job.sidecarTmp, job.sidecarPath);
    return { ok: true, stamp, count };
  } finally {
    db.close();
  }
}

try {
  parentPort.postMessage(build(workerData));
} catch (err) {
  parentPort.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
}
