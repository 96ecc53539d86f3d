import type { Command } from 'commander';
import { AppError } from '@sift/core';
import { migrateData, type MigrateDataResult } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput, table } from '../output.js';

interface MigrateDataOpts {
  to: string;
  redis: string;
  vector?: string;
  blobDir?: string;
  resume?: boolean;
  batchSize?: string;
  json?: boolean;
}

/**
 * `sift migrate-data`: copies the embedded data dir (SIFT_DATA_DIR, blobs in SIFT_BLOB_DIR) into the
 * scale-out backends, then verifies. Exits 1 when the verification finds a difference.
 */
export function registerMigrateDataCommand(program: Command, ctx: CliContext): void {
  program
    .command('migrate-data')
    .description(
      'copy an embedded data dir into PostgreSQL, Redis and Chroma (no re-extraction or re-embedding)',
    )
    .requiredOption('--to <url>', 'target PostgreSQL (postgres://…)')
    .requiredOption('--redis <url>', 'target Redis (redis://…): pending tasks are queued there')
    .option(
      '--vector <url>',
      'target Chroma server (http://…); without it vectors are searched in PostgreSQL',
    )
    .option('--blob-dir <dir>', 'blob directory of the scale-out nodes (default: the data dir’s own)')
    .option('--resume', 'continue an interrupted run of the same data dir')
    .option('--batch-size <n>', 'rows per transaction', '500')
    .option('--json', 'print JSON')
    .action(async (opts: MigrateDataOpts) => {
      const out = createOutput(Boolean(opts.json));
      const config = ctx.config();
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw new AppError('BATCH_SIZE_INVALID', 'user', '--batch-size must be a positive integer');
      }
      let current = '';
      const result = await migrateData({
        dataDir: config.dataDir,
        sourceBlobDir: config.backends.blobDir,
        to: opts.to,
        redis: opts.redis,
        vector: opts.vector ?? null,
        blobDir: opts.blobDir ?? null,
        resume: Boolean(opts.resume),
        lexical: { foldDiacritics: config.search.lexicalFoldDiacritics },
        batchSize,
        onProgress: ({ table: name }) => {
          if (name !== current) out.info(`copying ${(current = name)}…`);
        },
      });
      out.result(result, () => render(result));
      if (!result.verification.ok) {
        process.stderr.write(`sift: verification failed: ${mismatches(result).join('; ')}\n`);
        process.exitCode = 1;
      }
    });
}

function render(result: MigrateDataResult): string {
  const { verification: v } = result;
  const copied = new Map(result.tables.map((t) => [t.table, t.copied]));
  const lines = [
    `${result.resumed ? 'Resumed' : 'Migrated'} ${result.source} → ${result.target}`,
    '',
    table(
      ['table', 'source', 'target', 'copied now'],
      v.counts.map((c) => [c.table, c.source, c.target, copied.get(c.table) ?? '-']),
    ),
    '',
    `blobs: ${result.blobs.copied} copied to ${result.blobs.blobDir}` +
      (result.blobs.missing.length ? `, ${result.blobs.missing.length} missing in the source` : ''),
    `tasks: ${result.tasks.requeued} re-queued in Redis; left behind: ${droppedSummary(result) || 'none'}`,
    `vector search: ${result.vectorIndex.engine}` +
      (result.vectorIndex.outboxPending
        ? ` (${result.vectorIndex.outboxPending} outbox rows still pending)`
        : ''),
    `verification: ${v.searches.lexical} lexical and ${v.searches.vector} vector searches compared — ` +
      (v.ok ? 'identical' : `${mismatches(result).length} differences`),
  ];
  if (!v.ok) lines.push(...mismatches(result).map((m) => `  ✗ ${m}`));
  return lines.join('\n');
}

function droppedSummary(result: MigrateDataResult): string {
  return Object.entries(result.tasks.dropped)
    .map(([status, types]) => `${Object.values(types).reduce((a, b) => a + b, 0)} ${status}`)
    .join(', ');
}

function mismatches(result: MigrateDataResult): string[] {
  const v = result.verification;
  return [
    ...v.countMismatches.map((c) => `${c.table}: ${c.source} rows in the source, ${c.target} in the target`),
    ...v.searchMismatches.map(
      (s) =>
        `${s.kind} search "${s.query}": source [${s.source.join(', ')}], target [${s.target.join(', ')}]`,
    ),
  ];
}
