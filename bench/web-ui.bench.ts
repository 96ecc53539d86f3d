// Budgets of the web UI (issue #11), measured on the built UI (packages/web/dist) served by a real
// `sift serve` and loaded in Debian's Chromium (playwright-core). One JSON line per figure:
// - web_initial_js: gzip size of the JavaScript the first page load needs (the entry script and the chunks
//   index.html preloads); goal ≤ 300 KB. CSS is reported beside it, not counted.
// - web_library_tti: the library screen over 100,000 documents — from navigation start to the first page of
//   rows rendered and the main thread idle (a requestIdleCallback after the rows appear); median of 5 loads
//   with a warm HTTP cache (assets are immutable, as for a returning user) and the first, cold one; goal ≤ 1.5 s.
// - web_search_render: from the search response arriving in the page to the results painted (marks set by the
//   search screen: `sift:search-response` → `sift:search-rendered`); median and max of 20 searches; goal ≤ 50 ms.
// The 100k data dir is built once into bench/.cache/web-100k (metadata rows only: the screen lists documents,
// it does not read their text); delete it to rebuild.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadConfig } from '@sift/config';
import { Access } from '@sift/core';
import { createRuntime } from '@sift/runtime';
import type { Page } from 'playwright-core';
import { launchChromium } from '../packages/web/e2e/chromium.js';
import { freePort, startSift, stopSift } from './server-support.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'packages/web/dist');
const DOCUMENTS = Number(process.env.SIFT_BENCH_WEB_DOCS ?? 100_000);
const dataDir = path.join(root, `bench/.cache/web-${DOCUMENTS / 1000}k`);
const LOCAL_USER_ID = '00000000-0000-4000-8000-000000000001';
const log = (message: string) => process.stderr.write(`[web-ui] ${message}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Number(x.toFixed(1));

function initialAssets(): { js: string[]; css: string[] } {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1]!);
  return {
    js: [
      ...refs(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
      ...refs(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
    ],
    css: refs(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g),
  };
}

const gzipKb = (files: string[]) =>
  files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(dist, f)), { level: 9 }).length, 0) / 1024;

/** 100k documents in one collection as the UI lists them: varied names, types, statuses and dates. */
async function buildDataDir(): Promise<void> {
  if (existsSync(path.join(dataDir, 'sift.db'))) {
    log(`reusing ${dataDir}`);
    return;
  }
  rmSync(dataDir, { recursive: true, force: true });
  const runtime = await createRuntime(
    loadConfig({ SIFT_DATA_DIR: dataDir, SIFT_LOG_LEVEL: 'silent', SIFT_AUTH: 'off' }),
  );
  const collection = await runtime.collections.create(Access.operator(LOCAL_USER_ID), { name: 'Bench' });
  await runtime.close();
  const db = new Database(path.join(dataDir, 'sift.db'));
  const started = Date.now();
  db.exec(`
    INSERT INTO blobs (sha256, size, ref_count, created_at) VALUES ('${'0'.repeat(64)}', 1000, ${DOCUMENTS}, 0);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${DOCUMENTS})
    INSERT INTO documents (id, owner_id, collection_id, filename, original_filename, content_type, category,
      size, sha256, status, progress, title, language, chunk_count, uploaded_at, processed_at, created_at, updated_at)
    SELECT printf('doc-%06d', i), '${LOCAL_USER_ID}', '${collection.id}', printf('report-%06d.pdf', i),
      printf('report-%06d.pdf', i), 'application/pdf', 'document', 1000 + i, '${'0'.repeat(64)}',
      CASE WHEN i % 50 = 0 THEN 'failed' ELSE 'processed' END, 1, printf('Quarterly report %d', i), 'en',
      1 + i % 40, 1700000000000 + i * 60000, 1700000000000 + i * 60000 + 5000, 1700000000000 + i * 60000,
      1700000000000 + i * 60000
    FROM n;`);
  db.close();
  log(`wrote ${DOCUMENTS} documents in ${Date.now() - started} ms`);
}

/** Navigation start → rows of the first page rendered → the main thread next idle. */
async function libraryTti(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.locator('[data-testid="documents-table"] [data-testid="document-status"]').first().waitFor();
  // Runs in the page, whose globalThis has requestIdleCallback (Node's types do not know it).
  return page.evaluate(() => {
    const win = globalThis as unknown as { requestIdleCallback: (cb: () => void, o: object) => void };
    return new Promise<number>((resolve) =>
      win.requestIdleCallback(() => resolve(performance.now()), { timeout: 5000 }),
    );
  });
}

/**
 * Milliseconds from the search response to the results painted, from the marks the search screen sets.
 * Polled from here: the page's CSP refuses the string evaluation waitForFunction needs, and the function
 * body has no inner functions (tsx would wrap them in a helper the page does not have).
 */
async function searchRenderMs(page: Page): Promise<number> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    const ms = await page.evaluate(() => {
      const response = performance.getEntriesByName('sift:search-response').at(-1)?.startTime;
      const rendered = performance.getEntriesByName('sift:search-rendered').at(-1)?.startTime;
      return response !== undefined && rendered !== undefined && rendered >= response
        ? rendered - response
        : null;
    });
    if (ms !== null) return ms;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the search screen set no render marks within 30 s');
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-web.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the web UI failed');
  const assets = initialAssets();
  const jsKb = gzipKb(assets.js);
  console.log(
    JSON.stringify({
      bench: 'web_initial_js',
      gzip_kb: round(jsKb),
      files: assets.js.length,
      css_gzip_kb: round(gzipKb(assets.css)),
      goal_kb: 300,
      ok: jsKb <= 300,
    }),
  );

  await buildDataDir();
  const port = await freePort();
  const server = await startSift(dataDir, port);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const base = `http://127.0.0.1:${port}`;
    const cold = await libraryTti(page, `${base}/library`);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push(await libraryTti(page, `${base}/library`));
    const tti = median(warm);
    console.log(
      JSON.stringify({
        bench: 'web_library_tti',
        documents: DOCUMENTS,
        median_ms: round(tti),
        cold_ms: round(cold),
        runs_ms: warm.map(round),
        goal_ms: 1500,
        ok: tti <= 1500,
      }),
    );

    const renders: number[] = [];
    for (let i = 0; i < 20; i++) {
      await page.goto(`${base}/search?q=${encodeURIComponent(`quarterly report ${i + 1}`)}&mode=lexical`);
      renders.push(await searchRenderMs(page));
    }
    console.log(
      JSON.stringify({
        bench: 'web_search_render',
        median_ms: round(median(renders)),
        max_ms: round(Math.max(...renders)),
        searches: renders.length,
        goal_ms: 50,
        ok: median(renders) <= 50,
      }),
    );
  } finally {
    await browser.close();
    await stopSift(server);
  }
}

await main();
