import { questionEvent } from '../analytics/analytics-events.js';
import { AppError, describeError } from '../errors.js';
import type { Embedder } from '../ports/embedder.port.js';
import type { Llm, LlmUsage } from '../ports/llm.port.js';
import { silentLogger, type Logger } from '../ports/logger.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { SearchHit } from '../search/search-hit.js';
import type { SearchService } from '../search/search.service.js';
import type { SearchFilter } from '../search/search.types.js';
import { ZERO_EMBEDDER, citationOf, notFoundAnswer, timings, type AnswerClock } from './answer-events.js';
import type { AnswerEvent, ChatMessage } from './chat.types.js';
import { buildContext, type ContextPassage } from './context-builder.js';
import { extractAnswer } from './extractive-answer.js';
import { contentTerms } from './lexical-relevance.js';
import { NOT_FOUND_ANSWER, answerMessages, citedNumbers, rewriteMessages } from './rag-prompt.js';

export interface AnswerRequest {
  question: string;
  /** The scope every retrieval is limited to. */
  filter: SearchFilter;
  /** Earlier turns, oldest first (follow-ups are rewritten from them when an LLM is available). */
  history?: Pick<ChatMessage, 'role' | 'content'>[];
  userId?: string | null;
  signal?: AbortSignal;
}

export interface AnswerOptions {
  /** Chunks retrieved per question. */
  retrieve: number;
  /** Token budget of the sources given to the model. */
  maxContextTokens: number;
  /** Earlier messages passed to the model. */
  historyMessages: number;
  /** Sentences in an extractive answer. */
  maxSentences: number;
  /** LLM mode answers only when the question's words occur in the sources this much (0..1) … */
  minTermCoverage: number;
  /** … or a retrieved chunk is at least this similar to it. */
  minVectorScore: number;
  /** Extractive answers need a sentence at least this relevant (0..1) … */
  minSentenceRelevance: number;
  /** … and, when chunks have vectors, one at least this similar to the question. */
  minVectorFloor: number;
  maxAnswerTokens: number;
}

const DEFAULTS: AnswerOptions = {
  // Tuned on the first 300 SciFact claims with USE-lite: 12 chunks and 5 sentences cite a gold abstract in
  // 71% of answers (8 and 4: 68%).
  retrieve: 12,
  maxContextTokens: 3000,
  historyMessages: 6,
  maxSentences: 5,
  minTermCoverage: 0.5,
  minVectorScore: 0.5,
  // Answerable claims' best sentence scored ≥ 0.49 in 95% of cases; off-corpus questions mostly 0.09–0.28.
  minSentenceRelevance: 0.3,
  minVectorFloor: 0.3,
  maxAnswerTokens: 800,
};

export interface AnswerDeps {
  metadata: MetadataStore;
  search: SearchService;
  /** The LLM, or null: answers are extractive then. */
  llm: Llm | null;
  /** Embeds sentences for extractive answers; null means lexical relevance only. */
  embedder: () => Promise<Embedder | null>;
  logger?: Logger;
}

/**
 * Retrieval-augmented answering, once for every backend: hybrid search within the scope, numbered sources
 * within a token budget, then either a grounded LLM answer streamed token by token, or (no LLM configured,
 * or the LLM unreachable before its first token) an extractive answer made of the sources' own sentences.
 * Either way the answer cites `[n]` markers that resolve to exact character ranges, and a question the
 * documents do not answer gets {@link NOT_FOUND_ANSWER} with no citations.
 */
export class AnswerService {
  private readonly options: AnswerOptions;
  private readonly logger: Logger;

  constructor(
    private readonly deps: AnswerDeps,
    options: Partial<AnswerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.logger = deps.logger ?? silentLogger;
  }

  /** `llm` when a model is configured, else `extractive`. */
  get mode(): 'llm' | 'extractive' {
    return this.deps.llm ? 'llm' : 'extractive';
  }

  /**
   * Answers a question. Each answered question is recorded for analytics (asker, found or "not found", answer
   * time) here, where it is answered, once; a recording failure is logged and the answer goes on.
   */
  async *answer(request: AnswerRequest): AsyncGenerator<AnswerEvent> {
    for await (const event of this.respond(request)) {
      if (event.type === 'done') await this.recordQuestion(request, event);
      yield event;
    }
  }

  private async recordQuestion(
    request: AnswerRequest,
    done: Extract<AnswerEvent, { type: 'done' }>,
  ): Promise<void> {
    try {
      await this.deps.metadata.analytics.record(
        questionEvent({
          userId: request.userId ?? null,
          found: done.mode !== 'not_found',
          durationMs: done.timings.totalMs,
        }),
      );
    } catch (err) {
      this.logger.warn({ code: describeError(err).code }, 'could not record the question for analytics');
    }
  }

  private async *respond(request: AnswerRequest): AsyncGenerator<AnswerEvent> {
    const started = performance.now();
    const question = request.question.trim();
    if (question === '') throw new AppError('CHAT_QUESTION_EMPTY', 'user', 'the question is empty');
    const history = (request.history ?? []).slice(-this.options.historyMessages);
    const query = await this.standaloneQuery(question, history, request.signal);
    const { hits } = await this.deps.search.search({
      query,
      mode: 'hybrid',
      filter: request.filter,
      limit: this.options.retrieve,
      userId: request.userId ?? null,
    });
    const passages = await buildContext(this.deps.metadata, hits, {
      maxTokens: this.options.maxContextTokens,
    });
    const clock = { started, retrieved: performance.now(), firstToken: null as number | null };
    request.signal?.throwIfAborted();

    const llm = this.deps.llm;
    if (llm && passages.length > 0 && this.relevantEnough(question, hits, passages)) {
      const streamed = yield* this.llmAnswer(llm, question, passages, history, clock, request.signal);
      if (streamed) return;
    }
    const topVector = Math.max(-1, ...hits.map((h) => h.scores.vector ?? -1));
    if (topVector !== -1 && topVector < this.options.minVectorFloor) {
      yield* notFoundAnswer(clock);
      return;
    }
    yield* this.extractive(question, passages, clock, request.signal);
  }

