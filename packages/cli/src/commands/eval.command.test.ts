import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSift, tempDirs } from '../testing/run-sift.js';

/** One mode's averaged metrics, as `sift eval --json` prints them. */
interface ModeResult {
  ndcg_at_10: number;
  recall_at_100: number;
  mrr_at_10: number;
  queries: number;
  mode: string;
  latency_ms: { p50: number; p95: number };
  warned: number;
}

interface EvalJson {
  dataset: string;
  split: string;
  documents: number;
  chunks: number;
  results: ModeResult[];
}

/** Task counts of `sift status --json`, the evidence of what a run enqueued in a data dir. */
interface StatusJson {
  blobs: { count: number };
  queues: Record<string, { succeeded: number; pending: number; failed: number }>;
}

const CORPUS = [
  ['d01', 'Honeybees', 'Honeybee colonies carry out pollination of orchards and wildflowers every spring.'],
  ['d02', 'Volcanoes', 'Basalt forms when volcanic lava cools quickly near the surface of the crust.'],
  // Holds the words of q3 many times in few words: BM25 ranks it above d04, the document judged relevant.
  [
    'd03',
    'Glacier moraine',
    'A glacier moraine is a ridge of debris: glacier after glacier leaves moraine upon moraine.',
  ],
  [
    'd04',
    'Alpine hiking',
    'The trail climbs past meadows, pine forests, a small lake, a stone hut, a waterfall and finally a glacier ' +
      'viewpoint where hikers rest, eat lunch, take photographs and watch the clouds over the distant moraine ' +
      'before walking back down to the village.',
  ],
  [
    'd05',
    'Australian marsupials',
    'Small marsupials of Rottnest Island are famous for photographs with tourists.',
  ],
  ['d06', 'Sourdough', 'Sourdough bread rises with a starter of wild yeast and lactobacilli.'],
  [
    'd07',
    'Chess openings',
    'The Sicilian defence answers the king pawn with a pawn on the queen bishop file.',
  ],
  ['d08', 'Tides', 'Tides follow the pull of the moon on the oceans twice a day.'],
  [
    'd09',
    'Compilers',
    'A compiler parses source code into a syntax tree before generating machine instructions.',
  ],
  ['d10', 'Violins', 'Stradivari varnished spruce and maple to give his violins their tone.'],
  ['d11', 'Coffee', 'Arabica beans are roasted until the sugars caramelise and the aroma develops.'],
  ['d12', 'Lighthouses', 'A Fresnel lens concentrates the lamp into a beam that sailors see for miles.'],
  // A blank record, as Cranfield has two: left out of the ingest and counted, not a failed run.
  ['d13', '', ' '],
];

const QUERIES = [
  ['q1', 'honeybee pollination'],
  ['q2', 'volcanic basalt lava'],
  ['q3', 'glacier moraine'],
  // No corpus document holds either word: lexical search returns nothing, and the query scores 0.
  ['q4', 'quokka xylophone'],
  // Not judged in the split: BEIR's loader leaves it out.
  ['q5', 'an unjudged question about tides'],
];

const QRELS = [
  ['q1', 'd01', '1'],
  ['q2', 'd02', '1'],
  ['q3', 'd04', '1'],
  ['q4', 'd05', '1'],
];

/**
 * The lexical run by hand: q1 and q2 find their document first (1, 1, 1); q3 finds d04 second, after d03
 * (nDCG 1/log2(3), recall 1, MRR 1/2); q4 finds nothing (0, 0, 0). Averaged over the 4 judged queries.
 */
const LEXICAL = {
  ndcg_at_10: (1 + 1 + 1 / Math.log2(3) + 0) / 4,
  recall_at_100: (1 + 1 + 1 + 0) / 4,
  mrr_at_10: (1 + 1 + 1 / 2 + 0) / 4,
  queries: 4,
};

async function writeDataset(dir: string): Promise<void> {
  const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  await mkdir(path.join(dir, 'qrels'), { recursive: true });
  await writeFile(
    path.join(dir, 'corpus.jsonl'),
    jsonl(CORPUS.map(([_id, title, text]) => ({ _id, title, text }))),
  );
  await writeFile(path.join(dir, 'queries.jsonl'), jsonl(QUERIES.map(([_id, text]) => ({ _id, text }))));
  await writeFile(
    path.join(dir, 'qrels', 'test.tsv'),
    ['query-id\tcorpus-id\tscore', ...QRELS.map((r) => r.join('\t'))].join('\n') + '\n',
  );
}

function succeededTasks(status: StatusJson): number {
  return Object.values(status.queues).reduce((sum, q) => sum + q.succeeded, 0);
}

