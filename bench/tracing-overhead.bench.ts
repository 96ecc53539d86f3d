// Overhead of tracing (#15, goal ≤ 3 %): the same workload against a real `sift serve` process with tracing off
// and with tracing on, exporting over OTLP/HTTP to a collector this bench runs (in the bench process, so its
// JSON decoding is not billed to the server). Workload per run, on a fresh data dir (lexical: SIFT_EMBEDDER=none,
// so the pipeline is light and tracing's share of it is the largest it gets):
// - ingest: DOCS small text documents uploaded over HTTP (4 in flight) until /stats counts them all processed
//   → documents per second (upload to last processed);
// - search: WARMUP then QUERIES hybrid searches of 2–3 words, one at a time → p50 and p95 ms (client side);
// - the server process's CPU time (user + system, from /proc) per document and per query: wall-clock figures
//   swing by 10–30 % on a shared 2-core machine, CPU time much less, so it shows the cost tracing adds.
// Runs alternate off, on, on, off (ABBA) so that a drift of the shared machine hits both; each figure is the
// mean of its two runs. One JSON line per figure with both values and the overhead in %, then one summary line.
//
// BENCH_TRACING_DOCS (default 150), BENCH_TRACING_QUERIES (default 300), BENCH_TRACING_SAMPLE_RATIO (default 1).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OtelTracer } from '@sift/adapter-otel';
import { OtlpReceiver, type ReceivedSpan } from '@sift/adapter-otel/testing';
import { noopTracer, type TracerPort } from '@sift/core';
import {
  ABBA,
  loadNow,
  meanOf,
  reportOverhead,
  round,
  runWorkload,
  type RunFigures,
  type Workload,
} from './overhead-support.js';
import { freePort, startSift, stopSift } from './server-support.js';

const DOCS = Number(process.env.BENCH_TRACING_DOCS ?? 150);
const QUERIES = Number(process.env.BENCH_TRACING_QUERIES ?? 300);
/** SIFT_OTEL_SAMPLE_RATIO of the traced runs (default 1: every trace recorded and exported). */
const SAMPLE_RATIO = process.env.BENCH_TRACING_SAMPLE_RATIO ?? '1';
const WORKLOAD: Workload = { docs: DOCS, queries: QUERIES, warmup: 30, inFlight: 4 };
const GOAL_PCT = 3;

const log = (message: string) => process.stderr.write(`[tracing-overhead] ${message}\n`);

async function runOnce(tracing: boolean, receiver: OtlpReceiver): Promise<RunFigures> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sift-bench-tracing-'));
  const port = await freePort();
  const env: Record<string, string> = { SIFT_EMBEDDER: 'none', SIFT_ALLOW_MODEL_DOWNLOADS: 'false' };
  if (tracing)
    Object.assign(env, {
      SIFT_OTEL_ENDPOINT: receiver.url,
      SIFT_OTEL_SERVICE_NAME: 'sift-bench',
      SIFT_OTEL_SAMPLE_RATIO: SAMPLE_RATIO,
    });
  const child = await startSift(dataDir, port, { env });
  try {
    return await runWorkload(`http://127.0.0.1:${port}/api/v1`, child.pid!, WORKLOAD);
  } finally {
    await stopSift(child);
    await rm(dataDir, { recursive: true, force: true });
  }
}

const receiver = await OtlpReceiver.start();
const load = { before: loadNow() };
const runs: { on: boolean; figures: RunFigures }[] = [];
try {
  for (const tracing of ABBA) {
    const spansBefore = receiver.spans.length;
    const figures = await runOnce(tracing, receiver);
    log(
      `tracing ${tracing ? 'on ' : 'off'}: ${JSON.stringify(figures)} (${receiver.spans.length - spansBefore} spans)`,
    );
    runs.push({ on: tracing, figures });
  }
} catch (err) {
  await receiver.close();
  throw err;
}

const mean = (on: boolean, key: keyof RunFigures) => meanOf(runs, on, key);
const worst = reportOverhead('tracing-overhead', runs);
console.log(
  JSON.stringify({
    bench: 'tracing-overhead',
    docs: DOCS,
    queries: QUERIES,
    sample_ratio: Number(SAMPLE_RATIO),
    spans_exported: receiver.spans.length,
    worst_overhead_pct: round(worst, 1),
    goal_pct: GOAL_PCT,
    within_goal: worst <= GOAL_PCT,
    load_1m: { ...load, after: loadNow() },
    cpus: os.cpus().length,
  }),
);

/** Mean spans per trace whose root is `root` (one request and what it caused, the ingest job included). */
function spansPerTrace(spans: readonly ReceivedSpan[], root: string): number {
  const roots = new Set(
    spans.filter((s) => s.name === root && s.parentSpanId === null).map((s) => s.traceId),
  );
  return roots.size === 0 ? 0 : spans.filter((s) => roots.has(s.traceId)).length / roots.size;
}

/** µs of this process's time per span (a parent and a child each time), exported to the receiver for real. */
async function spanCostUs(tracer: TracerPort, flush: () => Promise<void>): Promise<number> {
  const pairs = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < pairs; i++) {
    await tracer.span('bench.parent', { 'sift.i': i }, () => tracer.span('bench.child', {}, async () => {}));
  }
  await flush();
  return ((performance.now() - t0) * 1000) / (2 * pairs);
}

// A figure the machine's load disturbs less: the cost of a span in-process (the receiver's decoding of the
// export runs in this process too, so this is an upper bound), times the spans a search and an ingest produce,
// against the server's CPU time per search and per document with tracing off.
const otel = new OtelTracer({ endpoint: receiver.url, serviceName: 'sift-bench-micro' });
const noopUs = await spanCostUs(noopTracer, async () => {});
const otelUs = await spanCostUs(otel, () => otel.flush());
await otel.close();
const serverSpans = receiver.spans.filter((s) => s.serviceName === 'sift-bench');
const perQuery = spansPerTrace(serverSpans, 'POST /api/v1/search');
const perDoc = spansPerTrace(serverSpans, 'POST /api/v1/documents');
const addedUs = otelUs - noopUs;
console.log(
  JSON.stringify({
    bench: 'tracing-overhead',
    figure: 'span_cost_us',
    noop: round(noopUs, 3),
    otel: round(otelUs, 2),
    spans_per_search: round(perQuery, 1),
    spans_per_ingested_doc: round(perDoc, 1),
    estimated_search_overhead_pct: round(
      ((perQuery * addedUs) / 1000 / mean(false, 'searchCpuMsPerQuery')) * 100,
      2,
    ),
    estimated_ingest_overhead_pct: round(
      ((perDoc * addedUs) / 1000 / mean(false, 'ingestCpuMsPerDoc')) * 100,
      2,
    ),
  }),
);
await receiver.close();
