import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { withDataDir } from '@sift/config';
import {
  AppError,
  LOCAL_USER_ID,
  loadBeirDataset,
  runEvaluation,
  type BeirDataset,
  type EvaluationResult,
  type SearchMode,
} from '@sift/core';
import { createLogger, createRuntime, type SiftRuntime } from '@sift/runtime';
import type { CliContext } from '../main.js';
import { createOutput, table, type Output } from '../output.js';
import { createProgress } from '../progress.js';
import { evaluateAnswers } from '../answer-eval.js';
import { waitForDocuments } from '../wait-for-documents.js';
import {
  applyHybridAlpha,
  describeTuning,
  evalEmbedder,
  evalFusion,
  formatFusion,
  tuneHybridAlpha,
  type EvalFusion,
} from '../eval-fusion.js';

interface EvalOptions {
  dataset: string;
  split: string;
  mode: string;
  rerank?: string;
  alpha?: string;
  fusion?: 'rrf' | 'relative';
  dataDir?: string;
  answers?: string;
  absent?: string;
  tune?: boolean;
  apply?: boolean;
  json?: boolean;
}

const MODES: SearchMode[] = ['lexical', 'semantic', 'hybrid'];
const COLLECTION = 'eval';

/**
 * `sift eval`: ingests a BEIR-layout dataset through the real pipeline into a temporary data dir (or a kept
 * one, reused when already filled) and prints nDCG@10, Recall@100 and MRR@10 per search mode.
 */
