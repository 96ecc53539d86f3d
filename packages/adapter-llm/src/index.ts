/**
 * LLM adapters of Sift: the `Llm` port over OpenAI-compatible servers and Ollama (timeouts, retries before
 * the first token, circuit breaker), and `LlmReranker`, the `Reranker` port on top of any `Llm`.
 */
export { OpenAiCompatibleLlm, type OpenAiCompatibleLlmOptions } from './openai-compatible.llm.js';
export { OllamaLlm, type OllamaLlmOptions } from './ollama.llm.js';
export { LlmReranker, RERANK_SYSTEM_PROMPT, type LlmRerankerOptions } from './llm.reranker.js';
export { parseRelevanceScores } from './relevance-scores.parser.js';
export { resolveLlmOptions, type RemoteLlmOptions, type ResolvedLlmOptions } from './remote-llm.options.js';
export { LlmResilience } from './llm-resilience.js';
export { LlmHttpClient, type LlmHttpSettings } from './llm-http.client.js';
export { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.js';
export { llmError, type LlmErrorCode } from './llm-errors.js';
