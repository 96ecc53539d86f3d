import type { MetricName } from '../telemetry/metric-catalog.js';

/** Label values must come from small, known sets (a route template, a job type, a mode) — never ids or paths. */
export type MetricLabels = Readonly<Record<string, string | number>>;

/**
 * Counters, histograms and gauges of the metric catalog. Core records; an adapter (Prometheus) exposes. Calls
 * are synchronous and cheap: they sit on hot paths (every request, every embed batch).
 */
export interface MetricsPort {
  /** Adds `by` (default 1) to a counter. */
  count(metric: MetricName, labels?: MetricLabels, by?: number): void;
  /** Records one value (seconds, bytes, items) in a histogram. */
  observe(metric: MetricName, labels: MetricLabels, value: number): void;
  /** Sets a gauge. */
  set(metric: MetricName, labels: MetricLabels, value: number): void;
}

/** W3C trace context (`traceparent`, optional `tracestate`), as carried in a job payload across processes. */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

export type SpanAttributes = Readonly<Record<string, string | number | boolean>>;

/** The span a `span()` callback runs in. */
export interface SpanHandle {
  setAttribute(key: string, value: string | number | boolean): void;
}

/** Tracing: spans nest by async context; the carrier lets a job continue the trace of the request that queued it. */
export interface TracerPort {
  /** Runs fn in a new span, child of the current one; an error thrown by fn is recorded on the span and rethrown. */
  span<T>(name: string, attributes: SpanAttributes, fn: (span: SpanHandle) => Promise<T>): Promise<T>;
  /** The current trace context, or null when tracing is off or no span is current. */
  carrier(): TraceCarrier | null;
  /** Runs fn as a continuation of the carrier's trace (fn's spans become its children). */
  resume<T>(carrier: TraceCarrier | null | undefined, fn: () => Promise<T>): Promise<T>;
  /** Trace and span ids of the current span, for log lines; null outside a span or when tracing is off. */
  currentIds(): { traceId: string; spanId: string } | null;
}

/** What core services record through; `noopTelemetry` when a composition does not observe. */
export interface Telemetry {
  metrics: MetricsPort;
  tracer: TracerPort;
}

const noopSpan: SpanHandle = { setAttribute: () => {} };

export const noopMetrics: MetricsPort = { count: () => {}, observe: () => {}, set: () => {} };

export const noopTracer: TracerPort = {
  span: (_name, _attributes, fn) => fn(noopSpan),
  carrier: () => null,
  resume: (_carrier, fn) => fn(),
  currentIds: () => null,
};

export const noopTelemetry: Telemetry = { metrics: noopMetrics, tracer: noopTracer };
