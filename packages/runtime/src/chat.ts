import { AnswerService, ChatService, type Llm, type Logger, type MetadataStore } from '@sift/core';
import type { Search } from './search.js';

/** The RAG use cases of one process. */
export interface Chat {
  llm: Llm | null;
  answers: AnswerService;
  sessions: ChatService;
}

/** Answers come from the configured LLM, or extractively (offline) when there is none. */
export function createChat(deps: {
  metadata: MetadataStore;
  search: Search;
  llm: Llm | null;
  logger: Logger;
}): Chat {
  const answers = new AnswerService({
    metadata: deps.metadata,
    search: deps.search.service,
    llm: deps.llm,
    // Sentences are embedded by the model of the serving space (the same one that ranked the chunks).
    embedder: async () => (await deps.search.spaces.serving().catch(() => null))?.embedder ?? null,
    logger: deps.logger,
  });
  return {
    llm: deps.llm,
    answers,
    sessions: new ChatService({ metadata: deps.metadata, answers }),
  };
}
