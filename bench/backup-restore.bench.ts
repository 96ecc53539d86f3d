// Backup and restore of a SciFact-sized data dir: the SciFact train corpus (5,183 abstracts) ingested through
// the real runtime and its workers (one Markdown file per abstract, as `sift eval` does), then one online
// backup (SQLite online backup API, blobs, keys; tar + gzip), one restore into an empty dir (every file
// checked against the manifest) and the consistency check of the restored dir. BENCH_EMBEDDER (default
// `none`: lexical only, the ingest is then minutes rather than tens of minutes on a small machine; `use-lite`
// adds vectors) chooses the embedder. Prints one JSON line per figure.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadConfig, withDataDir } from '@sift/config';
import { loadBeirDataset } from '@sift/core';
import { checkDataDir, createRuntime, dataPaths, restoreBackup } from '@sift/runtime';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATASETS = process.env.BENCH_DATASETS_DIR ?? path.join(root, '..', 'shared', 'datasets');
const embedder = process.env.BENCH_EMBEDDER ?? 'none';

function emit(figure: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ bench: 'backup_restore', figure, value, unit, embedder, ...extra }));
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) total += (await stat(path.join(e.parentPath, e.name))).size;
  }
  return total;
}

const work = await mkdtemp(path.join(tmpdir(), 'sift-bench-backup-'));
try {
  const config = loadConfig({
    SIFT_DATA_DIR: path.join(work, 'source'),
    SIFT_LOG_LEVEL: 'warn',
    SIFT_EMBEDDER: embedder,
    SIFT_ALLOW_MODEL_DOWNLOADS: 'false',
  });
  const runtime = await createRuntime(config);
  try {
    const dataset = await loadBeirDataset(path.join(DATASETS, 'scifact-train'), 'train');
    const ingestStart = performance.now();
    const operator = runtime.identity.operator();
    for await (const doc of dataset.corpus) {
      if (!doc.title.trim() && !doc.text.trim()) continue;
      const body = doc.title ? `# ${doc.title}\n\n${doc.text}\n` : `${doc.text}\n`;
      await runtime.documents.upload({
        access: operator,
        filename: `${doc.id}.md`,
        source: Readable.from([Buffer.from(body)]),
      });
    }
    await runtime.startWorkers();
    for (;;) {
      const stats = await runtime.queue.stats();
      const open = Object.values(stats.byQueue).reduce((n, q) => n + q.pending + q.running, 0);
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    emit('ingest_s', round((performance.now() - ingestStart) / 1000, 1), 's', { docs: dataset.corpusSize });
    emit('data_dir_bytes', await dirBytes(config.dataDir), 'bytes');
    emit('database_bytes', (await stat(dataPaths(config.dataDir).database)).size, 'bytes');

    const backupStart = performance.now();
    const written = await runtime.backups.backupNow({ dest: path.join(work, 'scifact.tar.gz') });
    emit('backup_s', round((performance.now() - backupStart) / 1000, 2), 's', {
      counts: written.manifest.counts,
    });
    emit('archive_bytes', written.bytes, 'bytes', { files: written.manifest.files.length });

    const target = withDataDir(config, path.join(work, 'restored'));
    const restoreStart = performance.now();
    await restoreBackup({ archive: written.file, dataDir: target.dataDir, blobDir: target.backends.blobDir });
    emit('restore_s', round((performance.now() - restoreStart) / 1000, 2), 's');

    const checkStart = performance.now();
    const report = await checkDataDir({
      databaseFile: dataPaths(target.dataDir).database,
      blobDir: target.backends.blobDir,
    });
    emit('check_s', round((performance.now() - checkStart) / 1000, 2), 's', { ok: report.ok });
    if (!report.ok) process.exitCode = 1;
  } finally {
    await runtime.close();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
