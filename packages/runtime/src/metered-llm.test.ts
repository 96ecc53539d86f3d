import { OpenAiCompatibleLlm } from '@sift/adapter-llm';
import {
  openAiCompletionAnswer,
  openAiStreamAnswer,
  startFakeLlmServer,
  type FakeAnswer,
  type FakeLlmServer,
} from '@sift/adapter-llm/testing';
import { PrometheusMetrics } from '@sift/adapter-prometheus';
import { parseScrape, seriesOf, valueOf } from '@sift/adapter-prometheus/testing';
import { noopTracer, type LlmStreamEvent, type TracerPort } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { MeteredLlm } from './metered-llm.js';

const servers: FakeLlmServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** A tracer that remembers the spans it ran (name and whether fn failed), around the no-op one. */
function recordingTracer(): TracerPort & { spans: { name: string; failed: boolean }[] } {
  const spans: { name: string; failed: boolean }[] = [];
  return {
    ...noopTracer,
    spans,
    async span(name, attributes, fn) {
      try {
        const result = await noopTracer.span(name, attributes, fn);
        spans.push({ name, failed: false });
        return result;
      } catch (err) {
        spans.push({ name, failed: true });
        throw err;
      }
    },
  };
}

async function meteredLlm(answer: (index: number) => FakeAnswer) {
  const server = await startFakeLlmServer((_req, i) => answer(i));
  servers.push(server);
  const metrics = new PrometheusMetrics({ strict: true, processMetrics: false });
  const tracer = recordingTracer();
  const inner = new OpenAiCompatibleLlm({
    baseUrl: server.url,
    model: 'test-model',
    maxRetries: 0,
    breaker: { failureThreshold: 2, cooldownMs: 60_000 },
  });
  const llm = new MeteredLlm(inner, { metrics, tracer });
  return { llm, tracer, scrape: async () => parseScrape(await metrics.render()) };
}

const request = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('MeteredLlm', () => {
  it('records a streamed call: outcome, time to first token, tokens in and out, a span', async () => {
    const { llm, tracer, scrape } = await meteredLlm(() => openAiStreamAnswer(['Hel', 'lo']));
    const events: LlmStreamEvent[] = [];
    for await (const event of llm.stream(request)) events.push(event);
    expect(events.filter((e) => e.type === 'token')).toHaveLength(2);
    const s = await scrape();
    const provider = 'openai-compatible';
    expect(valueOf(s, 'sift_llm_requests_total', { provider, outcome: 'ok' })).toBe(1);
    expect(valueOf(s, 'sift_llm_first_token_seconds', { provider })).toBe(1);
    expect(valueOf(s, 'sift_llm_tokens_total', { provider, direction: 'in' })).toBe(11);
    expect(valueOf(s, 'sift_llm_tokens_total', { provider, direction: 'out' })).toBe(2);
    expect(valueOf(s, 'sift_llm_circuit_open', { provider })).toBe(0);
    expect(tracer.spans).toEqual([{ name: 'llm.call', failed: false }]);
  });

  it('records a whole completion with its usage', async () => {
    const { llm, scrape } = await meteredLlm(() => openAiCompletionAnswer('fine'));
    expect((await llm.complete(request)).text).toBe('fine');
    const s = await scrape();
    expect(valueOf(s, 'sift_llm_tokens_total', { direction: 'in' })).toBe(42);
    expect(valueOf(s, 'sift_llm_tokens_total', { direction: 'out' })).toBe(7);
    expect(valueOf(s, 'sift_llm_requests_total', { outcome: 'ok' })).toBe(1);
  });

  it('counts failures, then fail-fast calls as circuit_open, and shows the open circuit', async () => {
    const { llm, tracer, scrape } = await meteredLlm(() => ({ status: 503, json: { error: 'down' } }));
    for (let i = 0; i < 3; i++) await expect(llm.complete(request)).rejects.toThrow();
    const drain = async () => {
      for await (const event of llm.stream(request)) void event;
    };
    await expect(drain()).rejects.toMatchObject({ code: 'LLM_CIRCUIT_OPEN' });
    const s = await scrape();
    expect(valueOf(s, 'sift_llm_requests_total', { outcome: 'error' })).toBe(2);
    expect(valueOf(s, 'sift_llm_requests_total', { outcome: 'circuit_open' })).toBe(2);
    expect(valueOf(s, 'sift_llm_circuit_open', { provider: 'openai-compatible' })).toBe(1);
    expect(seriesOf(s, 'sift_llm_first_token_seconds')).toEqual([]);
    expect(tracer.spans.every((x) => x.name === 'llm.call' && x.failed)).toBe(true);
    expect(tracer.spans).toHaveLength(4);
  });

  it('counts a stream the caller abandoned as cancelled', async () => {
    const { llm, scrape } = await meteredLlm(() => openAiStreamAnswer(['a', 'b', 'c']));
    for await (const event of llm.stream(request)) if (event.type === 'token') break;
    const s = await scrape();
    expect(valueOf(s, 'sift_llm_requests_total', { outcome: 'cancelled' })).toBe(1);
    expect(valueOf(s, 'sift_llm_requests_total', { outcome: 'ok' })).toBe(0);
  });
});
