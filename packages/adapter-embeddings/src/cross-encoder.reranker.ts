import path from 'node:path';
import type { RerankCandidate, Reranker, RerankResult } from '@sift/core';
import { CrossEncoderThread } from './cross-encoder-thread.js';
import { isLocalPath, type TransformersSource } from './transformers-setup.js';
import { batches } from './vector-math.js';

export { truncatePair, type PairEncoding } from './cross-encoder.scorer.js';

/** Options of {@link CrossEncoderReranker}. */
export interface CrossEncoderRerankerOptions extends TransformersSource {
  /**
   * Hugging Face id of an ONNX sequence-classification export (default `Xenova/ms-marco-MiniLM-L-6-v2`), looked
   * up as `<modelsDir>/<id>/…`, or the path of a local model directory.
   */
  model?: string;
  /**
   * (query, passage) pairs per inference call (default 8): a batch is padded to its longest pair, and a search
   * out of time stops between batches, so small batches keep to a budget more closely.
   */
  batchSize?: number;
  /** Tokens per pair (default: the tokenizer's `model_max_length`, else 512); longer pairs are cut. */
  maxLength?: number;
  /**
   * Whether scores are the sigmoid of the relevance logit, in (0, 1) (default true), or the raw logit. The
   * order is the same either way.
   */
  sigmoid?: boolean;
}

/** Default model of {@link CrossEncoderReranker}: MiniLM trained on MS MARCO passages, English, 1 logit. */
export const DEFAULT_CROSS_ENCODER_MODEL = 'Xenova/ms-marco-MiniLM-L-6-v2';

/**
 * A cross-encoder through transformers.js (ONNX Runtime on the CPU): it reads query and passage together and
 * outputs how relevant the passage is, which orders candidates better than comparing separate embeddings. The
 * model loads in a worker thread of its own on first use and stays loaded until {@link close}.
 *
 * Candidates are scored best-ranked first, in windows of two batches whose pairs are grouped by length (a
 * batch is padded to its longest pair). Given a `budgetMs`, it stops waiting when the budget runs out — the
 * first search may spend it loading the model — and returns only the candidates it scored; the caller keeps
 * the others in their incoming order. Throws `MODEL_MISSING` (system, permanent) when the model is neither
 * local nor downloadable, `MODEL_LOAD_FAILED` when its files are unusable or it is not a one- or two-label
 * classifier, `RERANK_FAILED` when inference fails.
 */
export class CrossEncoderReranker implements Reranker {
  readonly name: string;
  private readonly model: string;
  private readonly batchSize: number;
  private thread: CrossEncoderThread | null = null;

  constructor(private readonly options: CrossEncoderRerankerOptions) {
    this.model = options.model ?? DEFAULT_CROSS_ENCODER_MODEL;
    this.name = `cross-encoder:${isLocalPath(this.model) ? path.basename(path.resolve(this.model)) : this.model}`;
    this.batchSize = options.batchSize ?? 8;
    batches([], this.batchSize); // validates the size now rather than on the first search
  }

  async rerank(
    query: string,
    candidates: RerankCandidate[],
    options: { limit: number; signal?: AbortSignal; budgetMs?: number },
  ): Promise<RerankResult[]> {
    const { signal } = options;
    signal?.throwIfAborted();
    if (candidates.length === 0 || options.limit <= 0) return [];
    const deadline = options.budgetMs === undefined ? Infinity : performance.now() + options.budgetMs;
    const thread = this.started();
    const loaded = await within(
      thread.ready.catch((err: unknown) => {
        // The model may be put in place later: the next search starts a new thread and tries again.
        if (this.thread === thread) this.thread = null;
        throw err;
      }),
      deadline,
      signal,
    );
    const scored: { id: string; logit: number; rank: number }[] = [];
    // Given up on (out of time, search cancelled): a batch still queued in the thread is dropped there.
    const giveUp = new AbortController();
    try {
      for (const batch of loaded.done ? scoringOrder(candidates, this.batchSize) : []) {
        // ONNX Runtime cannot be interrupted mid-inference; a cancelled search stops between batches.
        signal?.throwIfAborted();
        const texts = batch.map(({ candidate }) => candidate.text);
        const logits = await within(thread.score(query, texts, giveUp.signal), deadline, signal);
        if (!logits.done) break;
        batch.forEach(({ candidate, rank }, i) =>
          scored.push({ id: candidate.id, logit: logits.value[i]!, rank }),
        );
      }
    } finally {
      giveUp.abort(new Error('the search stopped waiting for the cross-encoder'));
    }
    // Equally relevant candidates keep their incoming (fused) order.
    scored.sort((a, b) => b.logit - a.logit || a.rank - b.rank);
    const sigmoid = this.options.sigmoid ?? true;
    return scored
      .slice(0, options.limit)
      .map(({ id, logit }) => ({ id, score: sigmoid ? 1 / (1 + Math.exp(-logit)) : logit }));
  }

  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    await thread?.close();
  }

  private started(): CrossEncoderThread {
    if (!this.thread?.alive) {
      this.thread = new CrossEncoderThread({
        model: this.model,
        modelsDir: this.options.modelsDir,
        ...(this.options.allowRemoteModels !== undefined
          ? { allowRemoteModels: this.options.allowRemoteModels }
          : {}),
        ...(this.options.remoteHost ? { remoteHost: this.options.remoteHost } : {}),
        ...(this.options.connectTimeoutMs ? { connectTimeoutMs: this.options.connectTimeoutMs } : {}),
        ...(this.options.dtype ? { dtype: this.options.dtype } : {}),
        ...(this.options.maxLength ? { maxLength: this.options.maxLength } : {}),
      });
    }
    return this.thread;
  }
}

/**
 * The batches in the order they are scored: the best-ranked window of two batches first, so that a budget that
 * runs out leaves the top of the list reranked; inside a window, pairs of similar length share a batch, which
 * saves padding. Character length stands in for token length.
 */
export function scoringOrder<T extends { text: string }>(
  candidates: T[],
  batchSize: number,
): { candidate: T; rank: number }[][] {
  const ranked = candidates.map((candidate, rank) => ({ candidate, rank }));
  return batches(ranked, 2 * batchSize).flatMap((window) =>
    batches(
      window.sort((a, b) => a.candidate.text.length - b.candidate.text.length || a.rank - b.rank),
      batchSize,
    ),
  );
}

/** Waits for `promise` until `deadline` (a `performance.now()` time); rejects with the signal's reason. */
async function within<T>(
  promise: Promise<T>,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<{ done: true; value: T } | { done: false }> {
  signal?.throwIfAborted();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const contenders: Promise<{ done: true; value: T } | { done: false }>[] = [
    promise.then((value) => ({ done: true as const, value })),
  ];
  if (deadline !== Infinity) {
    contenders.push(
      new Promise((resolve) => {
        timer = setTimeout(() => resolve({ done: false }), Math.max(0, deadline - performance.now()));
      }),
    );
  }
  if (signal) {
    contenders.push(
      new Promise((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    );
  }
  try {
    return await Promise.race(contenders);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    // A promise left behind (out of time, aborted) may still reject; nobody waits for it any more.
    promise.catch(() => undefined);
  }
}
