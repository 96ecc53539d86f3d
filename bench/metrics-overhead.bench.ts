// Overhead of Prometheus metrics (#15, goal ≤ 3 %): the same workload against a real `sift serve` process with
// SIFT_METRICS=false and with SIFT_METRICS=true, the latter scraped once a second on its separate listener
// (SIFT_METRICS_PORT) the way Prometheus would, so scrape-time collectors (queue stats, database size, disk)
// and rendering are billed too. Workload per run, on a fresh data dir (SIFT_EMBEDDER=none by default, so the
// pipeline is light and the metrics' share of it is the largest it gets; BENCH_METRICS_EMBEDDER=use-lite adds
// the embedding batches):
// - ingest: DOCS small text documents uploaded over HTTP (4 in flight) until /stats counts them all processed
//   → documents per second (upload to last processed);
// - search: WARMUP then QUERIES hybrid searches of 2–3 words, one at a time → p50 and p95 ms (client side).
// Runs alternate off, on, on, off (ABBA) so that a drift of the shared machine hits both; each figure is the
// mean of its two runs. One JSON line per figure with both values and the overhead in %, then one summary line.
//
// BENCH_METRICS_DOCS (default 150), BENCH_METRICS_QUERIES (default 300), BENCH_METRICS_EMBEDDER (default none).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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
import { freePort, sleep, startSift, stopSift } from './server-support.js';

const DOCS = Number(process.env.BENCH_METRICS_DOCS ?? 150);
const QUERIES = Number(process.env.BENCH_METRICS_QUERIES ?? 300);
const EMBEDDER = process.env.BENCH_METRICS_EMBEDDER ?? 'none';
const WORKLOAD: Workload = { docs: DOCS, queries: QUERIES, warmup: 30, inFlight: 4 };
const SCRAPE_INTERVAL_MS = 1_000;
const GOAL_PCT = 3;

const log = (message: string) => process.stderr.write(`[metrics-overhead] ${message}\n`);

/** Scrapes `url` every SCRAPE_INTERVAL_MS until stopped; returns how many scrapes and their mean ms. */
function scraper(url: string): { stop(): Promise<{ scrapes: number; meanMs: number }> } {
  let running = true;
  let scrapes = 0;
  let totalMs = 0;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      const res = await fetch(url);
      if (res.status !== 200) throw new Error(`scrape: ${res.status}`);
      await res.text();
      totalMs += performance.now() - t0;
      scrapes += 1;
      await sleep(SCRAPE_INTERVAL_MS);
    }
  })();
  // A failed scrape surfaces at stop(); until then it must not count as an unhandled rejection.
  loop.catch(() => undefined);
  return {
    async stop() {
      running = false;
      await loop;
      return { scrapes, meanMs: scrapes ? totalMs / scrapes : 0 };
    },
  };
}

async function runOnce(metrics: boolean): Promise<RunFigures & { scrapes: number; scrapeMs: number }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sift-bench-metrics-'));
  const port = await freePort();
  const metricsPort = await freePort();
  const env: Record<string, string> = {
    SIFT_EMBEDDER: EMBEDDER,
    SIFT_ALLOW_MODEL_DOWNLOADS: 'false',
    SIFT_METRICS: String(metrics),
  };
  if (metrics) Object.assign(env, { SIFT_METRICS_HOST: '127.0.0.1', SIFT_METRICS_PORT: String(metricsPort) });
  const child = await startSift(dataDir, port, { env });
  const scrape = metrics ? scraper(`http://127.0.0.1:${metricsPort}/metrics`) : null;
  try {
    const figures = await runWorkload(`http://127.0.0.1:${port}/api/v1`, child.pid!, WORKLOAD);
    const scraped = (await scrape?.stop()) ?? { scrapes: 0, meanMs: 0 };
    return { ...figures, scrapes: scraped.scrapes, scrapeMs: scraped.meanMs };
  } finally {
    await scrape?.stop().catch(() => undefined);
    await stopSift(child);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The in-process cost, which a loaded machine distorts far less than end-to-end timings: microseconds per
 * recording (the request hook's count + observe, on a registry already holding a few dozen series) and
 * milliseconds per render (collectors excluded: they run at most every 5 s and hit the database).
 */
async function inProcessCost(): Promise<{ usPerRecord: number; msPerRender: number }> {
  const { PrometheusMetrics } = await import('@sift/adapter-prometheus');
  const m = new PrometheusMetrics();
  for (let i = 0; i < 40; i++)
    m.count('sift_http_requests_total', { route: `/r${i}`, method: 'GET', status: 200 });
  const n = 200_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    m.count('sift_http_requests_total', { route: '/api/v1/search', method: 'POST', status: 200 });
    m.observe('sift_http_request_duration_seconds', { route: '/api/v1/search', method: 'POST' }, 0.012);
  }
  const usPerRecord = ((performance.now() - t0) * 1000) / (2 * n);
  for (let i = 0; i < 5; i++) await m.render();
  const t1 = performance.now();
  for (let i = 0; i < 50; i++) await m.render();
  return { usPerRecord, msPerRender: (performance.now() - t1) / 50 };
}

const load = { before: loadNow() };
const runs: { on: boolean; figures: RunFigures }[] = [];
let scrapes = 0;
let scrapeMs = 0;
for (const metrics of ABBA) {
  const figures = await runOnce(metrics);
  log(`metrics ${metrics ? 'on ' : 'off'}: ${JSON.stringify(figures)}`);
  runs.push({ on: metrics, figures });
  if (metrics) {
    scrapeMs =
      (scrapeMs * scrapes + figures.scrapeMs * figures.scrapes) / Math.max(1, scrapes + figures.scrapes);
    scrapes += figures.scrapes;
  }
}
const mean = (on: boolean, key: keyof RunFigures) => meanOf(runs, on, key);
const worst = reportOverhead('metrics-overhead', runs);
// Recordings per operation: a search records its HTTP request (2), its latency, maybe a zero-result count and,
// with an embedder, one batch (2); a document its upload request (2), four stages, a processed count and,
// with an embedder, its batches (2 each). Their cost against the operation's own time bounds the overhead.
const cost = await inProcessCost();
const searchRecords = EMBEDDER === 'none' ? 4 : 6;
const docRecords = EMBEDDER === 'none' ? 7 : 9;
console.log(
  JSON.stringify({
    bench: 'metrics-overhead',
    figure: 'in_process',
    us_per_record: round(cost.usPerRecord, 3),
    ms_per_render: round(cost.msPerRender),
    search_p50_bound_pct: round(
      ((searchRecords * cost.usPerRecord) / (mean(false, 'searchP50Ms') * 1000)) * 100,
      3,
    ),
    ingest_bound_pct: round(
      ((docRecords * cost.usPerRecord) / (1e6 / mean(false, 'ingestDocsPerS'))) * 100,
      4,
    ),
    // One render per scrape, as a share of one core: at this bench's 1 s interval and at Prometheus's default 15 s.
    scrape_core_pct_at_1s: round((cost.msPerRender / 1000) * 100, 2),
    scrape_core_pct_at_15s: round((cost.msPerRender / 15_000) * 100, 3),
  }),
);
console.log(
  JSON.stringify({
    bench: 'metrics-overhead',
    docs: DOCS,
    queries: QUERIES,
    embedder: EMBEDDER,
    scrapes,
    scrape_mean_ms: round(scrapeMs),
    worst_overhead_pct: round(worst, 1),
    goal_pct: GOAL_PCT,
    within_goal: worst <= GOAL_PCT,
    load_1m: { ...load, after: loadNow() },
    cpus: os.cpus().length,
  }),
);
