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
// BENCH_TRACING_DOCS (default 150), BENCH_TRACING_QUERIES (default 300).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OtelTracer } from '@sift/adapter-otel';
import { OtlpReceiver, type ReceivedSpan } from '@sift/adapter-otel/testing';
import { noopTracer, type TracerPort } from '@sift/core';
import { percentile } from './lexical-support.js';
import { freePort, sleep, startSift, stopSift } from './server-support.js';

const DOCS = Number(process.env.BENCH_TRACING_DOCS ?? 150);
const QUERIES = Number(process.env.BENCH_TRACING_QUERIES ?? 300);
const WARMUP = 30;
const IN_FLIGHT = 4;
const GOAL_PCT = 3;

const WORDS = (
  'lantern harbor quartz meadow falcon ember willow copper glacier orchid summit canyon ' +
  'velvet prism thunder saffron marble cedar beacon tundra nectar onyx pebble zephyr'
).split(' ');
const log = (message: string) => process.stderr.write(`[tracing-overhead] ${message}\n`);
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** A deterministic pseudo-random word sequence, so both variants see the same documents and queries. */
function words(seed: number, count: number): string {
  let x = seed * 2654435761;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(WORDS[x % WORDS.length]!);
  }
  return out.join(' ');
}

interface RunFigures {
  ingestDocsPerS: number;
  searchP50Ms: number;
  searchP95Ms: number;
  ingestCpuMsPerDoc: number;
  searchCpuMsPerQuery: number;
}

/** CPU time (user + system, all threads) the process has used, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function processedCount(api: string): Promise<number> {
  const res = await fetch(`${api}/stats`);
  const body = (await res.json()) as { documents: { by_status: { processed: number; failed: number } } };
  if (body.documents.by_status.failed > 0) throw new Error('a document failed');
  return body.documents.by_status.processed;
}

async function upload(api: string, i: number): Promise<void> {
  const form = new FormData();
  const text = Array.from({ length: 12 }, (_, p) => words(i * 100 + p + 1000, 60)).join('\n\n');
  form.append('file', new Blob([`# Document ${i}\n\n${text}`], { type: 'text/markdown' }), `doc-${i}.md`);
  const res = await fetch(`${api}/documents`, { method: 'POST', body: form });
  if (res.status !== 202) throw new Error(`upload ${i}: ${res.status} ${await res.text()}`);
}

async function runOnce(tracing: boolean, receiver: OtlpReceiver): Promise<RunFigures> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sift-bench-tracing-'));
  const port = await freePort();
  const env: Record<string, string> = { SIFT_EMBEDDER: 'none', SIFT_ALLOW_MODEL_DOWNLOADS: 'false' };
  if (tracing) Object.assign(env, { SIFT_OTEL_ENDPOINT: receiver.url, SIFT_OTEL_SERVICE_NAME: 'sift-bench' });
  const child = await startSift(dataDir, port, { env });
  const api = `http://127.0.0.1:${port}/api/v1`;
  try {
    // One document first: lazy loads (extractors, language detection) are not billed to the measured batch.
    await upload(api, -1);
    while ((await processedCount(api)) < 1) await sleep(25);
    const pid = child.pid!;
    let next = 0;
    const started = performance.now();
    const ingestCpu = cpuMs(pid);
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < DOCS) {
          await upload(api, next++);
        }
      }),
    );
    while ((await processedCount(api)) < DOCS + 1) await sleep(250);
    const ingestS = (performance.now() - started) / 1000;
    const ingestCpuMs = cpuMs(pid) - ingestCpu;

    const latencies: number[] = [];
    let searchCpu = 0;
    for (let q = 0; q < WARMUP + QUERIES; q++) {
      if (q === WARMUP) searchCpu = cpuMs(pid);
      const t0 = performance.now();
      const res = await fetch(`${api}/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: words(q + 7, 2 + (q % 2)), limit: 10 }),
      });
      if (res.status !== 200) throw new Error(`search: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      if (q >= WARMUP) latencies.push(performance.now() - t0);
    }
    const searchCpuMs = cpuMs(pid) - searchCpu;
    return {
      ingestCpuMsPerDoc: ingestCpuMs / DOCS,
      searchCpuMsPerQuery: searchCpuMs / QUERIES,
      ingestDocsPerS: DOCS / ingestS,
      searchP50Ms: percentile(latencies, 50),
      searchP95Ms: percentile(latencies, 95),
    };
  } finally {
    await stopSift(child);
    await rm(dataDir, { recursive: true, force: true });
  }
}

const receiver = await OtlpReceiver.start();
const load = { before: round(os.loadavg()[0]!) };
const runs: { tracing: boolean; figures: RunFigures }[] = [];
try {
  for (const tracing of [false, true, true, false]) {
    const spansBefore = receiver.spans.length;
    const figures = await runOnce(tracing, receiver);
    log(
      `tracing ${tracing ? 'on ' : 'off'}: ${JSON.stringify(figures)} (${receiver.spans.length - spansBefore} spans)`,
    );
    runs.push({ tracing, figures });
  }
} catch (err) {
  await receiver.close();
  throw err;
}

const mean = (tracing: boolean, key: keyof RunFigures) => {
  const values = runs.filter((r) => r.tracing === tracing).map((r) => r.figures[key]);
  return values.reduce((a, b) => a + b, 0) / values.length;
};
// Overhead is "how much worse": more latency, or less throughput.
const figures = [
  { figure: 'search_p50_ms', key: 'searchP50Ms', worseIsHigher: true },
  { figure: 'search_p95_ms', key: 'searchP95Ms', worseIsHigher: true },
  { figure: 'ingest_docs_per_s', key: 'ingestDocsPerS', worseIsHigher: false },
  // The server's own CPU time per unit of work: far less disturbed by a busy neighbour than wall time.
  { figure: 'search_server_cpu_ms_per_query', key: 'searchCpuMsPerQuery', worseIsHigher: true },
  { figure: 'ingest_server_cpu_ms_per_doc', key: 'ingestCpuMsPerDoc', worseIsHigher: true },
] as const;
let worst = -Infinity;
for (const { figure, key, worseIsHigher } of figures) {
  const off = mean(false, key);
  const on = mean(true, key);
  const overheadPct = ((worseIsHigher ? on - off : off - on) / off) * 100;
  worst = Math.max(worst, overheadPct);
  console.log(
    JSON.stringify({
      bench: 'tracing-overhead',
      figure,
      off: round(off),
      on: round(on),
      overhead_pct: round(overheadPct, 1),
    }),
  );
}
console.log(
  JSON.stringify({
    bench: 'tracing-overhead',
    docs: DOCS,
    queries: QUERIES,
    spans_exported: receiver.spans.length,
    worst_overhead_pct: round(worst, 1),
    goal_pct: GOAL_PCT,
    within_goal: worst <= GOAL_PCT,
    load_1m: { ...load, after: round(os.loadavg()[0]!) },
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
