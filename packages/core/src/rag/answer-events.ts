import type { Embedder } from '../ports/embedder.port.js';
import type { AnswerEvent, AnswerTimings, Citation } from './chat.types.js';
import type { ContextPassage } from './context-builder.js';
import { NOT_FOUND_ANSWER } from './rag-prompt.js';

/** When the answer started, when retrieval ended and when its first token went out. */
export interface AnswerClock {
  started: number;
  retrieved: number;
  firstToken: number | null;
}

/** The answer to a question the documents do not hold: the fixed sentence, no citations. */
export async function* notFoundAnswer(clock: AnswerClock): AsyncGenerator<AnswerEvent> {
  clock.firstToken ??= performance.now();
  yield { type: 'token', text: NOT_FOUND_ANSWER };
  yield { type: 'citations', citations: [] };
  yield {
    type: 'done',
    mode: 'not_found',
    model: null,
    usage: null,
    timings: timings(clock),
    answer: NOT_FOUND_ANSWER,
  };
}

/** A citation numbered `n` of the range [start, end) inside a passage. */
export function citationOf(p: ContextPassage, n: number, start: number, end: number): Citation {
  return {
    n,
    documentId: p.documentId,
    title: p.title,
    filename: p.filename,
    chunkId: p.chunkId,
    pageFrom: p.pageFrom,
    pageTo: p.pageTo,
    origin: p.origin,
    startChar: start,
    endChar: end,
    quote: p.content.slice(start - p.startChar, end - p.startChar),
  };
}

export function timings(clock: AnswerClock): AnswerTimings {
  const now = performance.now();
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    retrievalMs: round(clock.retrieved - clock.started),
    generationMs: round(now - clock.retrieved),
    totalMs: round(now - clock.started),
    firstTokenMs: clock.firstToken === null ? null : round(clock.firstToken - clock.started),
  };
}

/** Without an embedder, sentences are chosen by their words alone: every vector is zero (similar to nothing). */
export const ZERO_EMBEDDER: Embedder = {
  info: async () => ({ model: 'none', dimensions: 1 }),
  embed: async (texts) => texts.map(() => Float32Array.of(0)),
  close: async () => {},
};
