/** One turn of a chat-completion conversation. */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Tokens a provider counted for one completion (null fields: the provider did not say). */
export interface LlmUsage {
  promptTokens: number | null;
  completionTokens: number | null;
}

/** One completion request. */
export interface LlmRequest {
  messages: LlmMessage[];
  /** Upper bound on generated tokens (provider default when absent). */
  maxTokens?: number;
  /** 0 for deterministic answers (RAG default); provider default when absent. */
  temperature?: number;
  signal?: AbortSignal;
}

/** What a streaming completion yields: text deltas as they arrive, then exactly one `done`. */
export type LlmStreamEvent =
  { type: 'token'; text: string } | { type: 'done'; usage: LlmUsage; finishReason: string | null };

/** The answer of a non-streaming completion. */
export interface LlmCompletion {
  text: string;
  usage: LlmUsage;
  finishReason: string | null;
}

/** Whether calls go through: `open` means the provider failed repeatedly and calls fail fast until a probe succeeds. */
export interface LlmHealth {
  provider: string;
  model: string;
  circuit: 'closed' | 'open' | 'half_open';
  /** Last failure seen (code and message), while the circuit is not closed. */
  lastError: { code: string; message: string } | null;
}

/**
 * A chat-completion model (OpenAI-compatible servers, Ollama). Adapters enforce a timeout per call, retry
 * connection failures and 5xx/429 a bounded number of times before any token was streamed, and keep a
 * circuit breaker: after repeated failures calls fail fast with `LLM_CIRCUIT_OPEN` until a probe succeeds.
 * Errors are AppErrors: `LLM_UNAVAILABLE` (third_party, retryable: connection, 5xx, 429), `LLM_TIMEOUT`
 * (third_party, retryable), `LLM_REJECTED` (third_party, permanent: 4xx such as a bad key or unknown model),
 * `LLM_BAD_RESPONSE` (third_party, permanent: unparseable answer), `LLM_CIRCUIT_OPEN` (third_party, retryable).
 */
export interface Llm {
  /** Provider and model, for logs, stored messages and health. */
  readonly provider: string;
  readonly model: string;
  /** Streams the completion; a cancelled `signal` stops the request and ends the iteration with an abort error. */
  stream(request: LlmRequest): AsyncIterable<LlmStreamEvent>;
  /** The whole completion at once. */
  complete(request: LlmRequest): Promise<LlmCompletion>;
  health(): LlmHealth;
}
