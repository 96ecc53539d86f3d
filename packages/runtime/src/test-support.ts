import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteDatabase, SqliteMetadataStore } from '@sift/adapter-sqlite';
import { loadConfig, type Config } from '@sift/config';
import type { Logger } from '@sift/core';

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

/** A migrated SQLite metadata store with the local user in a temp dir; `cleanup` closes it and deletes the dir. */
export async function tempSqliteStore() {
  const dir = await mkdtemp(path.join(tmpdir(), 'sift-store-'));
  const db = openSqliteDatabase(path.join(dir, 'sift.db'));
  const store = new SqliteMetadataStore(db);
  await store.migrate();
  await store.ensureLocalUser();
  const cleanup = async () => {
    if (db.open) db.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { store, db, cleanup };
}

/** A logger that keeps the messages of its info and warn lines, to assert on them. */
export function keepingLogger(): Logger & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  const logger = {
    warnings,
    infos,
    debug: () => {},
    info: (_: unknown, msg?: string) => void infos.push(msg ?? ''),
    warn: (_: unknown, msg?: string) => void warnings.push(msg ?? ''),
    error: () => {},
    child: () => logger,
  };
  return logger as unknown as Logger & { warnings: string[]; infos: string[] };
}
