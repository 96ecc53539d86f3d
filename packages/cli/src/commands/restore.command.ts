import path from 'node:path';
import type { Command } from 'commander';
import { withDataDir } from '@sift/config';
import { restoreBackup } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput } from '../output.js';

/**
 * `sift restore SRC [--data-dir DIR]`: unpacks a backup into an empty data dir (default SIFT_DATA_DIR) after
 * checking every file against the manifest. Refuses a corrupt archive (BACKUP_CORRUPT), one from a newer
 * schema (BACKUP_TOO_NEW) and a target that is not empty (RESTORE_TARGET_NOT_EMPTY).
 */
export function registerRestoreCommand(program: Command, ctx: CliContext): void {
  program
    .command('restore')
    .description('restore a backup archive into an empty data dir')
    .argument('<src>', 'archive written by `sift backup`')
    .option('--data-dir <dir>', 'the data dir to restore into (default SIFT_DATA_DIR); must be empty')
    .option('--json', 'print JSON')
    .action(async (src: string, opts: { dataDir?: string; json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      const base = ctx.config();
      const config = opts.dataDir ? withDataDir(base, path.resolve(opts.dataDir)) : base;
      const manifest = await restoreBackup({
        archive: path.resolve(src),
        dataDir: config.dataDir,
        blobDir: config.backends.blobDir,
      });
      out.result({ dataDir: config.dataDir, manifest }, () => {
        const { counts } = manifest;
        const rebuild = manifest.ann.filter((a) => a.status === 'rebuild').map((a) => a.space);
        return [
          `Restored backup ${manifest.id} of ${manifest.createdAt} into ${config.dataDir}`,
          `  ${counts.documents} documents, ${counts.chunks} chunks, ${counts.vectors} vectors, ${counts.blobs} blobs`,
          ...(rebuild.length ? [`  ANN index to rebuild on first search: ${rebuild.join(', ')}`] : []),
          '  run `sift check` to verify, then `sift serve`',
        ].join('\n');
      });
    });
}
