import { describe, expect, it } from 'vitest';
import { takeTraceCarrier, TRACE_PAYLOAD_KEY, withTraceCarrier } from './job-trace.js';

const carrier = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };

describe('the trace carrier in a job payload', () => {
  it('round-trips through JSON and leaves the handler the payload it was given', () => {
    const stored = JSON.parse(JSON.stringify(withTraceCarrier({ documentId: 'd1' }, carrier))) as unknown;
    expect(stored).toEqual({ documentId: 'd1', [TRACE_PAYLOAD_KEY]: carrier });
    expect(takeTraceCarrier(stored)).toEqual({ carrier, payload: { documentId: 'd1' } });
  });

  it('keeps tracestate when there is one', () => {
    const withState = { ...carrier, tracestate: 'vendor=1' };
    expect(takeTraceCarrier(withTraceCarrier({}, withState)).carrier).toEqual(withState);
  });

  it('adds nothing without a carrier, or to a payload that is not a plain object', () => {
    const payload = { documentId: 'd1' };
    expect(withTraceCarrier(payload, null)).toBe(payload);
    expect(withTraceCarrier(null, carrier)).toBeNull();
    expect(withTraceCarrier([1, 2], carrier)).toEqual([1, 2]);
    expect(takeTraceCarrier(payload)).toEqual({ carrier: null, payload });
    expect(takeTraceCarrier('text')).toEqual({ carrier: null, payload: 'text' });
  });

  it('ignores a malformed carrier but still takes the key out of the payload', () => {
    for (const bad of [null, 'traceparent', { traceparent: 42 }, {}]) {
      expect(takeTraceCarrier({ documentId: 'd1', [TRACE_PAYLOAD_KEY]: bad })).toEqual({
        carrier: null,
        payload: { documentId: 'd1' },
      });
    }
  });
});
