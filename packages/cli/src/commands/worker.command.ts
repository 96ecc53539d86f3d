import type { Command } from 'commander';
import { createLogger, createRuntime } from '@sift/runtime';
import type { CliContext } from '../main.js';

/** `sift worker`: job workers only, for running processing beside (or apart from) the API. */
export function registerWorkerCommand(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('run job workers only (no HTTP); stops gracefully on SIGTERM/SIGINT')
    .action(async () => {
      const config = ctx.config();
      const logger = createLogger(config);
      const runtime = await createRuntime(config, { logger });
      const pool = await runtime.startWorkers();
      logger.info({ workerId: pool.id, queues: pool.queues }, 'worker started');
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          logger.info({ signal }, 'stopping worker: finishing or releasing running jobs');
          void runtime.close().then(resolve);
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      logger.info({}, 'worker stopped');
    });
}
