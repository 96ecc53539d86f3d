import type { LlmRequest, LlmStreamEvent } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { gate, startFakeLlmServer, type FakeLlmServer } from './fake-llm-server.fixture.js';
import {
  drain,
  openAiChunk,
  openAiCompletionAnswer,
  openAiStreamAnswer,
  openAiStreamSteps,
  sse,
  SSE_DONE,
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

describe('OpenAiCompatibleLlm', () => {
  it('streams with the exact request body and bearer key, yielding tokens in order, then usage and finish reason', async () => {
    server = await startFakeLlmServer(() => openAiStreamAnswer(['Sift', ' is', ' a search', ' platform.']));
    const events = await drain(llm(`${server.url}/v1/`, { apiKey: 'sk-test' }).stream(REQUEST));

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/v1/chat/completions' });
    expect(request!.headers.authorization).toBe('Bearer sk-test');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.json).toEqual({
      model: 'qwen2.5-7b-instruct',
      messages: REQUEST.messages,
      temperature: 0,
      max_tokens: 256,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(events).toEqual<LlmStreamEvent[]>([
      { type: 'token', text: 'Sift' },
      { type: 'token', text: ' is' },
      { type: 'token', text: ' a search' },
      { type: 'token', text: ' platform.' },
      { type: 'done', usage: { promptTokens: 11, completionTokens: 4 }, finishReason: 'stop' },
    ]);
  });

  it('sends neither authorization nor sampling fields it was not given', async () => {
    server = await startFakeLlmServer(() => openAiStreamAnswer(['ok']));
    await drain(llm(`${server.url}/v1`).stream({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.json).toEqual({
      model: 'qwen2.5-7b-instruct',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('hands out the first token while the server is still generating the rest', async () => {
    const firstSeen = gate();
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: 'text/event-stream',
      stream: [sse(openAiChunk('Hel')), firstSeen.promise, ...openAiStreamSteps(['lo']).slice(1)],
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
    expect(tokens).toEqual(['Hel', 'lo']);
    expect(server.requests[0]!.finished).toBe(true);
  });

  it('reassembles events and UTF-8 characters split across network writes', async () => {
    const event = sse(openAiChunk('naïve ✓'));
    const bytes = Buffer.from(event, 'utf8');
    const cut = bytes.indexOf(Buffer.from('✓')) + 1;
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: 'text/event-stream',
      stream: [bytes.subarray(0, cut), 5, bytes.subarray(cut), 5, sse(openAiChunk(null, 'length')), SSE_DONE],
    }));
    const events = await drain(llm(server.url).stream(REQUEST));
    expect(events).toEqual([
      { type: 'token', text: 'naïve ✓' },
      { type: 'done', usage: { promptTokens: null, completionTokens: null }, finishReason: 'length' },
    ]);
  });

  it('accepts a stream that ends after its finish reason without [DONE]', async () => {
    server = await startFakeLlmServer(() => ({
      status: 200,
      contentType: 'text/event-stream',
      stream: [sse(openAiChunk('a')), sse(openAiChunk(null, 'stop'))],
    }));
    expect((await drain(llm(server.url).stream(REQUEST))).at(-1)).toEqual({
      type: 'done',
      usage: { promptTokens: null, completionTokens: null },
      finishReason: 'stop',
    });
  });

  it('completes without streaming and returns text, usage and finish reason', async () => {
    server = await startFakeLlmServer(() => openAiCompletionAnswer('Sift is a search platform.'));
    const completion = await llm(server.url, { apiKey: 'sk-x' }).complete(REQUEST);
    expect(completion).toEqual({
      text: 'Sift is a search platform.',
      usage: { promptTokens: 42, completionTokens: 7 },
      finishReason: 'stop',
    });
    expect(server.requests[0]!.json).toEqual({
      model: 'qwen2.5-7b-instruct',
      messages: REQUEST.messages,
      temperature: 0,
      max_tokens: 256,
      stream: false,
    });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-x');
  });
});
