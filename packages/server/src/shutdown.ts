import type { Logger } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import type { FastifyInstance } from 'fastify';

/** Options of installSignalHandlers. */
export interface SignalHandlerOptions {
  signals?: NodeJS.Signals[];
  /** Injected in tests; process.exit otherwise. */
  exit?: (code: number) => void;
}

/**
 * On SIGTERM/SIGINT: stop accepting connections and finish in-flight requests, stop the workers gracefully
 * (running jobs get config.queue.shutdownGraceMs, then go back to the queue), close the stores, exit 0.
 * A second signal while shutting down exits at once with 1, for an operator who cannot wait.
 * Returns a function that removes the handlers.
 */
export function installSignalHandlers(
  server: FastifyInstance,
  runtime: SiftRuntime,
  logger: Logger,
  options: SignalHandlerOptions = {},
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shuttingDown = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      exit(1);
      return;
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    void (async () => {
      try {
        await server.close();
        await runtime.close();
        logger.info({}, 'shutdown complete');
        exit(0);
      } catch (err) {
        logger.error({ err }, 'shutdown failed');
        exit(1);
      }
    })();
  };

  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