export function registerEvalCommand(program: Command, ctx: CliContext): void {
  program
    .command('eval')
    .description('measure retrieval quality on a BEIR-layout dataset (corpus.jsonl, queries.jsonl, qrels/)')
    .requiredOption('-d, --dataset <dir>', 'dataset directory')
    .option('-s, --split <name>', 'qrels split', 'test')
    .option('-m, --mode <modes>', 'lexical, semantic, hybrid, a comma list, or all', 'hybrid')
    .option('--rerank <name>', 'rerank with mmr, cross-encoder or llm')
    .option('--fusion <f>', 'hybrid fusion: rrf or relative')
    .option('--alpha <a>', 'vector weight of relative fusion (0 lexical … 1 vector)')
    .option('--data-dir <dir>', 'keep the ingested index here and reuse it next time')
    .option('--answers <n>', 'also answer the first n judged questions and check their citations')
    .option('--absent <file>', 'with --answers: questions the corpus cannot answer, one a line')
    .option(
      '--tune',
      'sweep the hybrid fusion weight (0 lexical … 1 vector) and print the best (--mode ignored)',
    )
    .option('--apply', 'with --tune: store the best weight on the serving space of the configured data dir')
    .option('--json', 'print JSON')
    .action(async (opts: EvalOptions) => {
      const out = createOutput(Boolean(opts.json));
      const modes = parseModes(opts.mode);
      const dataset = await loadBeirDataset(opts.dataset, opts.split);
      const dataDir = opts.dataDir
        ? path.resolve(opts.dataDir)
        : await mkdtemp(path.join(tmpdir(), 'sift-eval-'));
      const base = ctx.config();
      const config = { ...withDataDir(base, dataDir), log: { ...base.log, level: 'warn' as const } };
      const runtime = await createRuntime(config, { logger: createLogger(config, process.stderr) });
      try {
        const ingest = await ingestCorpus(runtime, dataset, out);
        const embedder = await evalEmbedder(runtime);
        if (opts.tune) {
          const bar = createProgress(out, 'tune');
          const tuning = await tuneHybridAlpha(
            runtime,
            dataset,
            (query, k, alpha) =>
              searchIds(runtime, ingest.beirIdOf, query, k, 'hybrid', { ...opts, alpha: `${alpha}` }),
            (done, total, label) => bar.update(done, total, label),
          );
          bar.stop();
          const name = `${path.basename(path.resolve(opts.dataset))}/${opts.split}`;
          const applied = opts.apply
            ? await applyHybridAlpha(base, runtime, tuning, `${name} nDCG@10 ${r4(tuning.best.ndcg_at_10)}`)
            : null;
          out.result({ dataset: name, embedder, ...tuning, applied_to: applied }, () =>
            describeTuning(name, embedder, tuning, applied && base.dataDir),
          );
          return;
        }
        const results: (EvaluationResult<SearchMode> & {
          seconds: number;
          fusion: EvalFusion;
        } & LatencySummary)[] = [];
        const answerBar = createProgress(out, 'answers');
        for (const mode of modes) {
          const bar = createProgress(out, mode);
          const latency = new LatencyLog();
          const started = performance.now();
          const metrics = await runEvaluation({
            dataset,
            mode,
            k: 100,
            concurrency: 2,
            onProgress: ({ done, total }) => bar.update(done, total),
            search: (query, k) => searchIds(runtime, ingest.beirIdOf, query, k, mode, opts, latency),
          });
          bar.stop();
          const seconds = (performance.now() - started) / 1000;
          const fusion = await evalFusion(runtime, mode, opts);
          results.push({ ...metrics, seconds: Math.round(seconds * 10) / 10, fusion, ...latency.summary() });
        }
        const answers = opts.answers
          ? await evaluateAnswers(runtime, dataset, ingest.beirIdOf, {
              limit: Math.max(1, Number.parseInt(opts.answers, 10) || 1),
              absent: opts.absent ? await readLines(opts.absent) : [],
              onProgress: (done, total) => answerBar.update(done, total),
            })
          : null;
        answerBar.stop();
        const report = {
          dataset: path.basename(path.resolve(opts.dataset)),
          split: opts.split,
          documents: ingest.beirIdOf.size,
          chunks: ingest.chunks,
          ingest_seconds: ingest.seconds,
          embedder,
          results,
          ...(answers && { answers }),
        };
        out.result(modes.length === 1 ? { ...report, ...results[0] } : report, () =>
          [
            `${report.dataset} (${opts.split}): ${report.documents} documents, ${report.chunks} chunks, ` +
              `${dataset.qrels.size} judged queries; ingest ${report.ingest_seconds} s`,
            `embedder ${embedder.model ?? 'none'} (${embedder.space ?? 'no vector space'})`,
            table(
              ['mode', 'nDCG@10', 'Recall@100', 'MRR@10', 'queries', 's', 'ms p50/p95', 'fusion'],
              results.map((r) => [
                r.mode,
                r4(r.ndcg_at_10),
                r4(r.recall_at_100),
                r4(r.mrr_at_10),
                r.queries,
                r.seconds,
                `${r.latency_ms.p50}/${r.latency_ms.p95}`,
                formatFusion(r.fusion),
              ]),
            ),
            ...results
              .filter((r) => r.warned > 0)
              .map((r) => `${r.mode}: ${r.warned} answers with warnings: ${r.warnings.join('; ')}`),
            ...(answers
              ? [
                  `answers (${answers.answer_mode}): citations include a relevant document in ` +
                    `${(answers.citation_hit_rate * 100).toFixed(1)}% of ${answers.questions} questions` +
                    (answers.absent_questions !== undefined
                      ? `; ${(answers.absent_not_found_rate! * 100).toFixed(0)}% of ${answers.absent_questions} ` +
                        'off-corpus questions answered "not found"'
                      : ''),
                ]
              : []),
          ].join('\n'),
        );
      } finally {
        await runtime.close();
        if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
      }
    });
}

function parseModes(value: string): SearchMode[] {
  const modes = value === 'all' ? MODES : value.split(',').map((m) => m.trim());
  for (const mode of modes) {
    if (!MODES.includes(mode as SearchMode)) {
      throw new AppError(
        'EVAL_MODE_INVALID',
        'user',
        `unknown mode "${mode}" (lexical, semantic, hybrid, all)`,
      );
    }
  }
  return modes as SearchMode[];
}

