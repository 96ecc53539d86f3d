import {
  AppError,
  runEvaluation,
  type BeirDataset,
  type HybridAlphaSource,
  type SearchMode,
} from '@sift/core';
import { createLogger, createRuntime, type SiftRuntime } from '@sift/runtime';
import type { Config } from '@sift/config';
import { table } from './output.js';

/** Which model answered a figure: the serving vector space and its model, or none (lexical only). */
export interface EvalEmbedder {
  model: string | null;
  space: string | null;
}

/** How a figure's hybrid fusion was done; null for lexical and semantic figures. */
export type EvalFusion =
  | { method: 'relative'; alpha: number; alpha_source: 'request' | 'config' | HybridAlphaSource }
  | { method: 'rrf'; vector_weight: number }
  | null;

/** One weight of a sweep and the nDCG@10 hybrid search reached with it. */
export interface AlphaScore {
  alpha: number;
  ndcg_at_10: number;
}

/** What `sift eval --tune` found. */
export interface AlphaTuning {
  space: string;
  /** The weight searches used before (`source` says who chose it). */
  current: { alpha: number; source: string };
  sweep: AlphaScore[];
  best: AlphaScore;
}

export async function evalEmbedder(runtime: SiftRuntime): Promise<EvalEmbedder> {
  const serving = await runtime.search.spaces.serving();
  return { model: serving?.model ?? null, space: serving?.space.id ?? null };
}

/** The fusion behind a mode's figure, as the search service resolves it for a request like eval's. */
export async function evalFusion(
  runtime: SiftRuntime,
  mode: SearchMode,
  opts: { alpha?: string; fusion?: 'rrf' | 'relative' },
): Promise<EvalFusion> {
  if (mode !== 'hybrid') return null;
  if (opts.alpha !== undefined)
    return { method: 'relative', alpha: Number(opts.alpha), alpha_source: 'request' };
  if ((opts.fusion ?? runtime.config.search.fusion) === 'rrf') {
    return { method: 'rrf', vector_weight: runtime.config.search.vectorWeight };
  }
  const { alpha, source } = await runtime.search.service.hybridAlpha();
  return { method: 'relative', alpha, alpha_source: source };
}

/** `α 0.30 (tuned)`, `rrf w 0.1`, or `-`. */
export function formatFusion(fusion: EvalFusion): string {
  if (!fusion) return '-';
  if (fusion.method === 'rrf') return `rrf w ${fusion.vector_weight}`;
  return `α ${fusion.alpha.toFixed(2)} (${fusion.alpha_source === 'config' ? 'SIFT_HYBRID_ALPHA' : fusion.alpha_source})`;
}

/** The sweep for humans: one row per weight, the best marked, and where it was stored (if it was). */
export function describeTuning(
  name: string,
  embedder: EvalEmbedder,
  tuning: AlphaTuning,
  appliedIn: string | null,
): string {
  const rows = tuning.sweep.map((s) => [
    s.alpha.toFixed(2),
    s.ndcg_at_10.toFixed(4),
    s.alpha === tuning.best.alpha ? '← best' : '',
  ]);
  return [
    `${name}: hybrid fusion weight for ${embedder.model ?? 'no embedder'} (${tuning.space}); ` +
      `searches use α ${tuning.current.alpha} (${tuning.current.source})`,
    table(['α', 'nDCG@10', ''], rows),
    appliedIn
      ? `Stored α ${tuning.best.alpha} on ${tuning.space} in ${appliedIn}.`
      : `Best α ${tuning.best.alpha}; \`--apply\` stores it on the serving space of SIFT_DATA_DIR.`,
  ].join('\n');
}

/** The coarse grid; the best of it is then refined by ±0.05. */
const GRID = Array.from({ length: 11 }, (_, i) => i / 10);

/**
 * Sweeps the relative-fusion weight on the dataset's judged queries (nDCG@10 of hybrid search, each query asked
 * with an explicit alpha through the real search service) and returns every figure and the best. Ties go to the
 * weight nearest the current one, so a flat curve does not move it.
 */
