import type { Command } from 'commander';
import { AppError } from '@sift/core';
import { checkDataDir, createLogger, createRuntime, dataPaths, type ConsistencyReport } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput, formatBytes } from '../output.js';

/** The CLI copies in one step: it is not the process that writes, and another's writes would restart a stepped copy. */
const ONE_STEP = 2 ** 30;

/**
 * `sift backup [DEST]`: an online archive of the data dir (the server may keep running), into DEST (a file
 * ending in .tar.gz, or a directory; default SIFT_BACKUP_DIR). `sift check`: the consistency check of a data
 * dir, exiting 1 when it finds a problem.
 */
export function registerBackupCommand(program: Command, ctx: CliContext): void {
  program
    .command('backup')
    .description('write an online backup archive of the data dir (see also `sift restore`, `sift check`)')
    .argument('[dest]', 'archive file (.tar.gz) or directory; default SIFT_BACKUP_DIR')
    .option('--json', 'print JSON')
    .action(async (dest: string | undefined, opts: { json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      const config = ctx.config();
      const runtime = await createRuntime(config, {
        logger: createLogger({ ...config, log: { ...config.log, level: 'warn' } }, process.stderr),
      });
      try {
        const written = await runtime.backups.backupNow({
          ...(dest ? { dest } : {}),
          pagesPerStep: ONE_STEP,
        });
        out.result({ file: written.file, bytes: written.bytes, manifest: written.manifest }, () => {
          const { counts, migrationLevel, ann, missingBlobs } = written.manifest;
          const lines = [
            `Backup ${written.file} (${formatBytes(written.bytes)})`,
            `  schema ${migrationLevel}, ${counts.documents} documents, ${counts.chunks} chunks, ` +
              `${counts.vectors} vectors, ${counts.blobs} blobs`,
          ];
          const rebuild = ann.filter((a) => a.status === 'rebuild').map((a) => a.space);
          if (rebuild.length) lines.push(`  ANN index rebuilt after restore: ${rebuild.join(', ')}`);
          if (missingBlobs.length)
            lines.push(`  warning: ${missingBlobs.length} referenced blobs were missing`);
          return lines.join('\n');
        });
      } finally {
        await runtime.close();
      }
    });

  program
    .command('check')
    .description(
      'check a data dir: chunks have documents, lexical rows and vectors; blobs exist and hash right',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      const config = ctx.config();
      if (config.backends.database) {
        throw new AppError(
          'CHECK_UNSUPPORTED',
          'user',
          'sift check reads the embedded data dir; on PostgreSQL see docs/DEPLOYMENT.md, "Backup and restore"',
        );
      }
      const report = await checkDataDir({
        databaseFile: dataPaths(config.dataDir).database,
        blobDir: config.backends.blobDir,
        foldDiacritics: config.search.lexicalFoldDiacritics,
      });
      out.result(report, () => renderReport(report));
      if (!report.ok) process.exitCode = 1;
    });
}

function renderReport(report: ConsistencyReport): string {
  const { counts } = report;
  const head =
    `${counts.documents} documents, ${counts.chunks} chunks, ${counts.vectors} vectors, ${counts.blobs} blobs; ` +
    `serving space ${report.servingSpace ?? 'none'}`;
  if (report.ok) return `OK: ${head}`;
  return [
    `PROBLEMS: ${head}`,
    ...report.problems.map(
      (p) => `  ${p.code}: ${p.count} ${p.message} (e.g. ${p.samples.join(', ') || '-'})`,
    ),
  ].join('\n');
}
