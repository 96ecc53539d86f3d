import type { TraceCarrier } from '../ports/telemetry.port.js';

/**
 * The payload key that carries the trace context of the code that enqueued a task, so that the job's spans
 * continue the request's trace — in this process or in a worker process elsewhere. The underscore keeps it
 * apart from the job's own fields; handlers never see it (the worker pool takes it out).
 */
export const TRACE_PAYLOAD_KEY = '_trace';

/** The payload with the carrier added; payloads that are not plain objects (and no carrier) stay as they are. */
export function withTraceCarrier(payload: unknown, carrier: TraceCarrier | null): unknown {
  if (!carrier || !isRecord(payload)) return payload;
  return { ...payload, [TRACE_PAYLOAD_KEY]: carrier };
}

/** Splits a stored payload into the carrier (null if absent or malformed) and the payload the handler sees. */
export function takeTraceCarrier(payload: unknown): { carrier: TraceCarrier | null; payload: unknown } {
  if (!isRecord(payload) || !(TRACE_PAYLOAD_KEY in payload)) return { carrier: null, payload };
  const { [TRACE_PAYLOAD_KEY]: raw, ...rest } = payload;
  return { carrier: asCarrier(raw), payload: rest };
}

function asCarrier(raw: unknown): TraceCarrier | null {
  if (!isRecord(raw) || typeof raw.traceparent !== 'string') return null;
  return typeof raw.tracestate === 'string'
    ? { traceparent: raw.traceparent, tracestate: raw.tracestate }
    : { traceparent: raw.traceparent };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
