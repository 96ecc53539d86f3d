// Failure paths of OpenAiCompatibleLlm against a real local server: every one ends in a stable LLM_* code.
import type { LlmRequest, LlmStreamEvent } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPortUrl, NEVER, startFakeLlmServer, type FakeLlmServer } from './fake-llm-server.fixture.js';
import {
  drain,
  openAiChunk,
  openAiCompletionAnswer,
  openAiStreamAnswer,
  rejection,
  sse,
} from './llm-protocol.fixture.js';
import { OpenAiCompatibleLlm, type OpenAiCompatibleLlmOptions } from './openai-compatible.llm.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function llm(baseUrl: string, extra: Partial<OpenAiCompatibleLlmOptions> = {}) {
  return new OpenAiCompatibleLlm({
    baseUrl,
    model: 'qwen2.5-7b-instruct',
    retryDelayMs: 10,
    timeoutMs: 2_000,
    idleTimeoutMs: 2_000,
    ...extra,
  });
}

const REQUEST: LlmRequest = {
  messages: [
    { role: 'system', content: 'Answer from the sources.' },
    { role: 'user', content: 'What is Sift?' },
  ],
  temperature: 0,
  maxTokens: 256,
};

describe('OpenAiCompatibleLlm failures', () => {
  it('fails a 401 at once with LLM_REJECTED carrying the server message, without retrying', async () => {
    server = await startFakeLlmServer(() => ({
      status: 401,
      json: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } },
    }));
    const err = await rejection(drain(llm(server.url).stream(REQUEST)));
    expect(err).toMatchObject({
      code: 'LLM_REJECTED',
      category: 'third_party',
      retryable: false,
      details: { status: 401 },
    });
    expect(err.message).toContain('Incorrect API key provided');
    expect(server.requests).toHaveLength(1);
  });

  it('fails complete() on an unknown model (404) with LLM_REJECTED', async () => {
    server = await startFakeLlmServer(() => ({ status: 404, json: { error: 'model "nope" not found' } }));
    const err = await rejection(llm(server.url).complete(REQUEST));
    expect(err).toMatchObject({ code: 'LLM_REJECTED', retryable: false, details: { status: 404 } });
    expect(err.message).toContain('model "nope" not found');
  });

  it('retries a 500 before the first token and streams the next attempt', async () => {
    server = await startFakeLlmServer((_, index) =>
      index === 0 ? { status: 500, json: { error: { message: 'overloaded' } } } : openAiStreamAnswer(['ok']),
    );
    const events = await drain(llm(server.url).stream(REQUEST));
    expect(events[0]).toEqual({ type: 'token', text: 'ok' });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a 429 in complete() and returns the next answer', async () => {
    server = await startFakeLlmServer((_, index) =>
      index === 0 ? { status: 429, json: { error: { message: 'slow down' } } } : openAiCompletionAnswer('ok'),
    );
    expect((await llm(server.url).complete(REQUEST)).text).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up with LLM_UNAVAILABLE after maxRetries when 5xx persists', async () => {
    server = await startFakeLlmServer(() => ({ status: 503, text: 'upstream down' }));
    const err = await rejection(drain(llm(server.url, { maxRetries: 2 }).stream(REQUEST)));
    expect(err).toMatchObject({
      code: 'LLM_UNAVAILABLE',
      retryable: true,
      details: { status: 503, attempts: 3 },
    });
    expect(err.message).toContain('upstream down');
    expect(server.requests).toHaveLength(3);
  });

  it('keeps the Retry-After of a persistent 429 in the error details', async () => {
    server = await startFakeLlmServer(() => ({
      status: 429,
      json: { error: { message: 'rate limited' } },
      headers: { 'retry-after': '0.02' },
    }));
    const err = await rejection(llm(server.url, { maxRetries: 1 }).complete(REQUEST));
    expect(err).toMatchObject({
      code: 'LLM_UNAVAILABLE',
      details: { status: 429, retryAfterMs: 20, attempts: 2 },
    });
    expect(server.requests).toHaveLength(2);
  });

  it('fails with LLM_UNAVAILABLE after its retries when nothing listens', async () => {
    const url = await closedPortUrl();
    const err = await rejection(drain(llm(url, { maxRetries: 1 }).stream(REQUEST)));
    expect(err).toMatchObject({ code: 'LLM_UNAVAILABLE', category: 'third_party', details: { attempts: 2 } });
    expect(err.message).toContain('is unreachable');
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('fails with LLM_TIMEOUT when the server sends nothing, without retrying', async () => {
    server = await startFakeLlmServer(() => 'hang');
    const err = await rejection(drain(llm(server.url, { timeoutMs: 200 }).stream(REQUEST)));
    expect(err).toMatchObject({ code: 'LLM_TIMEOUT', retryable: true, details: { phase: 'first_byte' } });
    expect(err.message).toContain('sent nothing within 200 ms');
    expect(server.requests).toHaveLength(1);
  });

  it('fails with LLM_TIMEOUT when headers arrive but no body follows', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: 'text/event-stream',
      stream: [NEVER],
    }));
    const err = await rejection(drain(llm(server.url, { timeoutMs: 200 }).stream(REQUEST)));
    expect(err).toMatchObject({ code: 'LLM_TIMEOUT', details: { phase: 'first_byte' } });
  });

  it('fails with LLM_TIMEOUT (idle) when the stream stalls after a token, keeping what was yielded', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: 'text/event-stream',
      stream: [sse(openAiChunk('partial')), NEVER],
    }));
    const seen: LlmStreamEvent[] = [];
    const err = await rejection(
      (async () => {
        for await (const event of llm(server!.url, { idleTimeoutMs: 200 }).stream(REQUEST)) seen.push(event);
      })(),
    );
    expect(err).toMatchObject({ code: 'LLM_TIMEOUT', details: { phase: 'idle' } });
    expect(err.message).toContain('stopped streaming for 200 ms');
    expect(seen).toEqual([{ type: 'token', text: 'partial' }]);
    expect(server.requests).toHaveLength(1);
  });

  it('fails complete() with LLM_TIMEOUT when the answer takes longer than timeoutMs', async () => {
    server = await startFakeLlmServer(() => 'hang');
    const err = await rejection(llm(server.url, { timeoutMs: 200 }).complete(REQUEST));
    expect(err).toMatchObject({ code: 'LLM_TIMEOUT', details: { phase: 'response' } });
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a connection cut after the first token', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: 'text/event-stream',
      stream: [sse(openAiChunk('half'))],
    }));
    const err = await rejection(drain(llm(server.url).stream(REQUEST)));
    expect(err).toMatchObject({ code: 'LLM_UNAVAILABLE', details: { attempts: 1 } });
    expect(err.message).toContain('ended the stream mid-answer');
    expect(server.requests).toHaveLength(1);
  });

  it('stops the HTTP request when the caller aborts mid-stream and ends with the abort reason', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: 'text/event-stream',
      stream: [sse(openAiChunk('one')), NEVER],
    }));
    const controller = new AbortController();
    const reason = new Error('user closed the chat');
    const err = await rejection(
      (async () => {
        for await (const event of llm(server!.url).stream({ ...REQUEST, signal: controller.signal })) {
          if (event.type === 'token') controller.abort(reason);
        }
      })(),
    );
    expect(err).toBe(reason);
    await server.requests[0]!.closed;
    expect(server.requests[0]!.finished).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts a complete() waiting for headers with the signal reason', async () => {
    server = await startFakeLlmServer(() => 'hang');
    const controller = new AbortController();
    const pending = llm(server.url).complete({ ...REQUEST, signal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const err = await rejection(pending);
    expect(err).toMatchObject({ name: 'AbortError' });
    await server.requests[0]!.closed;
  });

  it('closes the connection when the reader stops early', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: 'text/event-stream',
      stream: [sse(openAiChunk('first')), NEVER],
    }));
    for await (const event of llm(server.url).stream(REQUEST)) {
      expect(event).toEqual({ type: 'token', text: 'first' });
      break;
    }
    await server.requests[0]!.closed;
    expect(server.requests[0]!.finished).toBe(false);
  });

  describe('fails with LLM_BAD_RESPONSE (permanent, no retry)', () => {
    const cases: [string, string[]][] = [
      ['an event whose data is not JSON', ['data: {"choices": [\n\n']],
      ['a 200 that is not an event stream', ['<html>proxy login</html>']],
    ];
    for (const [what, steps] of cases) {
      it(`on ${what}`, async () => {
        server = await startFakeLlmServer(() => ({
          status: 200,
          contentType: 'text/event-stream',
          stream: steps,
        }));
        const err = await rejection(drain(llm(server.url).stream(REQUEST)));
        expect(err).toMatchObject({ code: 'LLM_BAD_RESPONSE', category: 'third_party', retryable: false });
        expect(server.requests).toHaveLength(1);
      });
    }

    it('on a completion body that is not JSON', async () => {
      server = await startFakeLlmServer(() => ({ status: 200, text: '<html>proxy login</html>' }));
      const err = await rejection(llm(server.url).complete(REQUEST));
      expect(err).toMatchObject({ code: 'LLM_BAD_RESPONSE', details: { body: '<html>proxy login</html>' } });
      expect(server.requests).toHaveLength(1);
    });

    it('on a completion without choices', async () => {
      server = await startFakeLlmServer(() => ({ status: 200, json: { object: 'chat.completion' } }));
      const err = await rejection(llm(server.url).complete(REQUEST));
      expect(err).toMatchObject({ code: 'LLM_BAD_RESPONSE', retryable: false });
    });
  });

  it('treats an error event inside the stream as LLM_UNAVAILABLE with the server message', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: 'text/event-stream',
      stream: [sse(openAiChunk('a')), sse({ error: { message: 'engine crashed' } })],
    }));
    const err = await rejection(drain(llm(server.url).stream(REQUEST)));
    expect(err).toMatchObject({ code: 'LLM_UNAVAILABLE', details: { serverMessage: 'engine crashed' } });
  });
});
