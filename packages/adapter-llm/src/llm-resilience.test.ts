// The circuit breaker and retry rules as callers see them, through a real adapter and a real local server.
import type { LlmRequest } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { gate, startFakeLlmServer, type FakeAnswer, type FakeLlmServer } from './fake-llm-server.fixture.js';
import { drain, openAiCompletionAnswer, openAiStreamAnswer, rejection } from './llm-protocol.fixture.js';
import { OpenAiCompatibleLlm } from './openai-compatible.llm.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const REQUEST: LlmRequest = { messages: [{ role: 'user', content: 'ping' }] };
const COOLDOWN_MS = 30_000;

/** A server whose answer the test switches, and an adapter with a clock the test moves. */
async function setup(threshold = 2) {
  let answer: () => FakeAnswer = () => ({ status: 500, json: { error: { message: 'GPU fell over' } } });
  server = await startFakeLlmServer(() => answer());
  const clock = { now: 1_000_000 };
  const llm = new OpenAiCompatibleLlm({
    baseUrl: `${server.url}/v1`,
    model: 'm',
    maxRetries: 0,
    retryDelayMs: 10,
    timeoutMs: 2_000,
    breaker: { failureThreshold: threshold, cooldownMs: COOLDOWN_MS },
    now: () => clock.now,
  });
  return { server, llm, clock, answer: (next: () => FakeAnswer) => (answer = next) };
}

describe('LlmResilience (circuit breaker)', () => {
  it('opens after the threshold of failed calls and then fails fast without reaching the server', async () => {
    const { server, llm } = await setup(2);
    expect(llm.health()).toMatchObject({ circuit: 'closed', lastError: null });

    await rejection(drain(llm.stream(REQUEST)));
    expect(llm.health().circuit).toBe('closed');
    await rejection(llm.complete(REQUEST));
    expect(llm.health()).toEqual({
      provider: 'openai-compatible',
      model: 'm',
      circuit: 'open',
      lastError: { code: 'LLM_UNAVAILABLE', message: expect.stringContaining('GPU fell over') },
    });

    const fast = await rejection(drain(llm.stream(REQUEST)));
    expect(fast).toMatchObject({
      code: 'LLM_CIRCUIT_OPEN',
      category: 'third_party',
      retryable: true,
      details: { retryAfterMs: COOLDOWN_MS, consecutiveFailures: 2, lastError: { code: 'LLM_UNAVAILABLE' } },
    });
    expect(await rejection(llm.complete(REQUEST))).toMatchObject({ code: 'LLM_CIRCUIT_OPEN' });
    expect(server.requests).toHaveLength(2);
  });

  it('lets one probe through after the cool-down, and a successful probe closes the circuit', async () => {
    const { server, llm, clock, answer } = await setup(1);
    await rejection(llm.complete(REQUEST));
    expect(llm.health().circuit).toBe('open');

    clock.now += COOLDOWN_MS - 1;
    expect(await rejection(llm.complete(REQUEST))).toMatchObject({ code: 'LLM_CIRCUIT_OPEN' });
    clock.now += 1;
    expect(llm.health().circuit).toBe('half_open');

    answer(() => openAiStreamAnswer(['back']));
    const events = await drain(llm.stream(REQUEST));
    expect(events[0]).toEqual({ type: 'token', text: 'back' });
    expect(llm.health()).toMatchObject({ circuit: 'closed', lastError: null });
    expect(server.requests).toHaveLength(2);
  });

  it('re-opens for a fresh cool-down when the probe fails', async () => {
    const { server, llm, clock } = await setup(1);
    await rejection(llm.complete(REQUEST));
    clock.now += COOLDOWN_MS;
    expect(await rejection(llm.complete(REQUEST))).toMatchObject({ code: 'LLM_UNAVAILABLE' });
    expect(llm.health().circuit).toBe('open');
    clock.now += COOLDOWN_MS / 2;
    expect(await rejection(llm.complete(REQUEST))).toMatchObject({ code: 'LLM_CIRCUIT_OPEN' });
    expect(server.requests).toHaveLength(2);
  });

  it('while the half-open probe is out, fails other calls fast', async () => {
    const { server, llm, clock, answer } = await setup(1);
    await rejection(llm.complete(REQUEST));
    clock.now += COOLDOWN_MS;
    const release = gate();
    answer(() => ({ status: 200, contentType: 'text/event-stream', stream: [release.promise] }));
    const probe = llm.stream(REQUEST)[Symbol.asyncIterator]();
    const first = probe.next();
    while (server.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));

    expect(await rejection(llm.complete(REQUEST))).toMatchObject({ code: 'LLM_CIRCUIT_OPEN' });
    expect(server.requests).toHaveLength(2);
    release.open();
    // The probe's server ended the stream with no event at all: it answered, so the circuit closes.
    expect(await rejection(first)).toMatchObject({ code: 'LLM_BAD_RESPONSE' });
    expect(llm.health().circuit).toBe('closed');
  });

  it('does not trip on rejections (4xx): a bad key is not an outage', async () => {
    const { server, llm, answer } = await setup(1);
    answer(() => ({ status: 401, json: { error: { message: 'bad key' } } }));
    for (let i = 0; i < 3; i++)
      expect(await rejection(llm.complete(REQUEST))).toMatchObject({ code: 'LLM_REJECTED' });
    expect(llm.health()).toMatchObject({ circuit: 'closed', lastError: null });
    expect(server.requests).toHaveLength(3);
  });

  it('counts a call whose retries all failed as one failure', async () => {
    let answer: FakeAnswer = { status: 502, text: 'bad gateway' };
    server = await startFakeLlmServer(() => answer);
    const llm = new OpenAiCompatibleLlm({
      baseUrl: server.url,
      model: 'm',
      maxRetries: 2,
      retryDelayMs: 5,
      breaker: { failureThreshold: 2 },
    });
    expect(await rejection(llm.complete(REQUEST))).toMatchObject({ details: { attempts: 3 } });
    expect(llm.health().circuit).toBe('closed');
    answer = openAiCompletionAnswer('fine');
    expect((await llm.complete(REQUEST)).text).toBe('fine');
    expect(server.requests).toHaveLength(4);
  });

  it('a success resets the count of consecutive failures', async () => {
    const { llm, answer } = await setup(2);
    await rejection(llm.complete(REQUEST));
    answer(() => openAiCompletionAnswer('ok'));
    await llm.complete(REQUEST);
    answer(() => ({ status: 500, text: 'again' }));
    await rejection(llm.complete(REQUEST));
    expect(llm.health().circuit).toBe('closed');
  });

  it('does not count a caller abort as a failure', async () => {
    const { server, llm, answer } = await setup(1);
    answer(() => 'hang');
    const controller = new AbortController();
    const pending = llm.complete({ ...REQUEST, signal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await rejection(pending)).toMatchObject({ name: 'AbortError' });
    expect(llm.health().circuit).toBe('closed');
  });

  it('counts timeouts as failures', async () => {
    server = await startFakeLlmServer(() => 'hang');
    const llm = new OpenAiCompatibleLlm({
      baseUrl: server.url,
      model: 'm',
      timeoutMs: 100,
      breaker: { failureThreshold: 1 },
    });
    expect(await rejection(drain(llm.stream(REQUEST)))).toMatchObject({ code: 'LLM_TIMEOUT' });
    expect(llm.health()).toMatchObject({ circuit: 'open', lastError: { code: 'LLM_TIMEOUT' } });
  });
});
