// The workload and the report shared by the telemetry overhead benches (metrics-overhead, tracing-overhead): the
// same documents and queries against a real `sift serve`, variants run off/on/on/off (ABBA) so that a drift of
// the shared machine hits both, each figure the mean of its two runs.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { percentile } from './lexical-support.js';
import { sleep } from './server-support.js';

const WORDS = (
  'lantern harbor quartz meadow falcon ember willow copper glacier orchid summit canyon ' +
  'velvet prism thunder saffron marble cedar beacon tundra nectar onyx pebble zephyr'
).split(' ');

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** A deterministic pseudo-random word sequence, so both variants see the same documents and queries. */
export function words(seed: number, count: number): string {
  let x = seed * 2654435761;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(WORDS[x % WORDS.length]!);
  }
  return out.join(' ');
}

export interface RunFigures {
  ingestDocsPerS: number;
  searchP50Ms: number;
  searchP95Ms: number;
  /** The server's CPU time per unit of work: far less disturbed by a busy neighbour than wall time. */
  ingestCpuMsPerDoc: number;
  searchCpuMsPerQuery: number;
}

export interface Workload {
  docs: number;
  queries: number;
  warmup: number;
  inFlight: number;
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

/**
 * Ingest: `docs` small Markdown documents uploaded over HTTP (`inFlight` at a time) until /stats counts them
 * processed → documents per second. Search: `warmup` then `queries` hybrid searches of 2–3 words, one at a
 * time → p50/p95 ms, client side. One document goes first so lazy loads are not billed to the batch.
 */
export async function runWorkload(api: string, pid: number, w: Workload): Promise<RunFigures> {
  await upload(api, -1);
  while ((await processedCount(api)) < 1) await sleep(25);
  let next = 0;
  const started = performance.now();
  const ingestCpu = cpuMs(pid);
  await Promise.all(
    Array.from({ length: w.inFlight }, async () => {
      while (next < w.docs) await upload(api, next++);
    }),
  );
  while ((await processedCount(api)) < w.docs + 1) await sleep(250);
  const ingestS = (performance.now() - started) / 1000;
  const ingestCpuMs = cpuMs(pid) - ingestCpu;

  const latencies: number[] = [];
  let searchCpu = 0;
  for (let q = 0; q < w.warmup + w.queries; q++) {
    if (q === w.warmup) searchCpu = cpuMs(pid);
    const t0 = performance.now();
    const res = await fetch(`${api}/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: words(q + 7, 2 + (q % 2)), limit: 10 }),
    });
    if (res.status !== 200) throw new Error(`search: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    if (q >= w.warmup) latencies.push(performance.now() - t0);
  }
  return {
    ingestDocsPerS: w.docs / ingestS,
    searchP50Ms: percentile(latencies, 50),
    searchP95Ms: percentile(latencies, 95),
    ingestCpuMsPerDoc: ingestCpuMs / w.docs,
    searchCpuMsPerQuery: (cpuMs(pid) - searchCpu) / w.queries,
  };
}

/** The order variants run in: off, on, on, off. */
export const ABBA = [false, true, true, false] as const;

/** Mean of a figure over the runs of one variant. */
export function meanOf(runs: { on: boolean; figures: RunFigures }[], on: boolean, key: keyof RunFigures) {
  const values = runs.filter((r) => r.on === on).map((r) => r.figures[key]);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** One JSON line per figure (off, on, overhead %: how much worse — more latency or CPU, less throughput). */
export function reportOverhead(bench: string, runs: { on: boolean; figures: RunFigures }[]): number {
  const figures = [
    { figure: 'search_p50_ms', key: 'searchP50Ms', worseIsHigher: true },
    { figure: 'search_p95_ms', key: 'searchP95Ms', worseIsHigher: true },
    { figure: 'ingest_docs_per_s', key: 'ingestDocsPerS', worseIsHigher: false },
    { figure: 'search_server_cpu_ms_per_query', key: 'searchCpuMsPerQuery', worseIsHigher: true },
    { figure: 'ingest_server_cpu_ms_per_doc', key: 'ingestCpuMsPerDoc', worseIsHigher: true },
  ] as const;
  let worst = -Infinity;
  for (const { figure, key, worseIsHigher } of figures) {
    const off = meanOf(runs, false, key);
    const on = meanOf(runs, true, key);
    const overheadPct = ((worseIsHigher ? on - off : off - on) / off) * 100;
    worst = Math.max(worst, overheadPct);
    console.log(
      JSON.stringify({ bench, figure, off: round(off), on: round(on), overhead_pct: round(overheadPct, 1) }),
    );
  }
  return worst;
}

export const loadNow = () => round(os.loadavg()[0]!);