  /** Streams the model's answer; returns false when it failed before its first token (caller falls back). */
  private async *llmAnswer(
    llm: Llm,
    question: string,
    passages: ContextPassage[],
    history: Pick<ChatMessage, 'role' | 'content'>[],
    clock: AnswerClock,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<AnswerEvent, boolean> {
    let answer = '';
    let usage: LlmUsage | null = null;
    try {
      for await (const event of llm.stream({
        messages: answerMessages(question, passages, history),
        temperature: 0,
        maxTokens: this.options.maxAnswerTokens,
        ...(signal ? { signal } : {}),
      })) {
        if (event.type === 'token') {
          clock.firstToken ??= performance.now();
          answer += event.text;
          yield { type: 'token', text: event.text };
        } else {
          usage = event.usage;
        }
      }
    } catch (err) {
      if (answer !== '' || signal?.aborted) throw err;
      const { code } = describeError(err);
      this.logger.warn({ code, model: llm.model }, 'LLM failed before answering; answering extractively');
      return false;
    }
    const notFound = answer.trim().startsWith(NOT_FOUND_ANSWER.slice(0, -1));
    const citations = notFound
      ? []
      : citedNumbers(answer)
          .map((n) => passages[n - 1])
          .filter((p): p is ContextPassage => p !== undefined)
          .map((p) => citationOf(p, p.n, p.startChar, p.endChar));
    yield { type: 'citations', citations };
    yield {
      type: 'done',
      mode: notFound ? 'not_found' : 'llm',
      model: llm.model,
      usage,
      timings: timings(clock),
      answer,
    };
    return true;
  }

  private async *extractive(
    question: string,
    passages: ContextPassage[],
    clock: AnswerClock,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<AnswerEvent> {
    const embedder = (await this.deps.embedder()) ?? ZERO_EMBEDDER;
    const result = await extractAnswer(
      question,
      passages.map((p) => ({
        citation: p.n,
        chunkId: p.chunkId,
        documentId: p.documentId,
        content: p.content,
        startChar: p.startChar,
        score: p.score,
      })),
      embedder,
      {
        maxSentences: this.options.maxSentences,
        minRelevance: this.options.minSentenceRelevance,
        ...(signal ? { signal } : {}),
      },
    );
    if (!result.relevant) {
      yield* notFoundAnswer(clock);
      return;
    }
    // Citations are numbered by first use, so an extractive answer reads [1], [2], … in order.
    const numbers = new Map<number, number>();
    const spans = new Map<number, { start: number; end: number }>();
    let answer = '';
    for (const sentence of result.sentences) {
      if (!numbers.has(sentence.citation)) numbers.set(sentence.citation, numbers.size + 1);
      const span = spans.get(sentence.citation);
      spans.set(sentence.citation, {
        start: Math.min(span?.start ?? Infinity, sentence.startChar),
        end: Math.max(span?.end ?? -Infinity, sentence.endChar),
      });
      const text = `${answer === '' ? '' : ' '}${sentence.text} [${numbers.get(sentence.citation)}]`;
      clock.firstToken ??= performance.now();
      answer += text;
      yield { type: 'token', text };
    }
    const citations = [...numbers].map(([passageN, n]) => {
      const passage = passages[passageN - 1]!;
      const span = spans.get(passageN)!;
      return citationOf(passage, n, span.start, span.end);
    });
    yield { type: 'citations', citations };
    yield { type: 'done', mode: 'extractive', model: null, usage: null, timings: timings(clock), answer };
  }

  /** Follow-ups ("and in 2020?") are rewritten into a standalone query when a model can do it. */
  private async standaloneQuery(
    question: string,
    history: Pick<ChatMessage, 'role' | 'content'>[],
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const llm = this.deps.llm;
    if (!llm || history.length === 0) return question;
    try {
      const { text } = await llm.complete({
        messages: rewriteMessages(question, history),
        temperature: 0,
        maxTokens: 100,
        ...(signal ? { signal } : {}),
      });
      const rewritten = text.trim().split('\n')[0]!.trim();
      return rewritten.length > 0 ? rewritten : question;
    } catch (err) {
      if (signal?.aborted) throw err;
      this.logger.warn(
        { code: describeError(err).code },
        'query rewrite failed; searching the question as asked',
      );
      return question;
    }
  }

  /** Whether the sources plausibly hold the answer: the question's words occur in them, or one is very close. */
  private relevantEnough(question: string, hits: SearchHit[], passages: ContextPassage[]): boolean {
    if (hits.some((h) => (h.scores.vector ?? 0) >= this.options.minVectorScore)) return true;
    const asked = new Set(contentTerms(question));
    if (asked.size === 0) return true;
    const found = new Set(passages.flatMap((p) => contentTerms(`${p.title ?? ''} ${p.content}`)));
    const covered = [...asked].filter((t) => found.has(t)).length;
    return covered / asked.size >= this.options.minTermCoverage;
  }
}
