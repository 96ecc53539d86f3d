import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The repository root: the binary is run from here, as a user of a checkout would. */
const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
const BIN = path.join('packages', 'cli', 'bin', 'sift.js');

/** How a run of the `sift` binary ended. */
export interface SiftRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `sift` binary as a child process over `dataDir` (silent logs, a fast queue poll), capturing
 * its output; `input`, when given, is written to its stdin (`--password-stdin`). Kills it and rejects after
 * `timeoutMs`, so a hanging command fails the test instead of stalling it.
 */
export function runSift(
  args: string[],
  dataDir: string,
  timeoutMs = 90_000,
  env: Record<string, string> = {},
  input?: string,
): Promise<SiftRun> {
  const child = spawnSift(args, dataDir, env, input);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sift ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts the real `sift` binary over `dataDir` without waiting for it (long-running commands). Its stdin gets
 * `input` and then ends, as a terminal-less run would see it.
 */
export function spawnSift(args: string[], dataDir: string, env: Record<string, string> = {}, input = '') {
  // Only the variables this run sets: a SIFT_* from the developer's shell must not leak into the test.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SIFT_')));
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      SIFT_DATA_DIR: dataDir,
      SIFT_LOG_LEVEL: 'silent',
      SIFT_QUEUE_POLL_MS: '50',
      // `sift serve` on loopback without accounts; the auth tests turn them on.
      SIFT_AUTH: 'off',
      // Tests never download models: SIFT_EMBEDDER=auto then serves what the (empty) models dir holds.
      SIFT_ALLOW_MODEL_DOWNLOADS: 'false',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(input);
  return child;
}

/** Temp directories for one test file, all removed by `cleanup`. */
export function tempDirs(): { make(prefix: string): Promise<string>; cleanup(): Promise<void> } {
  const made: string[] = [];
  return {
    async make(prefix) {
      const dir = await mkdtemp(path.join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    async cleanup() {
      await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}
