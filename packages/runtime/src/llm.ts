import { LlmReranker, OllamaLlm, OpenAiCompatibleLlm } from '@sift/adapter-llm';
import type { Config } from '@sift/config';
import { noopTelemetry, type Llm, type Reranker, type Telemetry } from '@sift/core';
import { MeteredLlm } from './metered-llm.js';

/** Chooses the configured chat model; null (extractive answers) for `SIFT_LLM=none`. */
export function createLlm(config: Config, telemetry: Telemetry = noopTelemetry): Llm | null {
  const l = config.llm;
  if (l.engine === 'none') return null;
  // loadConfig guarantees URL and model for the remote engines.
  const options = {
    baseUrl: l.url ?? '',
    model: l.model ?? '',
    timeoutMs: l.timeoutMs,
    ...(l.apiKey ? { apiKey: l.apiKey } : {}),
  };
  const llm = l.engine === 'openai' ? new OpenAiCompatibleLlm(options) : new OllamaLlm(options);
  // Every user of the model (chat, answers, the LLM reranker) goes through the one metered instance.
  return telemetry === noopTelemetry ? llm : new MeteredLlm(llm, telemetry);
}

/** Rerankers that need the LLM (`SIFT_RERANKER=llm`). */
export function llmRerankers(config: Config, llm: Llm | null): Record<string, Reranker> {
  return config.search.reranker === 'llm' && llm ? { llm: new LlmReranker(llm) } : {};
}
