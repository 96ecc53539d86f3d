import type { Llm, LlmCompletion, LlmHealth, LlmRequest, LlmStreamEvent, LlmUsage } from '@sift/core';
import { createParser } from 'eventsource-parser';
import { llmError } from './llm-errors.js';
import { LlmHttpClient } from './llm-http.client.js';
import { LlmResilience } from './llm-resilience.js';
import { resolveLlmOptions, type RemoteLlmOptions, type ResolvedLlmOptions } from './remote-llm.options.js';

/** Options of {@link OpenAiCompatibleLlm}; `baseUrl` includes the API version, e.g. `http://localhost:8000/v1`. */
export type OpenAiCompatibleLlmOptions = RemoteLlmOptions;

/** One `chat.completion.chunk` (streamed) or `chat.completion` (whole), as far as we read it. */
interface ChatChunk {
  choices?: { delta?: { content?: unknown }; message?: { content?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
  error?: { message?: unknown } | string;
}

/**
 * Chat completions from an OpenAI-compatible `POST {baseUrl}/chat/completions`: OpenAI, vLLM, llama.cpp's
 * server, LM Studio, Ollama's `/v1`. `stream()` asks for server-sent events with the usage in the last chunk
 * (`stream_options.include_usage`); `complete()` asks for one JSON answer. Timeouts, retries, the circuit
 * breaker and the error codes are those of the `Llm` port (see `LlmResilience` and `LlmHttpClient`).
 */
export class OpenAiCompatibleLlm implements Llm {
  readonly provider = 'openai-compatible';
  readonly model: string;
  private readonly url: string;
  private readonly http: LlmHttpClient;
  private readonly resilience: LlmResilience;

  constructor(options: OpenAiCompatibleLlmOptions) {
    const resolved: ResolvedLlmOptions = resolveLlmOptions(options);
    this.model = resolved.model;
    this.url = `${resolved.baseUrl}/chat/completions`;
    const label = 'OpenAI-compatible server';
    this.http = new LlmHttpClient({ ...resolved, label });
    this.resilience = new LlmResilience(`${label} ${resolved.baseUrl} (model ${resolved.model})`, resolved);
  }

  stream(request: LlmRequest): AsyncIterable<LlmStreamEvent> {
    const body = {
      ...this.body(request),
      stream: true,
      stream_options: { include_usage: true },
    };
    return this.resilience.stream(request.signal, () =>
      this.parseEvents(this.http.streamText(this.url, body, request.signal)),
    );
  }

  complete(request: LlmRequest): Promise<LlmCompletion> {
    const body = { ...this.body(request), stream: false };
    return this.resilience.call(request.signal, async () => {
      const json = (await this.http.postJson(this.url, body, request.signal)) as ChatChunk | null;
      this.throwServerError(json);
      const choice = json?.choices?.[0];
      const content = choice?.message?.content;
      // A null content is a legitimate empty answer (OpenAI sends it with tool calls or a refusal).
      if (!choice || (content !== null && content !== undefined && typeof content !== 'string')) {
        throw this.badResponse('answered without choices[0].message.content', JSON.stringify(json));
      }
      return {
        text: content ?? '',
        usage: usageOf(json?.usage),
        finishReason: reasonOf(choice.finish_reason),
      };
    });
  }

  health(): LlmHealth {
    return { provider: this.provider, model: this.model, ...this.resilience.health() };
  }

  private body(request: LlmRequest): Record<string, unknown> {
    return {
      model: this.model,
      messages: request.messages.map(({ role, content }) => ({ role, content })),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      // `max_tokens` rather than OpenAI's newer `max_completion_tokens`: every compatible server reads it.
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    };
  }

  /**
   * Server-sent events → port events. The stream ends at `data: [DONE]`; a stream that stops after a
   * finish_reason without it is accepted, one that stops before is a cut connection (`LLM_UNAVAILABLE`), and
   * a 200 that holds no event at all is not an event stream (`LLM_BAD_RESPONSE`).
   */
  private async *parseEvents(chunks: AsyncIterable<string>): AsyncGenerator<LlmStreamEvent> {
    let usage: LlmUsage = usageOf(null);
    let finishReason: string | null = null;
    let seen = 0;
    for await (const data of eventData(chunks)) {
      seen++;
      if (data.trim() === '[DONE]') return yield { type: 'done', usage, finishReason };
      let chunk: ChatChunk | null;
      try {
        chunk = JSON.parse(data) as ChatChunk | null;
      } catch (err) {
        throw this.badResponse('streamed an event that is not JSON', data, err);
      }
      this.throwServerError(chunk);
      const choice = chunk?.choices?.[0];
      const content = choice?.delta?.content;
      if (typeof content === 'string' && content) yield { type: 'token', text: content };
      if (choice?.finish_reason) finishReason = reasonOf(choice.finish_reason);
      if (chunk?.usage) usage = usageOf(chunk.usage);
    }
    if (finishReason !== null) return yield { type: 'done', usage, finishReason };
    if (seen === 0) throw this.badResponse('answered without server-sent events', '');
    throw llmError('LLM_UNAVAILABLE', `OpenAI-compatible server ${this.url} ended the stream mid-answer`, {
      url: this.url,
    });
  }

  /** vLLM and others report a failure inside a 200 stream as `{ "error": … }`: the server failed, not the request. */
  private throwServerError(chunk: ChatChunk | null): void {
    if (!chunk?.error) return;
    const message = typeof chunk.error === 'string' ? chunk.error : String(chunk.error.message ?? 'error');
    throw llmError('LLM_UNAVAILABLE', `OpenAI-compatible server ${this.url} reported: ${message}`, {
      url: this.url,
      serverMessage: message,
    });
  }

  private badResponse(what: string, body: string, cause?: unknown) {
    return llmError(
      'LLM_BAD_RESPONSE',
      `OpenAI-compatible server ${this.url} ${what}`,
      { url: this.url, body: body.slice(0, 200) },
      cause,
    );
  }
}

/** The `data` of each server-sent event, as soon as the blank line that ends it has arrived. */
async function* eventData(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  const pending: string[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event.data) });
  for await (const text of chunks) {
    parser.feed(text);
    yield* pending.splice(0);
  }
  // An event the server did not close with a blank line still counts.
  parser.reset({ consume: true });
  yield* pending.splice(0);
}

function usageOf(usage: ChatChunk['usage'] | undefined): LlmUsage {
  const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : null);
  return { promptTokens: count(usage?.prompt_tokens), completionTokens: count(usage?.completion_tokens) };
}

function reasonOf(reason: unknown): string | null {
  return typeof reason === 'string' && reason ? reason : null;
}
