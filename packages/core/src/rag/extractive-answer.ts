import { AppError } from '../errors.js';
import type { Embedder } from '../ports/embedder.port.js';
import { contentTerms, lexicalRelevance, termCosine } from './lexical-relevance.js';
import { splitSentences, type SentenceSpan } from './sentence-splitter.js';

/** A retrieved chunk offered to the extractive answerer. */
export interface AnswerPassage {
  /** The number the answer cites it by ([1], [2], …). */
  citation: number;
  chunkId: string;
  documentId: string;
  content: string;
  /** Offset of content[0] in the document's text. */
  startChar: number;
  /** The retrieval score, best first. */
  score: number;
}

/** One sentence of an extractive answer, with the passage it cites and its place in the document. */
export interface AnswerSentence {
  citation: number;
  chunkId: string;
  documentId: string;
  text: string;
  /** Document-level offsets: `documentText.slice(startChar, endChar) === text`. */
  startChar: number;
  endChar: number;
  /** Its relevance to the question, 0..1 (see {@link extractAnswer}). */
  score: number;
}

/** Tuning of {@link extractAnswer}. */
export interface ExtractiveOptions {
  /** Most sentences in the answer (default 4). */
  maxSentences?: number;
  /**
   * MMR weight of relevance against novelty, 0..1 (default 0.7; 1 ranks by relevance alone). Near-duplicates
   * are never picked twice, whatever it is.
   */
  lambda?: number;
  /** Sentences less relevant than this, 0..1, are never picked (default 0.2). */
  minRelevance?: number;
  /** Most sentences embedded per answer (default 256); beyond it the lexically weakest are dropped. */
  maxCandidates?: number;
  /** How much the passage's retrieval rank weighs, 0..1 (default 0.1): relevance × (1 − w + w / (1 + rank)). */
  rankPrior?: number;
  signal?: AbortSignal;
}

/** What {@link extractAnswer} found: `relevant` is false (no sentences) when nothing answers the question. */
export interface ExtractiveAnswer {
  sentences: AnswerSentence[];
  relevant: boolean;
}

const DEFAULTS = { maxSentences: 4, lambda: 0.7, minRelevance: 0.2, maxCandidates: 256, rankPrior: 0.1 };
const MIN_WORDS = 4;
const MAX_HEADING_WORDS = 12;
// Cosine similarities of sentence embedders (USE-lite, MiniLM) rarely fall below ~0.15 even for unrelated
// text and rarely exceed ~0.75 for a paraphrase; this range is stretched to 0..1.
const COSINE_FLOOR = 0.15;
const COSINE_CEILING = 0.75;
const SEMANTIC_WEIGHT = 0.5;
// Padding an answer with sentences far weaker than its best one dilutes it.
const RELATIVE_FLOOR = 0.5;
// Two sentences this similar (in embedding or in words) say the same thing: the second is never picked.
const DUPLICATE_SIMILARITY = 0.8;

interface Candidate {
  passage: AnswerPassage;
  start: number;
  end: number;
  text: string;
  terms: string[];
  prior: number;
  lexical: number;
}

/**
 * Answers a question with sentences of the retrieved passages (the chat's extractive mode, used without an
 * LLM). Each passage is split into sentences (fragments under 4 words, headings and sentences cut off by the
 * chunk boundary are skipped); the question is embedded as a query and all sentences as passages in one call.
 * Then
 *   relevance = (0.5 · semantic + 0.5 · lexical) · (0.9 + 0.1 / (1 + rank))
 * where semantic = clamp((cos − 0.15) / 0.6, 0, 1) of the question and sentence vectors, lexical is the
 * BM25-style coverage of the question's terms ({@link lexicalRelevance}), and rank is the passage's place by
 * retrieval score (0 = best). A question without content words uses semantic alone. Sentences are then chosen
 * by MMR — λ · relevance − (1 − λ) · max similarity to those already chosen, similarity being the larger of
 * the embedding cosine and the word cosine — among those at least `minRelevance` and half the best relevance,
 * never taking a near-duplicate (similarity ≥ 0.8), up to `maxSentences`. They are returned in reading order:
 * by citation, then position. `relevant` is false when no sentence clears `minRelevance` or nothing could be
 * embedded (empty question or passages). Throws `EXTRACTIVE_OPTIONS_INVALID` (user) for out-of-range options,
 * `EMBEDDER_BAD_RESPONSE` (third_party, permanent) when the embedder returns the wrong vectors, the
 * embedder's own errors, and the signal's reason once it is aborted.
 */
