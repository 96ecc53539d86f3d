import type { MetricLabels, SpanAttributes, SpanHandle, Telemetry } from '../ports/telemetry.port.js';
import type { MetricName } from './metric-catalog.js';

/** A span and the histogram its duration goes to (seconds), declared together at the call site. */
export interface TimedSpec {
  span: string;
  metric: MetricName;
  labels: MetricLabels;
  attributes?: SpanAttributes;
}

/**
 * Runs fn in a span and records its duration in a histogram, failed or not: one call per stage instead of a
 * tracing call and a metrics call that drift apart.
 */
export async function timed<T>(
  telemetry: Telemetry,
  spec: TimedSpec,
  fn: (span: SpanHandle) => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await telemetry.tracer.span(spec.span, spec.attributes ?? {}, fn);
  } finally {
    telemetry.metrics.observe(spec.metric, spec.labels, (performance.now() - started) / 1000);
  }
}
