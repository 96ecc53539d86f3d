import { LlmReranker, OllamaLlm, OpenAiCompatibleLlm } from '@sift/adapter-llm';
import type { Config } from '@sift/config';
import type { Llm, Reranker } from '@sift/core';

/** Chooses the configured chat model; null (extractive answers) for `SIFT_LLM=none`. */
export function createLlm(config: Config): Llm | null {
  const l = config.llm;
  if (l.engine === 'none') return null;
  // loadConfig guarantees URL and model for the remote engines.
  const options = {
    baseUrl: l.url ?? '',
    model: l.model ?? '',
    timeoutMs: l.timeoutMs,
    ...(l.apiKey ? { apiKey: l.apiKey } : {}),
  };
  return l.engine === 'openai' ? new OpenAiCompatibleLlm(options) : new OllamaLlm(options);
}

/** Rerankers that need the LLM (`SIFT_RERANKER=llm`). */
export function llmRerankers(config: Config, llm: Llm | null): Record<string, Reranker> {
  return config.search.reranker === 'llm' && llm ? { llm: new LlmReranker(llm) } : {};
}
