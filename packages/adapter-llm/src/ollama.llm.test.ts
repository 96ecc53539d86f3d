import type { LlmRequest, LlmStreamEvent } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closedPortUrl,
  gate,
  NEVER,
  startFakeLlmServer,
  type FakeLlmServer,
} from './fake-llm-server.fixture.js';
import { drain, ollamaDoneLine, ollamaLine, rejection } from './llm-protocol.fixture.js';
import { OllamaLlm, type OllamaLlmOptions } from './ollama.llm.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function llm(baseUrl: string, extra: Partial<OllamaLlmOptions> = {}) {
  return new OllamaLlm({ baseUrl, model: 'llama3.2', retryDelayMs: 10, timeoutMs: 2_000, ...extra });
}

const REQUEST: LlmRequest = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Name a colour.' },
  ],
  temperature: 0.2,
  maxTokens: 64,
};

const NDJSON = 'application/x-ndjson';

function ollamaStream(tokens: string[]) {
  return {
    status: 200,
    contentType: NDJSON,
    stream: [...tokens.map((t) => ollamaLine(t)), ollamaDoneLine(26, tokens.length)],
  };
}

describe('OllamaLlm', () => {
  it('streams /api/chat with model, messages and options, yielding tokens in order, then counts and reason', async () => {
    server = await startFakeLlmServer(() => ollamaStream(['Deep', ' blue', '.']));
    const events = await drain(llm(`${server.url}/`).stream(REQUEST));

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/api/chat' });
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.json).toEqual({
      model: 'llama3.2',
      messages: REQUEST.messages,
      stream: true,
      options: { temperature: 0.2, num_predict: 64 },
    });
    expect(events).toEqual<LlmStreamEvent[]>([
      { type: 'token', text: 'Deep' },
      { type: 'token', text: ' blue' },
      { type: 'token', text: '.' },
      { type: 'done', usage: { promptTokens: 26, completionTokens: 3 }, finishReason: 'stop' },
    ]);
  });

  it('sends no options object without sampling settings, and a bearer key for a proxy when given', async () => {
    server = await startFakeLlmServer(() => ollamaStream(['hi']));
    await drain(
      llm(server.url, { apiKey: 'proxy-key' }).stream({ messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(server.requests[0]!.json).toEqual({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer proxy-key');
  });

  it('hands out the first token while the server is still generating the rest', async () => {
    const firstSeen = gate();
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: NDJSON,
      stream: [ollamaLine('Red'), firstSeen.promise, ollamaLine('dish'), ollamaDoneLine(5, 2)],
    }));
    const tokens: string[] = [];
    for await (const event of llm(server.url).stream(REQUEST)) {
      if (event.type !== 'token') continue;
      if (tokens.length === 0) {
        expect(server.requests[0]!.finished).toBe(false);
        firstSeen.open();
      }
      tokens.push(event.text);
    }
    expect(tokens).toEqual(['Red', 'dish']);
  });

  it('joins lines and multi-byte characters split across writes', async () => {
    const bytes = Buffer.from(ollamaLine('grün ✓') + ollamaDoneLine(3, 1, 'length'), 'utf8');
    const cut = bytes.indexOf(Buffer.from('✓')) + 2;
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: NDJSON,
      stream: [bytes.subarray(0, cut), 5, bytes.subarray(cut)],
    }));
    expect(await drain(llm(server.url).stream(REQUEST))).toEqual([
      { type: 'token', text: 'grün ✓' },
      { type: 'done', usage: { promptTokens: 3, completionTokens: 1 }, finishReason: 'length' },
    ]);
  });

  it('completes without streaming', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      json: {
        model: 'llama3.2',
        message: { role: 'assistant', content: 'Green.' },
        done: true,
        done_reason: 'stop',
        prompt_eval_count: 20,
        eval_count: 3,
      },
    }));
    expect(await llm(server.url).complete(REQUEST)).toEqual({
      text: 'Green.',
      usage: { promptTokens: 20, completionTokens: 3 },
      finishReason: 'stop',
    });
    expect(server.requests[0]!.json).toEqual({
      model: 'llama3.2',
      messages: REQUEST.messages,
      stream: false,
      options: { temperature: 0.2, num_predict: 64 },
    });
  });

  it('fails a model that was never pulled (404) with LLM_REJECTED and Ollama’s message, without retrying', async () => {
    server = await startFakeLlmServer(() => ({
      status: 404,
      json: { error: 'model "llama3.2" not found, try pulling it first' },
    }));
    const err = await rejection(drain(llm(server.url).stream(REQUEST)));
    expect(err).toMatchObject({ code: 'LLM_REJECTED', retryable: false, details: { status: 404 } });
    expect(err.message).toContain('try pulling it first');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 500 and streams the next attempt', async () => {
    server = await startFakeLlmServer((_, index) =>
      index === 0 ? { status: 500, json: { error: 'runner busy' } } : ollamaStream(['ok']),
    );
    expect((await drain(llm(server.url).stream(REQUEST)))[0]).toEqual({ type: 'token', text: 'ok' });
    expect(server.requests).toHaveLength(2);
  });

  it('fails with LLM_UNAVAILABLE after its retries when nothing listens', async () => {
    const err = await rejection(drain(llm(await closedPortUrl(), { maxRetries: 2 }).stream(REQUEST)));
    expect(err).toMatchObject({ code: 'LLM_UNAVAILABLE', retryable: true, details: { attempts: 3 } });
  });

  it('fails with LLM_TIMEOUT when Ollama stays silent (a model still loading past timeoutMs)', async () => {
    server = await startFakeLlmServer(() => 'hang');
    const err = await rejection(drain(llm(server.url, { timeoutMs: 200 }).stream(REQUEST)));
    expect(err).toMatchObject({ code: 'LLM_TIMEOUT', details: { phase: 'first_byte' } });
    expect(server.requests).toHaveLength(1);
  });

  it('fails with LLM_TIMEOUT (idle) when the stream stalls mid-answer', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: NDJSON,
      stream: [ollamaLine('a'), NEVER],
    }));
    const err = await rejection(drain(llm(server.url, { idleTimeoutMs: 200 }).stream(REQUEST)));
    expect(err).toMatchObject({ code: 'LLM_TIMEOUT', details: { phase: 'idle' } });
  });

  it('stops the HTTP request when the caller aborts', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: NDJSON,
      stream: [ollamaLine('a'), NEVER],
    }));
    const controller = new AbortController();
    const err = await rejection(
      (async () => {
        for await (const _ of llm(server!.url).stream({ ...REQUEST, signal: controller.signal }))
          controller.abort();
      })(),
    );
    expect(err).toMatchObject({ name: 'AbortError' });
    await server.requests[0]!.closed;
    expect(server.requests[0]!.finished).toBe(false);
  });

  it('fails with LLM_BAD_RESPONSE on a line that is not JSON', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: NDJSON,
      stream: ['{"message":\n'],
    }));
    const err = await rejection(drain(llm(server.url).stream(REQUEST)));
    expect(err).toMatchObject({ code: 'LLM_BAD_RESPONSE', retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('fails with LLM_BAD_RESPONSE on an empty 200 stream and on a completion without message.content', async () => {
    server = await startFakeLlmServer((_, index) =>
      index === 0 ? { status: 200, contentType: NDJSON, stream: [] } : { status: 200, json: { done: true } },
    );
    expect(await rejection(drain(llm(server.url).stream(REQUEST)))).toMatchObject({
      code: 'LLM_BAD_RESPONSE',
    });
    expect(await rejection(llm(server.url).complete(REQUEST))).toMatchObject({ code: 'LLM_BAD_RESPONSE' });
    expect(server.requests).toHaveLength(2);
  });

  it('reports an error line inside the stream as LLM_UNAVAILABLE with Ollama’s message', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: NDJSON,
      stream: [ollamaLine('a'), '{"error":"model runner has unexpectedly stopped"}\n'],
    }));
    const err = await rejection(drain(llm(server.url).stream(REQUEST)));
    expect(err).toMatchObject({
      code: 'LLM_UNAVAILABLE',
      details: { serverMessage: 'model runner has unexpectedly stopped' },
    });
  });

  it('treats a stream that ends before done as a cut connection (LLM_UNAVAILABLE)', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: NDJSON,
      stream: [ollamaLine('a')],
    }));
    const err = await rejection(drain(llm(server.url).stream(REQUEST)));
    expect(err).toMatchObject({ code: 'LLM_UNAVAILABLE', details: { attempts: 1 } });
    expect(server.requests).toHaveLength(1);
  });

  it('reports provider and model in health()', () => {
    expect(llm('http://127.0.0.1:1').health()).toEqual({
      provider: 'ollama',
      model: 'llama3.2',
      circuit: 'closed',
      lastError: null,
    });
  });
});
