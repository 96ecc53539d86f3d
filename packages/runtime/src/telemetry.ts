import type { Config } from '@sift/config';
import type { Telemetry } from '@sift/core';
import type { SiftLogger } from './logger.js';
import { createMetrics, type MetricsExposition } from './metrics.js';
import { createTracing } from './tracing.js';

/** The telemetry of one process: metrics (Prometheus) and traces (OpenTelemetry), each off unless configured. */
export interface RuntimeTelemetry extends Telemetry {
  /** What `/metrics` serves (Prometheus text format); null when SIFT_METRICS=false. */
  exposition: MetricsExposition | null;
  /** Flushes pending spans and stops exporters. Idempotent. */
  close(): Promise<void>;
}

/**
 * Chooses the metrics and tracing adapters from Config. Both sides are filled in by their own modules
 * (metrics.ts, tracing.ts); until configured, core records into no-ops.
 */
export async function createTelemetry(config: Config, logger: SiftLogger): Promise<RuntimeTelemetry> {
  const { metrics, exposition } = await createMetrics(config, logger);
  const tracing = await createTracing(config, logger);
  return { metrics, exposition, tracer: tracing.tracer, close: () => tracing.close() };
}
