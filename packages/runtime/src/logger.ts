import type { Config } from '@sift/config';
import { pino } from 'pino';
import { build as prettyStream } from 'pino-pretty';

/** The process logger: pino, so that Fastify, workers and the CLI all write the same structured lines. */
export type SiftLogger = pino.Logger;

/** Where a log line learns the current trace and span (the tracer's `currentIds`). */
export type TraceIdSource = () => { traceId: string; spanId: string } | null;

/**
 * The trace-id source of each logger made while tracing is configured. The logger exists before the tracer
 * (telemetry logs through it), so the source is bound afterwards by `bindTraceIds`; per logger, not per
 * process, because two runtimes in one process have two tracers.
 */
const traceSources = new WeakMap<SiftLogger, { current: TraceIdSource | null }>();

/**
 * Creates the process logger from config: one JSON object a line by default (what log shippers want), or
 * human-readable lines through pino-pretty when `SIFT_LOG_FORMAT=pretty`. Logs go to stdout unless
 * `destination` says otherwise (a CLI command whose stdout is data logs to stderr; tests capture lines).
 * With tracing configured, lines written inside a span carry `trace_id` and `span_id`; without it the logger
 * has no mixin at all, so lines cost nothing extra.
 */
export function createLogger(config: Config, destination?: pino.DestinationStream): SiftLogger {
  const source: { current: TraceIdSource | null } = { current: null };
  const options: pino.LoggerOptions = { level: config.log.level };
  if (config.operations.tracing) {
    options.mixin = () => {
      const ids = source.current?.();
      return ids ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
    };
  }
  const logger = build(config, options, destination);
  if (config.operations.tracing) traceSources.set(logger, source);
  return logger;
}

/**
 * Makes the lines of `logger` (and its children) carry the ids `source` gives. A logger not made by
 * `createLogger` with tracing configured is left as it is.
 */
export function bindTraceIds(logger: SiftLogger, source: TraceIdSource): void {
  const holder = traceSources.get(logger);
  if (holder) holder.current = source;
}

function build(
  config: Config,
  options: pino.LoggerOptions,
  destination?: pino.DestinationStream,
): SiftLogger {
  if (config.log.format === 'pretty') {
    // In-thread rather than a transport worker: pretty output is for a terminal, where volume is low, and
    // nothing is lost when the process exits right after logging.
    return pino(options, prettyStream({ destination: destination ?? 1, translateTime: 'SYS:standard' }));
  }
  return destination ? pino(options, destination) : pino(options);
}
