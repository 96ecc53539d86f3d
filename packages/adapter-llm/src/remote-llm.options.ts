/** Options every HTTP LLM adapter takes (OpenAI-compatible servers, Ollama). */
export interface RemoteLlmOptions {
  /** Server root, e.g. `http://localhost:8000/v1` (OpenAI-compatible) or `http://localhost:11434` (Ollama). */
  baseUrl: string;
  /** Model name as the server knows it, e.g. `gpt-4o-mini`, `Qwen/Qwen2.5-7B-Instruct`, `llama3.2`. */
  model: string;
  /** Sent as `Authorization: Bearer`; Ollama itself has no keys, a reverse proxy in front of it may. */
  apiKey?: string;
  /** Streaming: limit until the first byte of the answer; complete(): limit for the whole answer (default 60 s). */
  timeoutMs?: number;
  /** Streaming: limit between two chunks once the answer has started (default 30 s). */
  idleTimeoutMs?: number;
  /** Further attempts after a connection failure, 5xx or 429 before any token arrived (default 2). */
  maxRetries?: number;
  /** Wait before the first retry, doubled for each further one (default 500 ms). */
  retryDelayMs?: number;
  breaker?: {
    /** Consecutive failed calls that open the circuit (default 5). */
    failureThreshold?: number;
    /** How long the open circuit fails fast before one probe may go (default 30 s). */
    cooldownMs?: number;
  };
  /** Clock in ms for the breaker's cool-down (default `Date.now`); tests pass their own. */
  now?: () => number;
}

/** {@link RemoteLlmOptions} with every default filled in. */
export interface ResolvedLlmOptions {
  baseUrl: string;
  model: string;
  apiKey: string | undefined;
  timeoutMs: number;
  idleTimeoutMs: number;
  maxRetries: number;
  retryDelayMs: number;
  failureThreshold: number;
  cooldownMs: number;
  now: () => number;
}

/** Fills in the defaults and drops trailing slashes from the base URL. */
export function resolveLlmOptions(options: RemoteLlmOptions): ResolvedLlmOptions {
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    model: options.model,
    apiKey: options.apiKey || undefined,
    timeoutMs: options.timeoutMs ?? 60_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    maxRetries: Math.max(0, options.maxRetries ?? 2),
    retryDelayMs: options.retryDelayMs ?? 500,
    failureThreshold: Math.max(1, options.breaker?.failureThreshold ?? 5),
    cooldownMs: options.breaker?.cooldownMs ?? 30_000,
    now: options.now ?? Date.now,
  };
}
