import { AppError, isAppError } from '../errors.js';
import type { BeirDataset } from './beir-dataset.loader.js';
import { evaluateRun } from './ir-metrics.js';
import type { EvalMetrics } from './ir-metrics.js';

/** The system under test: document ids for a query, best first, at most k. */
export type EvalSearch = (query: string, k: number) => Promise<readonly string[]>;

/** Reported after each query is answered. */
export interface EvalProgress {
  done: number;
  total: number;
  queryId: string;
}

/** Input of {@link runEvaluation}. */
export interface RunEvaluationInput<Mode extends string> {
  /** The judged queries and their qrels; the corpus must already be searchable through `search`. */
  dataset: Pick<BeirDataset, 'queries' | 'qrels'>;
  search: EvalSearch;
  /** Results asked for per query. Default 100, the deepest cutoff reported (recall@100). */
  k?: number;
  /** Queries in flight at once. Default 4. */
  concurrency?: number;
  /** Which search mode produced the run (lexical, semantic, hybrid…); returned as given. */
  mode: Mode;
  onProgress?: (progress: EvalProgress) => void;
  /** See {@link evaluateRun}; default true, as BEIR. */
  ignoreIdenticalIds?: boolean;
}

/** The averaged metrics of a run and the mode that produced it. */
export interface EvaluationResult<Mode extends string> extends EvalMetrics {
  mode: Mode;
}

/**
 * Runs every judged query of a dataset through `search` (at most `concurrency` at a time) and scores the
 * run with {@link evaluateRun}. The first failure stops new queries from starting; queries already in flight
 * are awaited, then the failure is thrown.
 *
 * @throws AppError `EVAL_INVALID_OPTIONS` (k or concurrency not a positive integer), `EVAL_NO_QUERIES`,
 *   `EVAL_SEARCH_FAILED` (search threw something other than an AppError; `details.queryId`). An AppError
 *   thrown by `search` is rethrown unchanged.
 */
export async function runEvaluation<Mode extends string>(
  input: RunEvaluationInput<Mode>,
): Promise<EvaluationResult<Mode>> {
  const k = input.k ?? 100;
  const concurrency = input.concurrency ?? 4;
  requirePositiveInteger('k', k);
  requirePositiveInteger('concurrency', concurrency);
  const { queries, qrels } = input.dataset;
  if (qrels.size === 0) {
    throw new AppError('EVAL_NO_QUERIES', 'user', 'Nothing to evaluate: the dataset judges no query');
  }

  const pending = queries.entries();
  const run = new Map<string, readonly string[]>();
  const total = queries.size;
  let done = 0;
  let failure: { error: unknown } | undefined;

  const worker = async (): Promise<void> => {
    while (!failure) {
      const next = pending.next();
      if (next.done) return;
      const [queryId, text] = next.value;
      try {
        run.set(queryId, await searchOne(input.search, queryId, text, k));
        done += 1;
        input.onProgress?.({ done, total, queryId });
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(total, 1)) }, worker));
  if (failure) throw failure.error;

  const metrics = evaluateRun(run, qrels, { ignoreIdenticalIds: input.ignoreIdenticalIds });
  return { ...metrics, mode: input.mode };
}

async function searchOne(search: EvalSearch, queryId: string, text: string, k: number) {
  try {
    return await search(text, k);
  } catch (err) {
    if (isAppError(err)) throw err;
    throw new AppError(
      'EVAL_SEARCH_FAILED',
      'system',
      `Search failed for query ${queryId}: ${err instanceof Error ? err.message : String(err)}`,
      { details: { queryId }, cause: err },
    );
  }
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new AppError('EVAL_INVALID_OPTIONS', 'user', `${name} must be a positive integer, got ${value}`, {
      details: { [name]: value },
    });
  }
}
