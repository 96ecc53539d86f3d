import type { Command } from 'commander';
import { createLogger, startMetricsListener } from '@sift/runtime';
import { buildServer, installSignalHandlers } from '@sift/server';
import type { CliContext } from '../main.js';
import { createRuntimeAnswering } from '../startup-placeholder.js';

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
      // While the backends are awaited, a placeholder answers on SIFT_HOST:SIFT_PORT (readiness 503, naming them).
      const { runtime, placeholder } = await createRuntimeAnswering(
        config,
        { host: config.host, port: config.port },
        logger,
      );
      let server: Awaited<ReturnType<typeof buildServer>>;
      let address: string;
      try {
        if (config.workers.enabled) await runtime.startWorkers();
        // Built before the placeholder lets go of the port, so the port is unanswered only while it rebinds.
        server = await buildServer(runtime);
        await placeholder?.close();
        const handover = performance.now();
        address = await server.listen({ host: config.host, port: config.port });
        if (placeholder)
          logger.debug({ gapMs: Math.round(performance.now() - handover) }, 'start-up listener handed over');
      } catch (err) {
        await placeholder?.close();
        await runtime.close().catch(() => undefined);
        throw err;
      }
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