export async function extractAnswer(
  question: string,
  passages: AnswerPassage[],
  embedder: Embedder,
  options: ExtractiveOptions = {},
): Promise<ExtractiveAnswer> {
  const settings = resolveOptions(options);
  const { signal } = options;
  signal?.throwIfAborted();
  const nothing: ExtractiveAnswer = { sentences: [], relevant: false };
  const queryTerms = contentTerms(question);
  let candidates = collectCandidates(passages);
  if (question.trim() === '' || candidates.length === 0) return nothing;

  const lexical = lexicalRelevance(
    queryTerms,
    candidates.map((c) => c.terms),
  );
  candidates.forEach((c, i) => (c.lexical = lexical[i]!));
  if (candidates.length > settings.maxCandidates) {
    candidates = [...candidates]
      .sort((a, b) => b.lexical * b.prior - a.lexical * a.prior)
      .slice(0, settings.maxCandidates);
  }

  const texts = candidates.map((c) => c.text);
  const [queryVectors, vectors] = await Promise.all([
    embedder.embed([question], { kind: 'query', signal }),
    embedder.embed(texts, { kind: 'passage', signal }),
  ]);
  signal?.throwIfAborted();
  const queryVector = checkVectors(queryVectors, 1)[0]!;
  checkVectors(vectors, texts.length, queryVector.length);

  const relevance = candidates.map((c, i) => {
    const semantic = clamp01(
      (dot(queryVector, vectors[i]!) - COSINE_FLOOR) / (COSINE_CEILING - COSINE_FLOOR),
    );
    const content =
      queryTerms.length === 0 ? semantic : SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * c.lexical;
    return content * (1 - settings.rankPrior + settings.rankPrior * c.prior);
  });
  const best = Math.max(...relevance);
  if (best === 0 || best < settings.minRelevance) return nothing;

  const floor = Math.max(settings.minRelevance, RELATIVE_FLOOR * best);
  const similarity = (i: number, j: number) =>
    Math.max(dot(vectors[i]!, vectors[j]!), termCosine(candidates[i]!.terms, candidates[j]!.terms));
  const sentences = selectByMmr(relevance, similarity, floor, settings)
    .map((i): AnswerSentence => {
      const { passage, start, end, text } = candidates[i]!;
      const { citation, chunkId, documentId } = passage;
      const startChar = passage.startChar + start;
      return {
        citation,
        chunkId,
        documentId,
        text,
        startChar,
        endChar: passage.startChar + end,
        score: relevance[i]!,
      };
    })
    .sort((a, b) => a.citation - b.citation || a.startChar - b.startChar);
  return { sentences, relevant: true };
}

/**
 * Maximal marginal relevance over the candidates at or above `floor`: repeatedly takes the one with the best
 * λ · relevance − (1 − λ) · (its highest similarity to those taken), dropping any whose similarity to a taken
 * one reaches DUPLICATE_SIMILARITY. Returns candidate indexes in the order taken.
 */
function selectByMmr(
  relevance: number[],
  similarity: (i: number, j: number) => number,
  floor: number,
  { lambda, maxSentences }: { lambda: number; maxSentences: number },
): number[] {
  const eligible = new Set([...relevance.keys()].filter((i) => relevance[i]! >= floor));
  const redundancy = new Map<number, number>();
  const selected: number[] = [];
  while (selected.length < maxSentences && eligible.size > 0) {
    let pick = -1;
    let pickScore = -Infinity;
    for (const i of eligible) {
      const score = lambda * relevance[i]! - (1 - lambda) * (redundancy.get(i) ?? 0);
      if (score > pickScore) [pick, pickScore] = [i, score];
    }
    selected.push(pick);
    eligible.delete(pick);
    for (const i of eligible) {
      const sim = similarity(i, pick);
      if (sim >= DUPLICATE_SIMILARITY) eligible.delete(i);
      else redundancy.set(i, Math.max(redundancy.get(i) ?? 0, sim));
    }
  }
  return selected;
}

