import { AppError, isAppError } from '@sift/core';

/** The stable codes of the `Llm` port; every one is category `third_party`. */
export type LlmErrorCode =
  'LLM_UNAVAILABLE' | 'LLM_TIMEOUT' | 'LLM_REJECTED' | 'LLM_BAD_RESPONSE' | 'LLM_CIRCUIT_OPEN';

/** Rejections and unparseable answers repeat on a retry; outages, timeouts and an open circuit pass. */
const RETRYABLE: Record<LlmErrorCode, boolean> = {
  LLM_UNAVAILABLE: true,
  LLM_TIMEOUT: true,
  LLM_REJECTED: false,
  LLM_BAD_RESPONSE: false,
  LLM_CIRCUIT_OPEN: true,
};

/** An `AppError` with one of the port's codes and the retryability the port documents for it. */
export function llmError(
  code: LlmErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): AppError {
  return new AppError(code, 'third_party', message, {
    details,
    retryable: RETRYABLE[code],
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** Whether `err` is an LLM error with one of `codes`. */
export function hasLlmCode(err: unknown, ...codes: LlmErrorCode[]): err is AppError {
  return isAppError(err) && (codes as string[]).includes(err.code);
}

/**
 * The server's own words: OpenAI and vLLM answer `{ "error": { "message" } }`, Ollama
 * `{ "error": "…" }`, others `{ "message" }`, `{ "detail" }` or plain text.
 */
export function serverMessage(body: string): string {
  try {
    const json = JSON.parse(body) as {
      error?: { message?: unknown } | string;
      message?: unknown;
      detail?: unknown;
    };
    if (typeof json.error === 'object' && typeof json.error?.message === 'string') return json.error.message;
    if (typeof json.error === 'string') return json.error;
    if (typeof json.message === 'string' && json.message) return json.message;
    if (typeof json.detail === 'string') return json.detail;
    if (json.detail !== undefined) return JSON.stringify(json.detail).slice(0, 500);
  } catch {
    // not JSON: use the text itself
  }
  return body.trim().slice(0, 500) || '(empty body)';
}

/** undici wraps the socket error (ECONNREFUSED, ECONNRESET) in a bare "fetch failed"; the cause says what happened. */
export function causeMessage(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}
