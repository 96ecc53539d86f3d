import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { runEvaluation } from './eval.service.js';
import type { EvalProgress, EvalSearch } from './eval.service.js';
import type { Qrels } from './ir-metrics.js';

// Five queries q0..q4, each with one relevant document r<i>.
const ids = ['q0', 'q1', 'q2', 'q3', 'q4'];
const dataset = {
  queries: new Map(ids.map((id) => [id, `text of ${id}`])),
  qrels: new Map(ids.map((id) => [id, new Map([[`r${id.slice(1)}`, 1]])])) as Qrels,
};

/** A search that answers "text of q<i>" from a table, after yielding to the event loop a few times. */
function tableSearch(table: Record<string, string[]>): EvalSearch {
  return async (query) => {
    for (let i = 0; i < 3; i += 1) await Promise.resolve();
    return table[query.replace('text of ', '')] ?? [];
  };
}

describe('runEvaluation', () => {
  it('scores every judged query through search and passes the mode through', async () => {
    // q0: relevant at rank 1 → (1, 1, 1); q1: relevant at rank 2 → nDCG 1/log2(3) = 0.6309298, recall 1,
    // MRR 1/2; q2 relevant at rank 11 → nDCG 0, recall 1, MRR 0; q3 nothing relevant, q4 no results → 0.
    // means: nDCG (1 + 0.6309298) / 5 = 0.3261860, recall 3/5 = 0.6, MRR 1.5/5 = 0.3
    const search = tableSearch({
      q0: ['r0', 'x'],
      q1: ['x', 'r1'],
      q2: [...Array.from({ length: 10 }, (_, i) => `x${i}`), 'r2'],
      q3: ['x', 'y'],
    });
    const result = await runEvaluation({ dataset, search, mode: 'lexical' });
    expect(result.mode).toBe('lexical');
    expect(result.queries).toBe(5);
    expect(result.ndcg_at_10).toBeCloseTo(0.326186, 6);
    expect(result.recall_at_100).toBeCloseTo(0.6, 12);
    expect(result.mrr_at_10).toBeCloseTo(0.3, 12);
  });

  it('asks search for k results per query, 100 by default', async () => {
    const asked: number[] = [];
    const search: EvalSearch = async (_query, k) => {
      asked.push(k);
      return [];
    };
    await runEvaluation({ dataset, search, mode: 'semantic' });
    await runEvaluation({ dataset, search, mode: 'semantic', k: 10 });
    expect(asked).toEqual([...Array(5).fill(100), ...Array(5).fill(10)]);
  });

  it('keeps at most `concurrency` searches in flight (4 by default)', async () => {
    const peakInFlight = async (concurrency?: number) => {
      let inFlight = 0;
      let peak = 0;
      const search: EvalSearch = async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        for (let i = 0; i < 5; i += 1) await Promise.resolve();
        inFlight -= 1;
        return [];
      };
      await runEvaluation({ dataset, search, mode: 'hybrid', concurrency });
      return peak;
    };
    expect(await peakInFlight()).toBe(4);
    expect(await peakInFlight(2)).toBe(2);
    expect(await peakInFlight(1)).toBe(1);
    expect(await peakInFlight(50)).toBe(5);
  });

  it('reports progress after each answered query', async () => {
    const progress: EvalProgress[] = [];
    await runEvaluation({
      dataset,
      search: tableSearch({}),
      mode: 'lexical',
      concurrency: 1,
      onProgress: (p) => progress.push(p),
    });
    expect(progress).toEqual(ids.map((queryId, i) => ({ done: i + 1, total: 5, queryId })));
  });

  it('wraps a failing search as EVAL_SEARCH_FAILED naming the query, then starts no more queries', async () => {
    const started: string[] = [];
    const cause = new Error('index unavailable');
    const search: EvalSearch = async (query) => {
      started.push(query);
      if (query === 'text of q1') throw cause;
      return [];
    };
    const err = await runEvaluation({ dataset, search, mode: 'lexical', concurrency: 1 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'EVAL_SEARCH_FAILED',
      category: 'system',
      details: { queryId: 'q1' },
      cause,
    });
    expect((err as AppError).message).toContain('index unavailable');
    expect(started).toEqual(['text of q0', 'text of q1']);
  });

  it('rethrows an AppError from search unchanged', async () => {
    const original = new AppError('SEARCH_INDEX_EMPTY', 'user', 'Nothing is indexed yet');
    const search: EvalSearch = async () => {
      throw original;
    };
    await expect(runEvaluation({ dataset, search, mode: 'lexical' })).rejects.toBe(original);
  });

  it.each([
    ['k', { k: 0 }],
    ['k', { k: 1.5 }],
    ['concurrency', { concurrency: 0 }],
    ['concurrency', { concurrency: Number.NaN }],
  ])('refuses a %s that is not a positive integer', async (name, options) => {
    const err = await runEvaluation({ dataset, search: tableSearch({}), mode: 'lexical', ...options }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'EVAL_INVALID_OPTIONS', category: 'user' });
    expect((err as AppError).details).toHaveProperty(name);
  });

  it('refuses a dataset that judges no query', async () => {
    const empty = { queries: new Map<string, string>(), qrels: new Map() as Qrels };
    await expect(
      runEvaluation({ dataset: empty, search: tableSearch({}), mode: 'lexical' }),
    ).rejects.toMatchObject({
      code: 'EVAL_NO_QUERIES',
    });
  });
});
