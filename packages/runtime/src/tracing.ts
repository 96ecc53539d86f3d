import type { Config } from '@sift/config';
import { noopTracer, type TracerPort } from '@sift/core';
import { bindTraceIds, type SiftLogger } from './logger.js';

/** The tracer of one process and how to stop it. */
export interface RuntimeTracing {
  tracer: TracerPort;
  /** Exports finished spans now; never rejects (a failed export is logged). */
  flush(): Promise<void>;
  /** Exports what is pending and stops. Idempotent. */
  close(): Promise<void>;
}

/** A failing collector is logged at most this often: every batch would fail while it is down. */
const EXPORT_FAILURE_LOG_INTERVAL_MS = 60_000;

/**
 * The OpenTelemetry tracer when `SIFT_OTEL_ENDPOINT` is set, else core's no-op. The adapter is imported only
 * then, so a default install never loads OpenTelemetry. The logger's lines carry the tracer's trace and span ids.
 */
export async function createTracing(config: Config, logger: SiftLogger): Promise<RuntimeTracing> {
  const settings = config.operations.tracing;
  if (!settings) return { tracer: noopTracer, flush: async () => {}, close: async () => {} };
  const { OtelTracer } = await import('@sift/adapter-otel');
  let lastLoggedAt = -Infinity;
  const tracer = new OtelTracer({
    endpoint: settings.endpoint,
    serviceName: settings.serviceName,
    sampleRatio: settings.sampleRatio,
    onExportFailure: ({ spans, error }) => {
      const now = Date.now();
      if (now - lastLoggedAt < EXPORT_FAILURE_LOG_INTERVAL_MS) return;
      lastLoggedAt = now;
      logger.warn({ err: error, spans, endpoint: settings.endpoint }, 'could not export spans; dropped them');
    },
  });
  bindTraceIds(logger, () => tracer.currentIds());
  logger.info(
    {
      endpoint: settings.endpoint,
      serviceName: settings.serviceName,
      sampleRatio: settings.sampleRatio,
      instanceId: tracer.instanceId,
    },
    'tracing to OTLP',
  );
  return { tracer, flush: () => tracer.flush(), close: () => tracer.close() };
}
