import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '@sift/config';

/** A fresh temp data dir and a config over it (silent logs); `cleanup` deletes the dir. */
export async function tempConfig(
  env: Record<string, string> = {},
): Promise<{ config: Config; cleanup(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sift-runtime-'));
  return {
    // Tests never download models: SIFT_EMBEDDER=auto then serves what the (empty) models dir holds.
    config: loadConfig({
      SIFT_DATA_DIR: dataDir,
      SIFT_LOG_LEVEL: 'silent',
      SIFT_ALLOW_MODEL_DOWNLOADS: 'false',
      ...env,
    }),
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** Polls `fn` until it returns something truthy (then returns it), failing after `timeoutMs`. */
export async function until<T>(
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
