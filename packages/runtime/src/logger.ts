import type { Config } from '@sift/config';
import { pino } from 'pino';

/** The process logger: pino, so that Fastify, workers and the CLI all write the same structured lines. */
export type SiftLogger = pino.Logger;

/**
 * Creates the process logger from config: one JSON object a line by default (what log shippers want), or
 * colourised human output through pino-pretty when `SIFT_LOG_FORMAT=pretty`.
 */
export function createLogger(config: Config): SiftLogger {
  const base = { level: config.log.level, base: { service: 'sift' } };
  if (config.log.format === 'pretty') {
    // pino-pretty runs in a worker thread, so formatting never blocks the event loop.
    return pino({ ...base, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } });
  }
  return pino(base);
}
