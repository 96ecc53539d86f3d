import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSift, tempDirs } from '../testing/run-sift.js';
import type { StatsReport } from './stats.command.js';

// Lexical only: fast, and no model to load in each of the processes below.
const ENV = { SIFT_EMBEDDER: 'none' };

/**
 * `sift stats` run as the real binary over a data dir that the real binary filled: `sift ingest` uploads and
 * processes three files (one fails), `sift search` and `sift ask` are logged, and the figures show them.
 */
describe('sift stats', { timeout: 180_000 }, () => {
  const dirs = tempDirs();
  let dataDir: string;
  const sift = (args: string[]) => runSift(args, dataDir, 90_000, ENV);

  beforeAll(async () => {
    dataDir = await dirs.make('sift-cli-stats-data-');
    const folder = await dirs.make('sift-cli-stats-folder-');
    await writeFile(path.join(folder, 'bees.md'), '# Bees\n\nHoney bees pollinate almond orchards.\n');
    await writeFile(path.join(folder, 'tides.txt'), 'The moon raises the ocean tides twice a day.\n');
    // No word at all: processing fails with EMPTY_TEXT.
    await writeFile(path.join(folder, 'dashes.txt'), '--- ... !!! ***\n\n   ;;;\n');
    const ingest = await sift(['ingest', folder, '--json']);
    // A file that failed makes the exit code 1.
    expect(ingest.code, ingest.stderr).toBe(1);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ processing: { processed: 2, failed: 1 } });
    for (const query of ['honey bees', 'xyzzy plugh']) {
      const run = await sift(['search', query, '-m', 'lexical', '--json']);
      expect(run.code, run.stderr).toBe(0);
    }
    const ask = await sift(['ask', 'What do honey bees pollinate?', '--json']);
    expect(ask.code, ask.stderr).toBe(0);
  }, 170_000);
  afterAll(() => dirs.cleanup());

  it('prints the figures of what was done as JSON', async () => {
    const run = await sift(['stats', '--days', '7', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as StatsReport;
    expect(report.documents).toMatchObject({ days: 7, scope: 'all', uploaded: 3, processed: 2, failed: 1 });
    expect(report.documents.byType).toEqual([{ typeFamily: 'text', uploaded: 3, processed: 2, failed: 1 }]);
    expect(report.documents.stages.find((s) => s.stage === 'extract')).toMatchObject({ count: 2 });
    // Two searches, and the one the question ran.
    expect(report.search).toMatchObject({ searches: 3, zeroResults: 1 });
    expect(report.search.byMode.map((m) => [m.mode, m.count])).toEqual([
      ['lexical', 2],
      ['hybrid', 1],
    ]);
    expect(report.search.zeroResultQueries).toEqual([
      expect.objectContaining({ query: 'xyzzy plugh', count: 1 }),
    ]);
    expect(report.questions).toMatchObject({ asked: 1, notFound: 0, notFoundRate: 0 });
    expect(report.users).toMatchObject({ total: 1, weekly: 1 });
    expect(report.users.top).toEqual([
      expect.objectContaining({ username: 'local', searches: 3, questions: 1, uploads: 3 }),
    ]);
  });

  it('prints a readable summary without --json', async () => {
    const run = await sift(['stats']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Usage \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(30 days, UTC\)$/m);
    expect(run.stdout).toContain('Documents  3 uploaded, 2 processed, 1 failed');
    expect(run.stdout).toMatch(/^ {2}text\s+3\s+2\s+1$/m);
    expect(run.stdout).toMatch(/^ {2}extract\s+2\s+\d+\s+\d+$/m);
    expect(run.stdout).toContain('Search  3 searches, 1 without hits (33.3%)');
    expect(run.stdout).toMatch(/^ {4}1 {2}xyzzy plugh$/m);
    expect(run.stdout).toContain('Questions  1 asked, 0 not found (0.0%)');
    expect(run.stdout).toContain('Active users  1 in the range, 1 in its last 7 days');
  });

  it('shows an empty range as zeros', async () => {
    const run = await sift(['stats', '--from', '2020-01-01', '--to', '2020-01-07', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as StatsReport;
    expect(report.documents).toMatchObject({ days: 7, uploaded: 0, byType: [] });
    expect(report.questions).toMatchObject({ asked: 0, notFoundRate: null });
    expect(report.users).toMatchObject({ total: 0, top: [] });
  });

  it('refuses a range it cannot resolve, naming why, with exit code 2', async () => {
    for (const [args, code] of [
      [['--days', '0'], 'STATS_OPTION_INVALID'],
      [['--days', '3', '--from', '2025-01-01'], 'ANALYTICS_RANGE_INVALID'],
    ] as const) {
      const run = await sift(['stats', ...args]);
      expect([args, run.code]).toEqual([args, 2]);
      expect(run.stderr).toContain(`[${code}]`);
    }
  });
});
