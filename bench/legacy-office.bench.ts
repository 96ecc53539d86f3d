// Legacy Office (.doc/.xls/.ppt) through LibreOffice: milliseconds per file for every such file of the
// extraction-dev corpus, once through the warm converter (one office kept running, as the server does) and
// once cold (a fresh office per file, as before), and the median of each. Prints one JSON line. The corpus
// lives outside the repository, in ../shared; without it the bench says so and exits cleanly.
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LegacyOfficeExtractor } from '../packages/extractors/src/formats/legacy-office.extractor.js';
import { extractionInput } from '../packages/extractors/src/testing/extraction-input.js';

const corpus = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../shared/datasets/extraction-dev',
);
let files: string[];
try {
  files = readdirSync(corpus)
    .filter((f) => /\.(doc|xls|ppt)$/u.test(f))
    .sort()
    .map((f) => path.join(corpus, f));
} catch {
  console.log(JSON.stringify({ name: 'legacy_office_median_ms', skipped: `corpus not found: ${corpus}` }));
  process.exit(0);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Milliseconds per file; files the extractor refuses (encrypted, not OLE2) count too, as users wait for them. */
async function timeAll(warm: boolean, work: string): Promise<{ times: number[]; failed: number }> {
  const extractor = new LegacyOfficeExtractor({ warm });
  const times: number[] = [];
  let failed = 0;
  try {
    for (const file of files) {
      const input = await extractionInput(file, work);
      const started = performance.now();
      await extractor.extract(input).catch(() => (failed += 1));
      times.push(performance.now() - started);
    }
  } finally {
    await extractor.close();
  }
  return { times, failed };
}

const work = await mkdtemp(path.join(tmpdir(), 'sift-bench-legacy-'));
try {
  const warm = await timeAll(true, work);
  const cold = await timeAll(false, work);
  console.log(
    JSON.stringify({
      name: 'legacy_office_median_ms',
      files: files.length,
      value: Math.round(median(warm.times)),
      first_file_ms: Math.round(warm.times[0]!),
      max_ms: Math.round(Math.max(...warm.times)),
      cold_median_ms: Math.round(median(cold.times)),
      failed: warm.failed,
    }),
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
