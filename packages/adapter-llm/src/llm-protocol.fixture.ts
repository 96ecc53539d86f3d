// Test fixture: answers in the wire formats of OpenAI-compatible servers and Ollama, for the fake server.
import type { LlmStreamEvent } from '@sift/core';
import type { FakeAnswer, StreamStep } from './fake-llm-server.fixture.js';

/** One server-sent event carrying `payload` as JSON. */
export function sse(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

export const SSE_DONE = 'data: [DONE]\n\n';

/** A `chat.completion.chunk` as OpenAI streams it. */
export function openAiChunk(content: string | null, finishReason: string | null = null): unknown {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'test-model',
    choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finishReason }],
  };
}

/** The last chunk with `stream_options.include_usage`: no choices, only the usage. */
export function openAiUsageChunk(prompt: number, completion: number): unknown {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    choices: [],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

/** The steps of a whole OpenAI stream: a role chunk, one chunk per token, finish, usage, [DONE]. */
export function openAiStreamSteps(tokens: string[], finishReason = 'stop'): StreamStep[] {
  return [
    sse({ ...(openAiChunk(null) as object), choices: [{ index: 0, delta: { role: 'assistant' } }] }),
    ...tokens.map((t) => sse(openAiChunk(t))),
    sse(openAiChunk(null, finishReason)),
    sse(openAiUsageChunk(11, tokens.length)),
    SSE_DONE,
  ];
}

export function openAiStreamAnswer(tokens: string[], finishReason = 'stop'): FakeAnswer {
  return { status: 200, contentType: 'text/event-stream', stream: openAiStreamSteps(tokens, finishReason) };
}

/** A non-streamed `chat.completion`. */
export function openAiCompletionAnswer(text: string, finishReason = 'stop'): FakeAnswer {
  return {
    status: 200,
    json: {
      id: 'chatcmpl-2',
      object: 'chat.completion',
      model: 'test-model',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finishReason }],
      usage: { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 },
    },
  };
}

/** One NDJSON line of Ollama's `/api/chat` stream. */
export function ollamaLine(content: string, done = false, extra: Record<string, unknown> = {}): string {
  return (
    JSON.stringify({
      model: 'llama3.2',
      created_at: '2025-01-01T00:00:00Z',
      message: { role: 'assistant', content },
      done,
      ...extra,
    }) + '\n'
  );
}

/** The final line: empty content, `done: true`, the reason and the token counts. */
export function ollamaDoneLine(promptTokens: number, completionTokens: number, reason = 'stop'): string {
  return ollamaLine('', true, {
    done_reason: reason,
    prompt_eval_count: promptTokens,
    eval_count: completionTokens,
    total_duration: 123,
  });
}

/** Collects every event of a stream. */
export async function drain(stream: AsyncIterable<LlmStreamEvent>): Promise<LlmStreamEvent[]> {
  const events: LlmStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}
