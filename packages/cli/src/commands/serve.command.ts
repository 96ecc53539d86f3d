import type { Command } from 'commander';
import { createLogger, createRuntime, startMetricsListener } from '@sift/runtime';
import { installSignalHandlers, startServer } from '@sift/server';
import type { CliContext } from '../main.js';

/** `sift serve`: the HTTP API (and UI) plus in-process workers, which is what `npm start` runs. */
export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the API, the web UI and (unless SIFT_WORKERS=false or --no-workers) the job workers')
    .option('--no-workers', 'API and UI only: jobs are left to `sift worker` processes (scale-out API nodes)')
    .action(async (options: { workers: boolean }) => {
      const loaded = ctx.config();
      const config = options.workers
        ? loaded
        : Object.freeze({ ...loaded, workers: { ...loaded.workers, enabled: false } });
      const logger = createLogger(config);
      const runtime = await createRuntime(config, { logger });
      if (config.workers.enabled) await runtime.startWorkers();
      const { server, address } = await startServer(runtime);
      installSignalHandlers(server, runtime, logger);
      // SIFT_METRICS_PORT: an unauthenticated /metrics beside the API's admin-only one.
      const metrics = await startMetricsListener(
        runtime.telemetry.exposition,
        config.operations.metrics.listener,
        logger,
      );
      if (metrics) server.server.once('close', () => void metrics.close());
      logger.info(
        { address, dataDir: runtime.dataDir, workers: config.workers.enabled },
        `Sift is listening on ${address}`,
      );
      if (!config.auth.enabled) {
        // Config refuses this anywhere but loopback; still, whoever runs it should know what it means.
        logger.warn(
          'SIFT_AUTH=off: nobody signs in and every request acts as the operator, who owns everything; only this machine can reach it',
        );
      } else if (await runtime.identity.accounts.needsSetup()) {
        logger.warn(
          `no account exists yet: create the first admin with POST ${address}/api/v1/auth/setup, or \`sift users add --role admin\``,
        );
      }
      await new Promise<void>((resolve) => server.server.once('close', () => resolve()));
    });
}
