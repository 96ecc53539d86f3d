import type { Llm, LlmCompletion, LlmHealth, LlmRequest, LlmStreamEvent, LlmUsage } from '@sift/core';
import { llmError } from './llm-errors.js';
import { LlmHttpClient } from './llm-http.client.js';
import { LlmResilience } from './llm-resilience.js';
import { resolveLlmOptions, type RemoteLlmOptions } from './remote-llm.options.js';

/** Options of {@link OllamaLlm}; `baseUrl` is the server root, e.g. `http://localhost:11434`. */
export type OllamaLlmOptions = RemoteLlmOptions;

/** One line of `/api/chat` (streamed) or its whole answer, as far as we read it. */
interface OllamaChunk {
  message?: { content?: unknown };
  done?: unknown;
  done_reason?: unknown;
  prompt_eval_count?: unknown;
  eval_count?: unknown;
  error?: unknown;
}

/**
 * Chat completions from Ollama's native `POST {baseUrl}/api/chat`: streamed as newline-delimited JSON
 * (`{ message: { content }, done }` per line, the last with `done_reason` and the token counts), or one
 * JSON answer for `complete()`. Temperature and the token limit go in `options` (`num_predict`). A model
 * that was never pulled is a 404, so `LLM_REJECTED` with Ollama's "model … not found" message. Timeouts,
 * retries and the circuit breaker as the `Llm` port describes (see `LlmResilience`).
 */
export class OllamaLlm implements Llm {
  readonly provider = 'ollama';
  readonly model: string;
  private readonly url: string;
  private readonly http: LlmHttpClient;
  private readonly resilience: LlmResilience;

  constructor(options: OllamaLlmOptions) {
    const resolved = resolveLlmOptions(options);
    this.model = resolved.model;
    this.url = `${resolved.baseUrl}/api/chat`;
    this.http = new LlmHttpClient({ ...resolved, label: 'Ollama' });
    this.resilience = new LlmResilience(`Ollama ${resolved.baseUrl} (model ${resolved.model})`, resolved);
  }

  stream(request: LlmRequest): AsyncIterable<LlmStreamEvent> {
    const body = this.body(request, true);
    return this.resilience.stream(request.signal, () =>
      this.parseLines(this.http.streamText(this.url, body, request.signal)),
    );
  }

  complete(request: LlmRequest): Promise<LlmCompletion> {
    const body = this.body(request, false);
    return this.resilience.call(request.signal, async () => {
      const chunk = this.check((await this.http.postJson(this.url, body, request.signal)) as OllamaChunk, '');
      const content = chunk.message?.content;
      if (typeof content !== 'string') {
        throw this.badResponse('answered without message.content', JSON.stringify(chunk));
      }
      return { text: content, usage: usageOf(chunk), finishReason: reasonOf(chunk.done_reason) };
    });
  }

  health(): LlmHealth {
    return { provider: this.provider, model: this.model, ...this.resilience.health() };
  }

  private body(request: LlmRequest, stream: boolean): Record<string, unknown> {
    const options = {
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { num_predict: request.maxTokens } : {}),
    };
    return {
      model: this.model,
      messages: request.messages.map(({ role, content }) => ({ role, content })),
      stream,
      ...(Object.keys(options).length > 0 ? { options } : {}),
    };
  }

  /** NDJSON → port events; the stream ends at the line with `done: true`, and ending before it is a cut connection. */
  private async *parseLines(chunks: AsyncIterable<string>): AsyncGenerator<LlmStreamEvent> {
    let seen = 0;
    for await (const line of lines(chunks)) {
      seen++;
      let parsed: OllamaChunk;
      try {
        parsed = JSON.parse(line) as OllamaChunk;
      } catch (err) {
        throw this.badResponse('streamed a line that is not JSON', line, err);
      }
      const chunk = this.check(parsed, line);
      const content = chunk.message?.content;
      if (typeof content === 'string' && content) yield { type: 'token', text: content };
      if (chunk.done === true) {
        return yield { type: 'done', usage: usageOf(chunk), finishReason: reasonOf(chunk.done_reason) };
      }
    }
    if (seen === 0) throw this.badResponse('answered with an empty stream', '');
    throw llmError('LLM_UNAVAILABLE', `Ollama ${this.url} ended the stream mid-answer`, { url: this.url });
  }

  /** Ollama reports a failure inside a 200 stream (the runner crashed) as `{ "error": "…" }`. */
  private check(chunk: OllamaChunk, raw: string): OllamaChunk {
    if (typeof chunk !== 'object' || chunk === null)
      throw this.badResponse('sent JSON that is not an object', raw);
    if (chunk.error !== undefined) {
      const message = String(chunk.error);
      throw llmError('LLM_UNAVAILABLE', `Ollama ${this.url} reported: ${message}`, {
        url: this.url,
        serverMessage: message,
      });
    }
    return chunk;
  }

  private badResponse(what: string, body: string, cause?: unknown) {
    return llmError(
      'LLM_BAD_RESPONSE',
      `Ollama ${this.url} ${what}`,
      { url: this.url, body: body.slice(0, 200) },
      cause,
    );
  }
}

/** The non-empty lines of a text stream, each as soon as its newline has arrived. */
async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const text of chunks) {
    buffer += text;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const part of parts) if (part.trim()) yield part.trim();
  }
  if (buffer.trim()) yield buffer.trim();
}

function usageOf(chunk: OllamaChunk): LlmUsage {
  const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : null);
  return { promptTokens: count(chunk.prompt_eval_count), completionTokens: count(chunk.eval_count) };
}

function reasonOf(reason: unknown): string | null {
  return typeof reason === 'string' && reason ? reason : null;
}
