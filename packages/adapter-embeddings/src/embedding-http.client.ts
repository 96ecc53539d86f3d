import { AppError } from '@sift/core';

/** Timeouts and retries of a remote embedding service, shared by the OpenAI-compatible and Ollama embedders. */
export interface EmbeddingHttpOptions {
  /** Limit for one request attempt (default 60 s: a CPU server embedding 128 long passages takes a while). */
  timeoutMs?: number;
  /** Attempts per request when the service is unavailable: 429, 5xx, network errors, timeouts (default 3). */
  maxAttempts?: number;
  /** Wait before the first retry, doubled for each further one (default 500 ms). */
  retryDelayMs?: number;
}

/** The longest a `Retry-After` header can make us wait; beyond it the job's own retry takes over. */
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * POSTs JSON to an embedding service with a per-attempt timeout, the caller's signal and bounded retries with
 * exponential backoff. 429, 5xx, network failures and timeouts throw `EMBEDDER_UNAVAILABLE` (third_party,
 * retryable) once the attempts are spent; other 4xx answers throw `EMBEDDER_REJECTED` (permanent) at once,
 * carrying the server's message; a success whose body is not JSON throws `EMBEDDER_BAD_RESPONSE`.
 */
export class EmbeddingHttpClient {
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly apiKey: string | undefined,
    options: EmbeddingHttpOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.retryDelayMs = options.retryDelayMs ?? 500;
  }

  async postJson(url: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const outcome = await this.attempt(url, body, attempt, signal);
      if (outcome.ok) return outcome.json;
      if (!outcome.error.retryable || attempt >= this.maxAttempts) throw outcome.error;
      const backoff = this.retryDelayMs * 2 ** (attempt - 1);
      await sleep(Math.max(backoff, Math.min(outcome.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)), signal);
    }
  }

  private async attempt(
    url: string,
    body: unknown,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<{ ok: true; json: unknown } | { ok: false; error: AppError; retryAfterMs?: number }> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      const timedOut = timeout.aborted;
      const message = timedOut
        ? `Embedding service ${url} did not answer within ${this.timeoutMs} ms`
        : `Embedding service ${url} is unreachable: ${causeMessage(err)}`;
      const details = { url, timedOut, attempts: attempt };
      return {
        ok: false,
        error: new AppError('EMBEDDER_UNAVAILABLE', 'third_party', message, {
          details,
          retryable: true,
          cause: err,
        }),
      };
    }
    if (!response.ok) {
      return {
        ok: false,
        error: httpError(url, response.status, text, attempt),
        retryAfterMs: retryAfter(response),
      };
    }
    try {
      return { ok: true, json: JSON.parse(text) as unknown };
    } catch (err) {
      throw new AppError(
        'EMBEDDER_BAD_RESPONSE',
        'third_party',
        `Embedding service ${url} sent a body that is not JSON`,
        {
          details: { url, body: text.slice(0, 200) },
          retryable: false,
          cause: err,
        },
      );
    }
  }
}

function httpError(url: string, status: number, body: string, attempts: number): AppError {
  const serverMessage = errorMessage(body);
  const details = { url, status, serverMessage, attempts };
  if (status >= 500 || status === 429) {
    // 429 is "slow down", not "never": retry with backoff like a 5xx.
    return new AppError(
      'EMBEDDER_UNAVAILABLE',
      'third_party',
      `Embedding service answered ${status}: ${serverMessage}`,
      {
        details,
        retryable: true,
      },
    );
  }
  return new AppError(
    'EMBEDDER_REJECTED',
    'third_party',
    `Embedding service refused the request (${status}): ${serverMessage}`,
    { details, retryable: false },
  );
}

/** `Retry-After` in seconds (the form rate limiters use); an HTTP date is ignored in favour of backoff. */
function retryAfter(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * The server's own words: OpenAI and vLLM answer `{ "error": { "message" } }`, Ollama and TEI
 * `{ "error": "…" }`, others `{ "message" }`, `{ "detail" }` or plain text.
 */
export function errorMessage(body: string): string {
  try {
    const json = JSON.parse(body) as {
      error?: { message?: string } | string;
      message?: unknown;
      detail?: unknown;
    };
    if (typeof json.error === 'object' && json.error?.message) return json.error.message;
    if (typeof json.error === 'string') return json.error;
    if (typeof json.message === 'string' && json.message) return json.message;
    if (typeof json.detail === 'string') return json.detail;
    if (json.detail !== undefined) return JSON.stringify(json.detail).slice(0, 500);
  } catch {
    // not JSON: use the text itself
  }
  return body.trim().slice(0, 500) || '(empty body)';
}

function causeMessage(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
