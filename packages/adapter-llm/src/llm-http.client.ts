import { isAppError, type AppError } from '@sift/core';
import { causeMessage, llmError, serverMessage } from './llm-errors.js';

/** Settings of one {@link LlmHttpClient}. */
export interface LlmHttpSettings {
  /** Sent as `Authorization: Bearer` when set. */
  apiKey?: string;
  /** Streaming: limit until the first byte of the body; non-streaming: limit for the whole answer. */
  timeoutMs: number;
  /** Streaming: limit between two chunks of the body once it has started. */
  idleTimeoutMs: number;
  /** Names the provider in messages, e.g. `OpenAI-compatible server`. */
  label: string;
}

type TimeoutPhase = 'first_byte' | 'idle' | 'response';

/**
 * One HTTP attempt against an LLM server, with its timeouts, mapped to the port's error codes: network
 * failures, 5xx and 429 → `LLM_UNAVAILABLE`, other 4xx → `LLM_REJECTED` with the server's message, a
 * timeout → `LLM_TIMEOUT`. Retries and the circuit breaker belong to `LlmResilience`, one level up. A
 * cancelled caller signal aborts the request and rethrows the signal's reason untouched.
 */
export class LlmHttpClient {
  constructor(private readonly settings: LlmHttpSettings) {}

  /**
   * POSTs `body` and yields the response text as it arrives. The first-byte timer covers connecting, the
   * server's prompt processing and the first chunk (a long RAG prompt on a CPU server can take a while); then
   * each wait for a further chunk has the idle limit. The timer is not running while the consumer holds a
   * chunk, so a slow reader is never mistaken for a stalled server. Ending the iteration early closes the
   * connection.
   */
  async *streamText(url: string, body: unknown, signal?: AbortSignal): AsyncGenerator<string> {
    const controller = new AbortController();
    let timedOut: TimeoutPhase | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (phase: TimeoutPhase, ms: number) => {
      timer = setTimeout(() => {
        timedOut = phase;
        controller.abort();
      }, ms);
    };
    const fail = (err: unknown) => this.transportError(url, err, signal, timedOut);
    arm('first_byte', this.settings.timeoutMs);
    try {
      const response = await this.post(url, body, controller.signal, signal).catch((err: unknown) => {
        throw fail(err);
      });
      if (!response.ok) throw await this.statusError(url, response);
      if (!response.body)
        throw llmError('LLM_BAD_RESPONSE', `${this.settings.label} ${url} sent no body`, { url });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (let first = true; ; first = false) {
        if (!first) arm('idle', this.settings.idleTimeoutMs);
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (err) {
          throw fail(err);
        } finally {
          clearTimeout(timer);
        }
        // The decoder holds back a multi-byte character split across chunks until its last byte arrives.
        const text = chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
        if (text) yield text;
        if (chunk.done) return;
      }
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }

  /** POSTs `body` and parses the JSON answer, all within `timeoutMs`; a body that is not JSON is `LLM_BAD_RESPONSE`. */
  async postJson(url: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const controller = new AbortController();
    let timedOut: TimeoutPhase | null = null;
    const timer = setTimeout(() => {
      timedOut = 'response';
      controller.abort();
    }, this.settings.timeoutMs);
    let text: string;
    try {
      const response = await this.post(url, body, controller.signal, signal);
      if (!response.ok) throw await this.statusError(url, response);
      text = await response.text();
    } catch (err) {
      throw isAppError(err) ? err : this.transportError(url, err, signal, timedOut);
    } finally {
      clearTimeout(timer);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw llmError(
        'LLM_BAD_RESPONSE',
        `${this.settings.label} ${url} sent a body that is not JSON`,
        { url, body: text.slice(0, 200) },
        err,
      );
    }
  }

  private post(url: string, body: unknown, own: AbortSignal, caller?: AbortSignal): Promise<Response> {
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}),
      },
      body: JSON.stringify(body),
      signal: caller ? AbortSignal.any([caller, own]) : own,
    });
  }

  private transportError(
    url: string,
    err: unknown,
    signal: AbortSignal | undefined,
    timedOut: TimeoutPhase | null,
  ): unknown {
    if (signal?.aborted) return signal.reason;
    if (isAppError(err)) return err;
    if (timedOut !== null) {
      const { timeoutMs, idleTimeoutMs } = this.settings;
      const what =
        timedOut === 'idle'
          ? `stopped streaming for ${idleTimeoutMs} ms`
          : timedOut === 'first_byte'
            ? `sent nothing within ${timeoutMs} ms`
            : `did not answer within ${timeoutMs} ms`;
      return llmError('LLM_TIMEOUT', `${this.settings.label} ${url} ${what}`, { url, phase: timedOut }, err);
    }
    return llmError(
      'LLM_UNAVAILABLE',
      `${this.settings.label} ${url} is unreachable: ${causeMessage(err)}`,
      { url },
      err,
    );
  }

  private async statusError(url: string, response: Response): Promise<AppError> {
    const message = serverMessage(await response.text().catch(() => ''));
    const details: Record<string, unknown> = { url, status: response.status, serverMessage: message };
    if (response.status >= 500 || response.status === 429) {
      // 429 is "slow down", not "never": retried with backoff like a 5xx, honouring Retry-After.
      const seconds = Number(response.headers.get('retry-after'));
      if (Number.isFinite(seconds) && seconds > 0) details.retryAfterMs = seconds * 1000;
      return llmError(
        'LLM_UNAVAILABLE',
        `${this.settings.label} answered ${response.status}: ${message}`,
        details,
      );
    }
    return llmError(
      'LLM_REJECTED',
      `${this.settings.label} refused the request (${response.status}): ${message}`,
      details,
    );
  }
}
