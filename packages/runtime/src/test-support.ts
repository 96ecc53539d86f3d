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
    config: loadConfig({ SIFT_DATA_DIR: dataDir, SIFT_LOG_LEVEL: 'silent', ...env }),
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}