export async function tuneHybridAlpha(
  runtime: SiftRuntime,
  dataset: BeirDataset,
  search: (query: string, k: number, alpha: number) => Promise<string[]>,
  onProgress?: (done: number, total: number, label: string) => void,
): Promise<AlphaTuning> {
  const serving = await runtime.search.spaces.serving();
  if (!serving) {
    throw new AppError(
      'EVAL_TUNE_NO_VECTORS',
      'user',
      'no vector space can be queried here: there is no semantic leg to weigh (is SIFT_EMBEDDER=none?)',
    );
  }
  const current = await runtime.search.service.hybridAlpha();
  const scores = new Map<number, number>();
  const score = async (alpha: number) => {
    if (scores.has(alpha)) return;
    const result = await runEvaluation({
      dataset,
      mode: 'hybrid',
      k: 10,
      concurrency: 2,
      onProgress: ({ done, total }) => onProgress?.(done, total, `α ${alpha.toFixed(2)}`),
      search: (query, k) => search(query, k, alpha),
    });
    scores.set(alpha, result.ndcg_at_10);
  };
  for (const alpha of GRID) await score(alpha);
  const coarse = pickBest(scores, current.alpha);
  for (const alpha of [coarse.alpha - 0.05, coarse.alpha + 0.05]) {
    if (alpha > 0 && alpha < 1) await score(Math.round(alpha * 100) / 100);
  }
  const sweep = [...scores.entries()]
    .map(([alpha, ndcg]) => ({ alpha, ndcg_at_10: ndcg }))
    .sort((a, b) => a.alpha - b.alpha);
  return {
    space: serving.space.id,
    current: { alpha: current.alpha, source: current.source },
    sweep,
    best: pickBest(scores, current.alpha),
  };
}

function pickBest(scores: Map<number, number>, current: number): AlphaScore {
  let best: AlphaScore | null = null;
  for (const [alpha, ndcg] of scores) {
    const better =
      !best ||
      ndcg > best.ndcg_at_10 + 1e-12 ||
      (Math.abs(ndcg - best.ndcg_at_10) <= 1e-12 &&
        Math.abs(alpha - current) < Math.abs(best.alpha - current));
    if (better) best = { alpha, ndcg_at_10: ndcg };
  }
  return best!;
}

/**
 * Stores a tuned weight on the serving space of the configured data dir (the install being tuned for), after
 * checking that it serves the model the sweep ran with: a weight is only meaningful for its model. `current` is
 * reused when eval ran in that very data dir (`--data-dir` = SIFT_DATA_DIR).
 */
export async function applyHybridAlpha(
  config: Config,
  current: SiftRuntime,
  tuning: AlphaTuning,
  note: string,
): Promise<string> {
  const own = current.dataDir === config.dataDir;
  const runtime = own
    ? current
    : await createRuntime(config, {
        logger: createLogger({ ...config, log: { ...config.log, level: 'warn' } }, process.stderr),
      });
  try {
    // A fresh data dir serves the configured model's space from its first start; make that so now.
    if (runtime.search.spaces.enabled) await runtime.search.spaces.ensure();
    const profile = await runtime.search.spaces.servingProfile();
    if (profile?.spaceId !== tuning.space) {
      throw new AppError(
        'EVAL_TUNE_SPACE_MISMATCH',
        'conflict',
        `the weight was tuned for ${tuning.space}, but ${config.dataDir} serves ${profile?.spaceId ?? 'no space'}`,
        { details: { tuned: tuning.space, serving: profile?.spaceId ?? null } },
      );
    }
    await runtime.embeddings.setHybridAlpha(runtime.identity.operator(), {
      alpha: tuning.best.alpha,
      source: 'tuned',
      note,
    });
    return tuning.space;
  } finally {
    if (!own) await runtime.close();
  }
}
