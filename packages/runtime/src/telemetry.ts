import type { Config } from '@sift/config';
import { noopMetrics, noopTracer, type Telemetry } from '@sift/core';
import type { SiftLogger } from './logger.js';

/** The telemetry of one process: metrics (Prometheus) and traces (OpenTelemetry), each off unless configured. */
export interface RuntimeTelemetry extends Telemetry {
  /** Flushes pending spans and stops exporters. Idempotent. */
  close(): Promise<void>;
}

/**
 * Chooses the metrics and tracing adapters from Config. Both sides are filled in by their own modules
 * (metrics.ts, tracing.ts); until configured, core records into no-ops.
 */
export async function createTelemetry(config: Config, logger: SiftLogger): Promise<RuntimeTelemetry> {
  void config;
  void logger;
  return { metrics: noopMetrics, tracer: noopTracer, close: async () => {} };
}
