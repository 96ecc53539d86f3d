import type { Command } from 'commander';
import { QUEUE_NAMES, TASK_STATUSES } from '@sift/core';
import {
  createLogger,
  createRuntime,
  describeEmbedder,
  getSystemStatus,
  type SystemStatus,
} from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput, formatBytes, table } from '../output.js';

/** `sift status`: queue depths, task counts per status, workers, data dir size. */
export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('show queue depths, task counts, live workers and data dir size')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const out = createOutput(Boolean(opts.json));
      const config = ctx.config();
      const runtime = await createRuntime(config, {
        logger: createLogger({ ...config, log: { ...config.log, level: 'warn' } }),
      });
      try {
        // A worker killed without unregistering (kill -9, a closed terminal running `sift ingest --watch`)
        // stops beating; it is forgotten here rather than listed as if alive.
        await runtime.maintenance.pruneWorkers();
        // Which embedder this configuration serves with, and why (auto chooses by what is installed).
        const embedder = runtime.search.embedderStatus();
        const status = { ...(await getSystemStatus(runtime)), embedder };
        out.result(status, () => {
          const rows = QUEUE_NAMES.map((q) => [q, ...TASK_STATUSES.map((s) => status.queues[q][s])]);
          const workers = status.workers.length
            ? status.workers
                .map(
                  (w) =>
                    `  ${w.id} pid ${w.pid} on ${w.hostname}, queues ${w.queues.join(',')}, seen ${w.last_seen_at}`,
                )
                .join('\n')
            : '  none running';
          return [
            `Data dir  ${status.data_dir} (${formatBytes(status.data_dir_bytes)})`,
            `Embedder  ${embedder ? describeEmbedder(embedder) : 'none (SIFT_EMBEDDER=none)'}`,
            '',
            table(['queue', ...TASK_STATUSES], rows),
            '',
            'Workers',
            workers,
            '',
            embeddingsLine(status.embeddings),
          ].join('\n');
        });
      } finally {
        await runtime.close();
      }
    });
}

/** Which vector space serves, the fusion weight, and a switch that waits (details: `sift embeddings status`). */
function embeddingsLine(e: SystemStatus['embeddings']): string {
  const lines = [
    `Embeddings  serving ${e.serving_space ?? 'none yet'}, configured ${e.target_space ?? 'unknown'}, ` +
      `hybrid α ${e.hybrid_alpha.value} (${e.hybrid_alpha.source})`,
  ];
  if (e.swap?.status === 'held') {
    lines.push(`  switch held: ${e.swap.reasons.join('; ')} (see \`sift embeddings status\`)`);
  }
  return lines.join('\n');
}