/**
 * `sift eval` run as the real binary on a tiny BEIR-layout dataset built so the lexical figures can be worked
 * out by hand. Each run ingests through the real pipeline and loads the embedder: a generous timeout.
 */
describe('sift eval', { timeout: 120_000 }, () => {
  const dirs = tempDirs();
  let dataset: string;
  let dataDir: string;

  beforeAll(async () => {
    dataset = path.join(await dirs.make('sift-cli-eval-'), 'tiny-beir');
    await writeDataset(dataset);
    dataDir = await dirs.make('sift-cli-eval-data-');
  });
  afterAll(() => dirs.cleanup());

  it('scores lexical search as worked out by hand, then reuses a kept data dir for every mode', async () => {
    const kept = path.join(await dirs.make('sift-cli-eval-kept-'), 'index');
    const args = ['eval', '--dataset', dataset, '--split', 'test', '--data-dir', kept, '--json'];

    const first = await runSift([...args, '--mode', 'lexical'], dataDir);

    expect(first.code, first.stderr).toBe(0);
    const lexical = JSON.parse(first.stdout) as EvalJson & ModeResult;
    expect(lexical).toMatchObject({ dataset: 'tiny-beir', split: 'test', documents: 12, mode: 'lexical' });
    expect(lexical.ndcg_at_10).toBeCloseTo(LEXICAL.ndcg_at_10, 10);
    expect(lexical.recall_at_100).toBe(LEXICAL.recall_at_100);
    expect(lexical.mrr_at_10).toBe(LEXICAL.mrr_at_10);
    expect(lexical.queries).toBe(LEXICAL.queries);
    expect(lexical.results).toEqual([expect.objectContaining({ ...LEXICAL, mode: 'lexical' })]);
    expect(lexical.chunks).toBeGreaterThanOrEqual(12);

    const statusAfterFirst = JSON.parse((await runSift(['status', '--json'], kept)).stdout) as StatusJson;
    expect(statusAfterFirst.blobs.count).toBe(12);
    expect(succeededTasks(statusAfterFirst)).toBe(12);

    const second = await runSift([...args, '--mode', 'all'], dataDir);

    expect(second.code, second.stderr).toBe(0);
    const all = JSON.parse(second.stdout) as EvalJson;
    expect(all).toMatchObject({ documents: 12, chunks: lexical.chunks });
    expect(all.results.map((r) => r.mode)).toEqual(['lexical', 'semantic', 'hybrid']);
    // The same index answers the same lexical queries the same way.
    expect(all.results[0]).toMatchObject(LEXICAL);
    for (const result of all.results) {
      expect(result.queries).toBe(4);
      // Search time per query, and no warnings (nothing limited these answers).
      expect(result).toMatchObject({ warned: 0, warnings: [] });
      expect(result.latency_ms.p95).toBeGreaterThanOrEqual(result.latency_ms.p50);
      for (const metric of [result.ndcg_at_10, result.recall_at_100, result.mrr_at_10]) {
        expect(metric).toBeGreaterThanOrEqual(0);
        expect(metric).toBeLessThanOrEqual(1);
      }
    }
    // Vector search ranks every chunk, and 12 documents fit in the top 100: nothing judged is missed.
    expect(all.results[1]!.recall_at_100).toBe(1);

    // Nothing was ingested again: no new blob, no new ingest task in the kept dir.
    const statusAfterSecond = JSON.parse((await runSift(['status', '--json'], kept)).stdout) as StatusJson;
    expect(statusAfterSecond.blobs.count).toBe(12);
    expect(succeededTasks(statusAfterSecond)).toBe(12);
    // eval builds its own index: nothing landed in the configured SIFT_DATA_DIR.
    const configured = JSON.parse((await runSift(['status', '--json'], dataDir)).stdout) as StatusJson;
    expect(configured.blobs.count).toBe(0);
  });

  it('prints a table for humans for a comma list of modes in a temporary data dir', async () => {
    const run = await runSift(['eval', '--dataset', dataset, '--mode', 'lexical,semantic'], dataDir);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^tiny-beir \(test\): 12 documents, \d+ chunks, 4 judged queries; ingest [\d.]+ s\n/,
    );
    const lines = run.stdout.trimEnd().split('\n');
    // Which model produced the figures, and (for hybrid) with which fusion weight.
    expect(lines[1]).toMatch(/^embedder \S+ \(\S+@\d+\)$/);
    expect(lines[2]).toMatch(/^mode\s+nDCG@10\s+Recall@100\s+MRR@10\s+queries\s+s\s+ms p50\/p95\s+fusion$/);
    expect(lines[3]).toMatch(/^lexical\s+0\.6577\s+0\.7500\s+0\.6250\s+4\s+[\d.]+\s+\d+\/\d+\s+-$/);
    expect(lines[4]).toMatch(/^semantic\s+[\d.]+\s+1\.0000\s+[\d.]+\s+4\s+[\d.]+\s+\d+\/\d+\s+-$/);
    expect(lines).toHaveLength(5);
    expect(run.stderr).toContain('ingested 12 documents');
    expect(run.stderr).toContain('left out 1 corpus document(s) without text');
  });

  it('sweeps the hybrid fusion weight, picks the best, stores it with --apply, and later figures name it', async () => {
    const install = await dirs.make('sift-cli-eval-install-');
    // The bundled model: no download attempt, and its preset weight (0.1) is known.
    const env = { SIFT_EMBEDDER: 'use-lite' };
    const tune = await runSift(
      ['eval', '--dataset', dataset, '--tune', '--apply', '--json'],
      install,
      90_000,
      env,
    );

    expect(tune.code, tune.stderr).toBe(0);
    const tuning = JSON.parse(tune.stdout) as {
      dataset: string;
      embedder: { model: string; space: string };
      sweep: { alpha: number; ndcg_at_10: number }[];
      best: { alpha: number; ndcg_at_10: number };
      current: { alpha: number; source: string };
      applied_to: string;
    };
    expect(tuning.dataset).toBe('tiny-beir/test');
    const alphas = tuning.sweep.map((s) => s.alpha);
    for (const alpha of [0, 0.1, 0.5, 0.9, 1]) expect(alphas).toContain(alpha);
    // The best weight scores what its row says, and no weight of the sweep scores more.
    const top = Math.max(...tuning.sweep.map((s) => s.ndcg_at_10));
    expect(tuning.best.ndcg_at_10).toBe(top);
    expect(tuning.sweep.find((s) => s.alpha === tuning.best.alpha)!.ndcg_at_10).toBe(top);
    // Among equal best scores, the weight nearest the one searches use now: a flat curve does not move it.
    const nearest = tuning.sweep
      .filter((s) => s.ndcg_at_10 === top)
      .sort(
        (a, b) => Math.abs(a.alpha - tuning.current.alpha) - Math.abs(b.alpha - tuning.current.alpha),
      )[0]!;
    expect(tuning.best.alpha).toBe(nearest.alpha);
    expect(tuning.applied_to).toBe(tuning.embedder.space);
    expect(tuning.current).toEqual({ alpha: 0.1, source: 'preset' });

    const status = await runSift(['embeddings', 'status', '--json'], install, 90_000, env);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      serving: tuning.embedder.space,
      profile: {
        hybridAlpha: tuning.best.alpha,
        alphaSource: 'tuned',
        note: expect.stringMatching(/^tiny-beir\/test nDCG@10 \d\.\d{4}$/),
      },
    });

    // Evaluating in the install's own data dir: the hybrid figure says it used the tuned weight.
    const hybrid = await runSift(
      ['eval', '--dataset', dataset, '--data-dir', install, '--mode', 'hybrid', '--json'],
      install,
      90_000,
      env,
    );
    expect(hybrid.code, hybrid.stderr).toBe(0);
    const report = JSON.parse(hybrid.stdout) as {
      embedder: { model: string };
      fusion: unknown;
      ndcg_at_10: number;
    };
    expect(report.embedder.model).toBe(tuning.embedder.model);
    expect(report.fusion).toEqual({ method: 'relative', alpha: tuning.best.alpha, alpha_source: 'tuned' });
    expect(report.ndcg_at_10).toBeCloseTo(top, 10);
  });

  it('refuses a missing dataset, a missing split and an unknown mode with stable codes and exit 2', async () => {
    const missing = path.join(dataset, '..', 'no-such-dataset');
    const [noDataset, noSplit, badMode] = await Promise.all([
      runSift(['eval', '--dataset', missing, '--json'], dataDir),
      runSift(['eval', '--dataset', dataset, '--split', 'dev', '--json'], dataDir),
      runSift(['eval', '--dataset', dataset, '--mode', 'bogus', '--json'], dataDir),
    ]);

    expect(noDataset.code).toBe(2);
    expect(noDataset.stdout).toBe('');
    expect(noDataset.stderr).toContain('[DATASET_NOT_FOUND]');
    expect(noDataset.stderr).toContain(path.resolve(missing));

    expect(noSplit.code).toBe(2);
    expect(noSplit.stdout).toBe('');
    expect(noSplit.stderr).toContain('[DATASET_SPLIT_MISSING]');
    expect(noSplit.stderr).toContain('splits present: test');

    expect(badMode.code).toBe(2);
    expect(badMode.stdout).toBe('');
    expect(badMode.stderr).toContain('[EVAL_MODE_INVALID]');
    expect(badMode.stderr).toContain('"bogus"');
  });
});