function resolveOptions(options: ExtractiveOptions): typeof DEFAULTS {
  const settings = {
    maxSentences: options.maxSentences ?? DEFAULTS.maxSentences,
    lambda: options.lambda ?? DEFAULTS.lambda,
    minRelevance: options.minRelevance ?? DEFAULTS.minRelevance,
    maxCandidates: options.maxCandidates ?? DEFAULTS.maxCandidates,
    rankPrior: options.rankPrior ?? DEFAULTS.rankPrior,
  };
  const invalid = (field: string, rule: string) =>
    new AppError('EXTRACTIVE_OPTIONS_INVALID', 'user', `${field} must be ${rule}`, {
      details: { field, value: settings[field as keyof typeof settings] },
    });
  if (!Number.isInteger(settings.maxSentences) || settings.maxSentences < 1)
    throw invalid('maxSentences', 'a positive integer');
  if (!Number.isInteger(settings.maxCandidates) || settings.maxCandidates < 1)
    throw invalid('maxCandidates', 'a positive integer');
  if (!(settings.lambda >= 0 && settings.lambda <= 1)) throw invalid('lambda', 'between 0 and 1');
  if (!(settings.minRelevance >= 0 && settings.minRelevance <= 1))
    throw invalid('minRelevance', 'between 0 and 1');
  if (!(settings.rankPrior >= 0 && settings.rankPrior <= 1)) throw invalid('rankPrior', 'between 0 and 1');
  return settings;
}

/** Every usable sentence of the passages; one that overlapping chunks share is kept once, from the best. */
function collectCandidates(passages: AnswerPassage[]): Candidate[] {
  const byRank = passages
    .map((passage, order) => ({ passage, order }))
    .sort((a, b) => b.passage.score - a.passage.score || a.order - b.order);
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  byRank.forEach(({ passage }, rank) => {
    const spans = splitSentences(passage.content);
    spans.forEach((span, k) => {
      const text = passage.content.slice(span.start, span.end);
      const key = `${passage.documentId}\0${passage.startChar + span.start}\0${passage.startChar + span.end}`;
      if (seen.has(key) || !usable(passage, span, text, k === 0, k === spans.length - 1)) return;
      seen.add(key);
      const terms = contentTerms(text);
      candidates.push({
        passage,
        start: span.start,
        end: span.end,
        text,
        terms,
        prior: 1 / (1 + rank),
        lexical: 0,
      });
    });
  });
  return candidates;
}

const TERMINAL = /[.!?…]["')\]}»”’]*$/;
const LIST_ITEM = /^(?:[-*+•▪◦]|\d{1,3}[.)]|[a-z][.)])\s/i;

/** Whether a sentence can stand in an answer: no fragment, heading, table row or piece cut by the chunker. */
function usable(
  passage: AnswerPassage,
  span: SentenceSpan,
  text: string,
  first: boolean,
  last: boolean,
): boolean {
  const { content } = passage;
  const words = text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  if (words < MIN_WORDS || text.startsWith('#') || text.startsWith('|')) return false;
  // Chunks start and end at word boundaries, not sentence ones (their overlap starts mid-sentence): a
  // lower-case opening inside a document, or no closing punctuation at the very end, means the sentence was
  // cut.
  if (first && passage.startChar + span.start > 0 && /^\p{Ll}/u.test(text)) return false;
  const punctuated = TERMINAL.test(text) || text.endsWith(':');
  const listItem = LIST_ITEM.test(text);
  if (last && span.end === content.trimEnd().length && !punctuated && !listItem) return false;
  // A short unpunctuated line of its own is a heading (or a caption), not an answer; list items are answers.
  const ownLine = lineBoundary(content, span.start, -1) && lineBoundary(content, span.end, 1);
  return !(ownLine && !punctuated && words <= MAX_HEADING_WORDS && !listItem);
}

/** Whether only spaces or tabs lie between `at` and the line's edge, backwards (-1) or forwards (1). */
function lineBoundary(content: string, at: number, direction: -1 | 1): boolean {
  let i = direction < 0 ? at - 1 : at;
  while (content[i] === ' ' || content[i] === '\t') i += direction;
  return i < 0 || i >= content.length || content[i] === '\n' || content[i] === '\r';
}

function checkVectors(vectors: Float32Array[], count: number, dimensions?: number): Float32Array[] {
  const wrong =
    vectors.length !== count ||
    vectors.some((v) => v.length !== (dimensions ?? vectors[0]?.length) || v.length === 0);
  if (wrong) {
    throw new AppError('EMBEDDER_BAD_RESPONSE', 'third_party', 'the embedder returned the wrong vectors', {
      details: { expected: count, received: vectors.length },
      retryable: false,
    });
  }
  return vectors;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
