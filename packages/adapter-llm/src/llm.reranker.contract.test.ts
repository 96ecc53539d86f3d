import { describeReranker } from '@sift/contract-tests';
import { startFakeLlmServer } from './fake-llm-server.fixture.js';
import { openAiCompletionAnswer } from './llm-protocol.fixture.js';
import { LlmReranker } from './llm.reranker.js';
import { OpenAiCompatibleLlm } from './openai-compatible.llm.js';

describeReranker('llm (fake OpenAI-compatible server)', async () => {
  // The judge scores passage n as 10 − n: a fixed, valid answer for any prompt.
  const server = await startFakeLlmServer(() =>
    openAiCompletionAnswer(
      JSON.stringify({ scores: [1, 2, 3, 4, 5].map((n) => ({ passage: n, score: 10 - n })) }),
    ),
  );
  const llm = new OpenAiCompatibleLlm({ baseUrl: `${server.url}/v1`, model: 'judge', maxRetries: 0 });
  return { reranker: new LlmReranker(llm), cleanup: () => server.close() };
});
