import type { Command } from 'commander';
import { createLogger, servingQueues, startMetricsListener } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createRuntimeAnswering } from '../startup-placeholder.js';

/** `sift worker`: job workers only, for running processing beside (or apart from) the API. */
export function registerWorkerCommand(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('run job workers only (no HTTP); stops gracefully on SIGTERM/SIGINT')
    .option(
      '--queues <names>',
      'serve only these queues, comma-separated (high, default, low, maintenance): separate worker pools per queue',
    )
    .action(async (options: { queues?: string }) => {
      const config = options.queues
        ? servingQueues(
            ctx.config(),
            options.queues
              .split(',')
              .map((q) => q.trim())
              .filter(Boolean),
          )
        : ctx.config();
      const logger = createLogger(config);
      // While the backends are awaited, SIFT_METRICS_PORT (if set) answers 503 STARTING, readiness naming them.
      const { runtime, placeholder } = await createRuntimeAnswering(
        config,
        config.operations.metrics.enabled ? config.operations.metrics.listener : null,
        logger,
      );
      const pool = await runtime.startWorkers().finally(() => placeholder?.close());
      // A worker serves no API: its metrics are scraped only from SIFT_METRICS_PORT, if set.
      const metrics = await startMetricsListener(
        runtime.telemetry.exposition,
        config.operations.metrics.listener,
        logger,
      );
      logger.info({ workerId: pool.id, queues: pool.queues }, 'worker started');
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          logger.info({ signal }, 'stopping worker: finishing or releasing running jobs');
          void Promise.all([metrics?.close(), runtime.close()]).then(() => resolve());
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      logger.info({}, 'worker stopped');
    });
}
