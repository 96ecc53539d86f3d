// Search while the server ingests: a real `sift serve` process on a fresh data dir, seeded with documents,
// then for SIFT_BENCH_LOAD_S seconds (default 60) at once:
// - 50 uploaders, each posting one new Markdown document (~400 Zipf words) after another, as fast as the
//   server takes them (a 503/507 refusal is honoured: the uploader waits the Retry-After, at most 5 s);
// - 100 searchers, each sending a hybrid search of 2–4 words, then thinking 0.5–1.5 s (a person reading the
//   hits), with a 30 s timeout;
// - a readiness probe every second with a 1 s timeout.
// One JSON line: search p50/p95/p99 and timeouts, readiness worst latency and timeouts, uploads accepted and
// refused, documents processed during the run, and the load average. Goal (issue #9): search p95 ≤ 500 ms,
// 0 timeouts, readiness always answered within 1 s — on 2 cores.
//
// SIFT_BENCH_LOAD_S      seconds of load (default 60)
// SIFT_BENCH_SEED_DOCS   documents ingested before the load starts (default 300)
// SIFT_BENCH_NODE_ARGS   extra node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { percentile } from './lexical-support.js';
import { zipfWords } from './lexical-corpus.js';
import { freePort, sleep, startSift, stopSift } from './server-support.js';

const LOAD_S = Number(process.env.SIFT_BENCH_LOAD_S ?? 60);
const SEED_DOCS = Number(process.env.SIFT_BENCH_SEED_DOCS ?? 300);
const UPLOADERS = 50;
const SEARCHERS = 100;
const SEARCH_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 1_000;

const log = (message: string) => process.stderr.write(`[search-under-load] ${message}\n`);
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** Documents: each a heading and paragraphs of Zipf words, unique by its number. */
function documents(seed: number) {
  const words = zipfWords(seed);
  let n = 0;
  return () => {
    n += 1;
    const body = Array.from({ length: 4 }, () => words.text(100)).join('\n\n');
    return { name: `doc-${seed}-${n}.md`, text: `# Report ${seed}-${n} ${words.text(4)}\n\n${body}\n` };
  };
}

async function upload(base: string, doc: { name: string; text: string }): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([doc.text], { type: 'text/markdown' }), doc.name);
  return fetch(`${base}/api/v1/documents`, { method: 'POST', body: form });
}

async function countProcessed(base: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const url: string = `${base}/api/v1/documents?status=processed&limit=500${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await (await fetch(url)).json()) as { items: unknown[]; next_cursor: string | null };
    count += page.items.length;
    cursor = page.next_cursor;
  } while (cursor);
  return count;
}

async function seed(base: string): Promise<void> {
  const next = documents(1);
  for (let i = 0; i < SEED_DOCS; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, SEED_DOCS - i) }, () => upload(base, next())));
  }
  const deadline = Date.now() + 30 * 60_000;
  for (let done = 0; done < SEED_DOCS; done = await countProcessed(base)) {
    if (Date.now() > deadline) throw new Error(`only ${done} of ${SEED_DOCS} seed documents processed`);
    log(`seeding: ${done}/${SEED_DOCS} processed`);
    await sleep(5_000);
  }
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sift-load-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const nodeArgs = process.env.SIFT_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = await startSift(dataDir, port, { nodeArgs });
  try {
    log(`server on ${base}, seeding ${SEED_DOCS} documents`);
    await seed(base);
    const processedBefore = await countProcessed(base);
    const loadBefore = os.loadavg()[0]!;
    const end = Date.now() + LOAD_S * 1000;
    const searchMs: number[] = [];
    const readyMs: number[] = [];
    const counts = {
      timeouts: 0,
      searchErrors: 0,
      readyTimeouts: 0,
      readyNot: 0,
      accepted: 0,
      refused: 0,
      uploadErrors: 0,
    };
    const queries = zipfWords(7);
    const random = (() => {
      let state = 99;
      return () => (state = (Math.imul(state, 1_103_515_245) + 12_345) & 0x7fffffff) / 2 ** 31;
    })();

    const uploader = async (id: number) => {
      const next = documents(1000 + id);
      while (Date.now() < end) {
        try {
          const res = await upload(base, next());
          if (res.status === 202) counts.accepted += 1;
          else if (res.status === 503 || res.status === 507 || res.status === 429) {
            counts.refused += 1;
            await sleep(Math.min(5_000, Number(res.headers.get('retry-after') ?? 1) * 1000));
          } else counts.uploadErrors += 1;
          await res.arrayBuffer();
        } catch {
          counts.uploadErrors += 1;
        }
      }
    };
    const searcher = async () => {
      await sleep(random() * 1000);
      while (Date.now() < end) {
        const query = queries.text(2 + Math.floor(random() * 3));
        const started = performance.now();
        try {
          const res = await fetch(`${base}/api/v1/search`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query, mode: 'hybrid', limit: 10 }),
            signal: AbortSignal.timeout(SEARCH_TIMEOUT_MS),
          });
          await res.arrayBuffer();
          if (res.ok) searchMs.push(performance.now() - started);
          else counts.searchErrors += 1;
        } catch {
          counts.timeouts += 1;
        }
        await sleep(500 + random() * 1000);
      }
    };
    const prober = async () => {
      while (Date.now() < end) {
        const started = performance.now();
        try {
          const res = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
          await res.arrayBuffer();
          readyMs.push(performance.now() - started);
          if (!res.ok) counts.readyNot += 1;
        } catch {
          counts.readyTimeouts += 1;
        }
        await sleep(1_000);
      }
    };
    log(`load: ${UPLOADERS} uploaders, ${SEARCHERS} searchers for ${LOAD_S} s`);
    await Promise.all([
      ...Array.from({ length: UPLOADERS }, (_, i) => uploader(i)),
      ...Array.from({ length: SEARCHERS }, () => searcher()),
      prober(),
    ]);
    const loadAfter = os.loadavg()[0]!;
    const processedDuring = (await countProcessed(base)) - processedBefore;
    console.log(
      JSON.stringify({
        bench: 'search_under_ingest_load',
        cores: os.cpus().length,
        seconds: LOAD_S,
        seed_documents: SEED_DOCS,
        uploaders: UPLOADERS,
        searchers: SEARCHERS,
        searches: searchMs.length,
        search_p50_ms: round(percentile(searchMs, 50)),
        search_p95_ms: round(percentile(searchMs, 95)),
        search_p99_ms: round(percentile(searchMs, 99)),
        search_timeouts: counts.timeouts,
        search_errors: counts.searchErrors,
        readiness_probes: readyMs.length + counts.readyTimeouts,
        readiness_max_ms: round(Math.max(0, ...readyMs)),
        readiness_timeouts: counts.readyTimeouts,
        readiness_not_ready: counts.readyNot,
        uploads_accepted: counts.accepted,
        uploads_refused: counts.refused,
        upload_errors: counts.uploadErrors,
        documents_processed_during_load: processedDuring,
        load_avg_1m: { before: round(loadBefore, 2), after: round(loadAfter, 2) },
        goal: { search_p95_ms: 500, search_timeouts: 0, readiness_max_ms: 1000 },
      }),
    );
  } finally {
    await stopSift(server);
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
