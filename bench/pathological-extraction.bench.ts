// The server's responsiveness while it processes pathological files: a real `sift serve` on a fresh data dir
// receives files that used to freeze it (a 2.2 MB HTML file of 200,000 nested <div>s, a 22 KB one of 2,000,
// 100,000 nested block quotes and emphasis markers in Markdown) and, to stand for any file that never
// finishes, a recording whose transcription exceeds a 2 s time limit; then, apart, a large ordinary file (20 MB
// of text, 25,000 chunks). Meanwhile `/health` is asked every 20 ms. One JSON line: /health p50/p99/max
// latency and failures per phase, and each file's outcome and time. Goal (issue #9): /health answers within
// 100 ms while the pathological files are processed.
//
// SIFT_BENCH_RECORDING  a WAV to use as the never-finishing file (default: ../shared/fixtures/audio/jfk.wav;
//                       left out when absent)
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from './lexical-support.js';
import { freePort, sleep, startSift, stopSift } from './server-support.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RECORDING =
  process.env.SIFT_BENCH_RECORDING ?? path.join(root, '..', 'shared', 'fixtures', 'audio', 'jfk.wav');
const log = (message: string) => process.stderr.write(`[pathological-extraction] ${message}\n`);
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

function files(): { name: string; data: Uint8Array | string; type: string }[] {
  const nested = (n: number) =>
    `<html><body>${'<div>'.repeat(n)}deep text${'</div>'.repeat(n)}</body></html>`;
  const list: { name: string; data: Uint8Array | string; type: string }[] = [
    { name: 'nested-200000.html', data: nested(200_000), type: 'text/html' },
    { name: 'nested-2000.html', data: nested(2_000), type: 'text/html' },
    { name: 'quotes.md', data: `${'>'.repeat(100_000)} deep\n`, type: 'text/markdown' },
    { name: 'emphasis.md', data: `${'*'.repeat(100_000)}word${'*'.repeat(100_000)}`, type: 'text/markdown' },
  ];
  if (existsSync(RECORDING))
    list.push({ name: 'too-long.wav', data: readFileSync(RECORDING), type: 'audio/wav' });
  return list;
}

/** Uploads `list`, probes `/health` every 20 ms until each file is processed or failed, reports both. */
async function phase(base: string, list: ReturnType<typeof files>) {
  const latencies: number[] = [];
  let failures = 0;
  let probing = true;
  const prober = (async () => {
    while (probing) {
      const started = performance.now();
      try {
        const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) });
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
      } catch {
        failures += 1;
      }
      await sleep(20);
    }
  })();
  const uploaded: { name: string; id: string; at: number }[] = [];
  for (const file of list) {
    const form = new FormData();
    form.append('file', new Blob([file.data], { type: file.type }), file.name);
    const res = await fetch(`${base}/api/v1/documents`, { method: 'POST', body: form });
    const body = (await res.json()) as { items: { document_id: string }[] };
    uploaded.push({ name: file.name, id: body.items[0]!.document_id, at: Date.now() });
  }
  const outcomes: Record<string, { status: string; code: string | null; seconds: number }> = {};
  for (const deadline = Date.now() + 15 * 60_000; Object.keys(outcomes).length < uploaded.length;) {
    for (const file of uploaded) {
      if (outcomes[file.name]) continue;
      const doc = (await (await fetch(`${base}/api/v1/documents/${file.id}`)).json()) as {
        status: string;
        error: { code: string } | null;
      };
      if (doc.status === 'processed' || doc.status === 'failed') {
        const seconds = round((Date.now() - file.at) / 1000);
        outcomes[file.name] = { status: doc.status, code: doc.error?.code ?? null, seconds };
      }
    }
    if (Date.now() > deadline) throw new Error('files still processing after 15 minutes');
    await sleep(500);
  }
  probing = false;
  await prober;
  return {
    health_probes: latencies.length,
    health_p50_ms: round(percentile(latencies, 50)),
    health_p99_ms: round(percentile(latencies, 99)),
    health_max_ms: round(Math.max(...latencies)),
    health_failures: failures,
    files: outcomes,
  };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sift-patho-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startSift(dataDir, port, {
    env: { SIFT_EXTRACTION_AUDIO_TIMEOUT_S: '2', SIFT_JOB_BACKOFF_MS: '200' },
  });
  try {
    log('pathological files');
    const pathological = await phase(base, files());
    log('a 20 MB text (a large, ordinary document)');
    const large = await phase(base, [
      { name: 'large.txt', data: 'word '.repeat(4_000_000), type: 'text/plain' },
    ]);
    console.log(
      JSON.stringify({
        bench: 'pathological_extraction',
        cores: os.cpus().length,
        ...pathological,
        large_text: large,
        goal: { health_max_ms: 100 },
      }),
    );
  } finally {
    await stopSift(server);
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