/** Uploads every corpus document (title as a heading) unless the kept data dir already holds them all. */
async function ingestCorpus(
  runtime: SiftRuntime,
  dataset: BeirDataset,
  out: Output,
): Promise<{ beirIdOf: Map<string, string>; chunks: number; seconds: number }> {
  const started = performance.now();
  const collection = await runtime.collections.ensure(runtime.identity.operator(), COLLECTION);
  const beirIdOf = new Map<string, string>();
  const ids: string[] = [];
  const upload = createProgress(out, 'upload');
  let empty = 0;
  for await (const doc of dataset.corpus) {
    // Corpora have blank records (Cranfield 471 and 995): Sift rightly refuses them as EMPTY_TEXT, and nothing
    // could retrieve them anyway, so they are left out and counted rather than failing the whole run.
    if (!doc.title.trim() && !doc.text.trim()) {
      empty++;
      continue;
    }
    const body = doc.title ? `# ${doc.title}\n\n${doc.text}\n` : `${doc.text}\n`;
    const result = await runtime.documents.upload({
      access: runtime.identity.operator(),
      filename: `${doc.id}.md`,
      source: Readable.from([Buffer.from(body)]),
      collectionId: collection.id,
    });
    beirIdOf.set(result.document.id, doc.id);
    // A kept data dir already holds processed documents: only new ones wait for the workers.
    if (!result.duplicate || result.document.status !== 'processed') ids.push(result.document.id);
    upload.update(beirIdOf.size, dataset.corpusSize);
  }
  upload.stop();
  await runtime.startWorkers();
  const bar = createProgress(out, 'ingest');
  const summary = await waitForDocuments(runtime, ids, (done, total) => bar.update(done, total), 1000);
  bar.stop();
  if (summary.failed > 0) {
    throw new AppError(
      'EVAL_INGEST_FAILED',
      'system',
      `${summary.failed} corpus document(s) failed to ingest`,
      {
        details: { failures: summary.failures.slice(0, 5) },
      },
    );
  }
  if (empty > 0) out.info(`left out ${empty} corpus document(s) without text`);
  out.info(`ingested ${beirIdOf.size} documents in ${Math.round((performance.now() - started) / 1000)} s`);
  return {
    beirIdOf,
    chunks: await countChunks(runtime, collection.id),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

async function countChunks(runtime: SiftRuntime, collectionId: string): Promise<number> {
  let chunks = 0;
  let cursor: string | undefined;
  do {
    const page = await runtime.metadata.documents.list({
      collectionId,
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    for (const doc of page.items) chunks += doc.chunkCount;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return chunks;
}

async function searchIds(
  runtime: SiftRuntime,
  beirIdOf: Map<string, string>,
  query: string,
  k: number,
  mode: SearchMode,
  opts: EvalOptions,
  latency?: LatencyLog,
): Promise<string[]> {
  const response = await runtime.search.service.search({
    query,
    mode,
    filter: { ownerId: LOCAL_USER_ID },
    limit: k,
    groupByDocument: true,
    ...(opts.rerank ? { rerank: opts.rerank } : {}),
    ...(opts.alpha !== undefined ? { alpha: Number(opts.alpha) } : {}),
    ...(opts.fusion ? { fusion: opts.fusion } : {}),
  });
  latency?.add(response.tookMs, response.warnings);
  return response.hits.map((hit) => beirIdOf.get(hit.documentId) ?? hit.documentId);
}

interface LatencySummary {
  /** Search time per query (two queries run at once), reranking included. */
  latency_ms: { p50: number; p95: number };
  /** Answers that came with a warning, e.g. a reranker out of its time budget. */
  warned: number;
  warnings: string[];
}

/** Per-query search times and warnings of one mode: what a reranker costs, and whether it kept its budget. */
class LatencyLog {
  private readonly times: number[] = [];
  private readonly warnings = new Map<string, number>();
  private warned = 0;

  add(ms: number, warnings: string[]): void {
    this.times.push(ms);
    if (warnings.length > 0) this.warned += 1;
    // Counts and budgets vary per query; the kind of warning is what the summary shows.
    for (const w of warnings) {
      const kind = w.replace(/\d+/g, 'N');
      this.warnings.set(kind, (this.warnings.get(kind) ?? 0) + 1);
    }
  }

  summary(): LatencySummary {
    const sorted = [...this.times].sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);
    return {
      latency_ms: { p50: at(0.5), p95: at(0.95) },
      warned: this.warned,
      warnings: [...this.warnings].map(([kind, n]) => `${n}× ${kind}`),
    };
  }
}

async function readLines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Four decimals, as IR tables print them. */
function r4(x: number): string {
  return x.toFixed(4);
}
