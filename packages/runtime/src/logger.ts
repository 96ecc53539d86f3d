import type { Config } from '@sift/config';
import { pino } from 'pino';
import { build as prettyStream } from 'pino-pretty';

/** The process logger: pino, so that Fastify, workers and the CLI all write the same structured lines. */
export type SiftLogger = pino.Logger;

/**
 * Creates the process logger from config: one JSON object a line by default (what log shippers want), or
 * human-readable lines through pino-pretty when `SIFT_LOG_FORMAT=pretty`. Logs go to stdout unless
 * `destination` says otherwise (a CLI command whose stdout is data logs to stderr; tests capture lines).
 */
export function createLogger(config: Config, destination?: pino.DestinationStream): SiftLogger {
  const options = { level: config.log.level };
  if (config.log.format === 'pretty') {
    // In-thread rather than a transport worker: pretty output is for a terminal, where volume is low, and
    // nothing is lost when the process exits right after logging.
    return pino(options, prettyStream({ destination: destination ?? 1, translateTime: 'SYS:standard' }));
  }
  return destination ? pino(options, destination) : pino(options);
}
