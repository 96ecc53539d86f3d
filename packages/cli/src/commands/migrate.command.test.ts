import { afterEach, describe, expect, it } from 'vitest';
import { runSift, tempDirs } from '../testing/run-sift.js';

interface MigrateJson {
  applied: { version: number; name: string }[];
  version: number;
}

describe('sift migrate', { timeout: 60_000 }, () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  it('applies every migration to a fresh data dir, then reports the schema current', async () => {
    const dataDir = await dirs.make('sift-cli-migrate-');

    const first = await runSift(['migrate', '--json'], dataDir);

    expect(first.code).toBe(0);
    const applied = JSON.parse(first.stdout) as MigrateJson;
    expect(applied.applied.length).toBeGreaterThan(0);
    expect(applied.applied.map((m) => m.version)).toEqual(applied.applied.map((_, i) => i + 1));
    expect(applied.applied.every((m) => m.name.length > 0)).toBe(true);
    expect(applied.version).toBe(applied.applied.at(-1)!.version);

    const second = await runSift(['migrate', '--json'], dataDir);

    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ applied: [], version: applied.version });
    const human = await runSift(['migrate'], dataDir);
    expect(human.stdout.trim()).toBe(`Schema is current (version ${applied.version}).`);
  });
});
