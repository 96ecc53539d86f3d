import { randomUUID } from 'node:crypto';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Context,
  type Tracer,
  defaultTextMapGetter,
  defaultTextMapSetter,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { SpanAttributes, SpanHandle, TraceCarrier, TracerPort } from '@sift/core';
import { ReportingExporter, type ExportFailureListener } from './reporting-exporter.js';

/** Options of OtelTracer. */
export interface OtelTracerOptions {
  /** OTLP/HTTP collector base URL (`http://collector:4318`); `/v1/traces` is appended unless already there. */
  endpoint: string;
  serviceName: string;
  /** service.instance.id; defaults to a fresh UUID (one per process, as the semantic conventions advise). */
  instanceId?: string;
  /**
   * Share of new traces recorded, 0–1 (default 1: all). Decided once per trace from its id, so a trace is kept
   * or dropped whole; work that continues a caller's trace (a traceparent, a job's carrier) follows the caller's
   * decision. Unrecorded spans still carry context, so ids propagate and sampled callers stay connected.
   */
  sampleRatio?: number;
  /** How long spans wait in the batch before export (default 5 s, the SDK's). */
  exportDelayMs?: number;
  /** Called when a batch could not be exported (collector down, refused); spans of that batch are dropped. */
  onExportFailure?: ExportFailureListener;
}

/**
 * TracerPort on the OpenTelemetry SDK: spans batched to an OTLP/HTTP (JSON) collector, W3C trace context for
 * carriers. Nothing is registered globally (no global tracer provider, context manager or propagator): each
 * tracer has its own context, so two runtimes in one process (tests, `sift migrate-data`) do not share or
 * shut down each other's traces, and no third-party code picks up Sift's provider by accident.
 */
export class OtelTracer implements TracerPort {
  readonly instanceId: string;
  private readonly contexts = new AsyncLocalStorageContextManager();
  private readonly propagator = new W3CTraceContextPropagator();
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
  private closing: Promise<void> | null = null;

  constructor(options: OtelTracerOptions) {
    this.instanceId = options.instanceId ?? randomUUID();
    const exporter = new ReportingExporter(
      new OTLPTraceExporter({ url: tracesUrl(options.endpoint) }),
      options.onExportFailure ?? (() => {}),
    );
    this.provider = new BasicTracerProvider({
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio ?? 1) }),
      resource: resourceFromAttributes({
        'service.name': options.serviceName,
        'service.instance.id': this.instanceId,
      }),
      spanProcessors: [
        new BatchSpanProcessor(exporter, {
          ...(options.exportDelayMs !== undefined ? { scheduledDelayMillis: options.exportDelayMs } : {}),
        }),
      ],
    });
    this.tracer = this.provider.getTracer('sift');
    this.contexts.enable();
  }

  span<T>(name: string, attributes: SpanAttributes, fn: (span: SpanHandle) => Promise<T>): Promise<T> {
    const parent = this.contexts.active();
    const span = this.tracer.startSpan(name, { attributes, kind: kindOf(name, attributes) }, parent);
    const handle: SpanHandle = { setAttribute: (key, value) => void span.setAttribute(key, value) };
    return this.contexts.with(trace.setSpan(parent, span), async () => {
      try {
        return await fn(handle);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  carrier(): TraceCarrier | null {
    const active = this.contexts.active();
    if (!trace.getSpanContext(active)) return null;
    const out: Record<string, string> = {};
    this.propagator.inject(active, out, defaultTextMapSetter);
    if (!out.traceparent) return null;
    return out.tracestate
      ? { traceparent: out.traceparent, tracestate: out.tracestate }
      : { traceparent: out.traceparent };
  }

  resume<T>(carrier: TraceCarrier | null | undefined, fn: () => Promise<T>): Promise<T> {
    // Without a carrier the work starts a trace of its own rather than joining whatever context the caller's
    // loop happened to be started in; an invalid traceparent is ignored by the propagator the same way.
    const context: Context = carrier
      ? this.propagator.extract(ROOT_CONTEXT, { ...carrier }, defaultTextMapGetter)
      : ROOT_CONTEXT;
    return this.contexts.with(context, fn);
  }

  currentIds(): { traceId: string; spanId: string } | null {
    const ids = trace.getSpanContext(this.contexts.active());
    // An unsampled trace is exported nowhere: ids in log lines would point at nothing.
    if (!ids || !(ids.traceFlags & TraceFlags.SAMPLED)) return null;
    return { traceId: ids.traceId, spanId: ids.spanId };
  }

  /**
   * Exports every finished span now (tests, before a process hands over). A failed export does not reject:
   * it was reported to `onExportFailure`, and tracing must never fail the work it observes.
   */
  async flush(): Promise<void> {
    await this.provider.forceFlush().catch(() => {});
  }

  /** Exports what is pending and stops; later spans are not recorded. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.provider.shutdown().catch(() => {});
      this.contexts.disable();
    })();
    return this.closing;
  }
}

function tracesUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

/**
 * The port has no span kind; it follows from what the span is, so that trace views draw a request as a server
 * span, a job as a consumer and an LLM call as a client call.
 */
function kindOf(name: string, attributes: SpanAttributes): SpanKind {
  if ('http.request.method' in attributes) return SpanKind.SERVER;
  if (name.startsWith('job ')) return SpanKind.CONSUMER;
  if (name === 'llm.call') return SpanKind.CLIENT;
  return SpanKind.INTERNAL;
}
