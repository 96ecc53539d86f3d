import { LOCAL_USER_ID, type AnswerEvent, type BeirDataset } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';

/** How well answers cite: the share of judged questions whose citations include a relevant document. */
export interface AnswerEvalResult {
  questions: number;
  /** Answers citing at least one document judged relevant (grade > 0). */
  citation_hit_rate: number;
  /** Answers that said the documents do not hold the answer. */
  not_found: number;
  answer_mode: string;
  mean_seconds: number;
  /** Off-corpus questions asked, and the share answered "not found" (the right answer for them). */
  absent_questions?: number;
  absent_not_found_rate?: number;
}

async function answerOf(runtime: SiftRuntime, question: string) {
  let done: Extract<AnswerEvent, { type: 'done' }> | null = null;
  let cited: string[] = [];
  for await (const event of runtime.chat.answers.answer({
    question,
    filter: { ownerId: LOCAL_USER_ID },
    userId: LOCAL_USER_ID,
  })) {
    if (event.type === 'citations') cited = event.citations.map((c) => c.documentId);
    if (event.type === 'done') done = event;
  }
  return { mode: done?.mode ?? 'not_found', cited };
}

/**
 * Asks the first `limit` judged questions of a dataset and checks each answer's citations against the qrels;
 * then asks `absent` (questions the corpus cannot answer) and counts "not found" answers.
 */
export async function evaluateAnswers(
  runtime: SiftRuntime,
  dataset: Pick<BeirDataset, 'queries' | 'qrels'>,
  beirIdOf: Map<string, string>,
  options: { limit: number; absent: string[]; onProgress?: (done: number, total: number) => void },
): Promise<AnswerEvalResult> {
  const judged = [...dataset.queries].filter(([id]) =>
    [...(dataset.qrels.get(id)?.values() ?? [])].some((grade) => grade > 0),
  );
  const sample = judged.slice(0, options.limit);
  const started = performance.now();
  let hits = 0;
  let notFound = 0;
  const total = sample.length + options.absent.length;
  for (const [i, [queryId, question]] of sample.entries()) {
    const { mode, cited } = await answerOf(runtime, question);
    if (mode === 'not_found') notFound += 1;
    const relevant = dataset.qrels.get(queryId)!;
    if (cited.some((docId) => (relevant.get(beirIdOf.get(docId) ?? '') ?? 0) > 0)) hits += 1;
    options.onProgress?.(i + 1, total);
  }
  const seconds = (performance.now() - started) / 1000;
  let absentNotFound = 0;
  for (const [i, question] of options.absent.entries()) {
    if ((await answerOf(runtime, question)).mode === 'not_found') absentNotFound += 1;
    options.onProgress?.(sample.length + i + 1, total);
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    questions: sample.length,
    citation_hit_rate: round(sample.length ? hits / sample.length : 0),
    not_found: notFound,
    answer_mode: runtime.chat.answers.mode,
    mean_seconds: round(sample.length ? seconds / sample.length : 0),
    ...(options.absent.length > 0 && {
      absent_questions: options.absent.length,
      absent_not_found_rate: round(absentNotFound / options.absent.length),
    }),
  };
}
