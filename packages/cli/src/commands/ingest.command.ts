import path from 'node:path';
import { watch } from 'chokidar';
import type { Command } from 'commander';
import type { ScanResult } from '@sift/core';
import { createLogger, createRuntime, type SiftRuntime } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput, type Output } from '../output.js';
import { createProgress } from '../progress.js';
import { waitForDocuments, type ProcessingSummary } from '../wait-for-documents.js';

interface IngestOptions {
  collection: string;
  watch?: boolean;
  wait: boolean;
  json?: boolean;
}

/**
 * `sift ingest PATH`: syncs a folder into a collection (new files ingested, changed ones re-ingested, deleted
 * ones removed; an unchanged folder costs no work) and processes what changed with in-process workers.
 * Any folder the operator can read may be ingested (`SIFT_SOURCE_ROOTS` bounds only the HTTP API); symbolic links
 * leading out of it are skipped and listed as refused (`SOURCE_LINK_OUTSIDE`), as on the server.
 * Exits 1 when any file was refused or failed to process, 2 when the folder is not a readable directory.
 */
export function registerIngestCommand(program: Command, ctx: CliContext): void {
  program
    .command('ingest')
    .description('ingest a folder (recursively) into a collection and keep it in sync')
    .argument('<path>', 'directory to ingest')
    .option('-c, --collection <name>', 'collection name (created when missing)', 'default')
    .option('-w, --watch', 'keep running and re-sync when files change')
    .option('--no-wait', 'queue the files and return without processing them here')
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: IngestOptions) => {
      const out = createOutput(Boolean(opts.json));
      const config = ctx.config();
      const logger = createLogger({ ...config, log: { ...config.log, level: 'warn' } }, process.stderr);
      const runtime = await createRuntime(config, { logger });
      try {
        const collection = await runtime.collections.ensure(runtime.identity.operator(), opts.collection);
        // The operator acting on the data dir may ingest any directory it can read: the source roots bound
        // only what clients of the HTTP API may ask for. Links leading out of the folder are still skipped.
        const source = await runtime.sources.addSource(
          runtime.identity.operator(),
          { collectionId: collection.id, path: path.resolve(dir) },
          'any',
        );
        if (opts.wait) await runtime.startWorkers();
        const once = () => syncOnce(runtime, source.id, opts, out);
        const first = await once();
        if (!opts.watch) {
          out.result(first, () => describeRun(first, source.path, collection.name));
          // Scripts need to know when a file did not make it: refused at the scan or failed in processing.
          process.exitCode = first.failed > 0 || (first.processing?.failed ?? 0) > 0 ? 1 : 0;
          return;
        }
        out.info(describeRun(first, source.path, collection.name));
        out.info(`Watching ${source.path} for changes (Ctrl-C to stop)…`);
        await watchFolder(source.path, async () =>
          out.info(describeRun(await once(), source.path, collection.name)),
        );
      } finally {
        await runtime.close();
      }
    });
}

type RunResult = ScanResult & { processing: ProcessingSummary | null };

async function syncOnce(
  runtime: SiftRuntime,
  sourceId: string,
  opts: IngestOptions,
  out: Output,
): Promise<RunResult> {
  const scanBar = createProgress(out, 'scan');
  const scan = await runtime.sources.scan(
    sourceId,
    (done, total, file) => scanBar.update(done, total, file),
    'any',
  );
  scanBar.stop();
  let processing: ProcessingSummary | null = null;
  if (opts.wait && scan.documentIds.length > 0) {
    const bar = createProgress(out, 'process');
    processing = await waitForDocuments(runtime, scan.documentIds, (done, total, name) =>
      bar.update(done, total, name),
    );
    bar.stop();
  }
  return { ...scan, processing };
}

/** Re-runs `sync` (one at a time) a moment after files stop changing, until SIGINT/SIGTERM. */
async function watchFolder(dir: string, sync: () => Promise<void>): Promise<void> {
  const watcher = watch(dir, {
    ignoreInitial: true,
    ignored: (p) => path.basename(p).startsWith('.') && p !== dir,
  });
  let timer: NodeJS.Timeout | null = null;
  let running = Promise.resolve();
  const schedule = () => {
    if (timer) clearTimeout(timer);
    // Saves often come as several events; one rescan after they settle is enough.
    timer = setTimeout(() => (running = running.then(sync).catch(() => undefined)), 750);
  };
  watcher.on('all', schedule);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  if (timer) clearTimeout(timer);
  await watcher.close();
  await running;
}

function describeRun(r: RunResult, dir: string, collection: string): string {
  const lines = [
    `Synced ${dir} → collection "${collection}": ${r.added} added, ${r.changed} changed, ${r.removed} removed, ` +
      `${r.unchanged} unchanged, ${r.failed} refused`,
  ];
  for (const e of r.errors.slice(0, 20)) lines.push(`  refused ${e.path}: ${e.message} [${e.code}]`);
  if (r.processing) {
    const p = r.processing;
    lines.push(
      `Processed ${p.processed} document(s), ${p.failed} failed, ${p.chunks} chunks in ${(p.ms / 1000).toFixed(1)} s`,
    );
    for (const f of p.failures.slice(0, 20)) lines.push(`  failed ${f.filename}: ${f.message} [${f.code}]`);
  }
  return lines.join('\n');
}
