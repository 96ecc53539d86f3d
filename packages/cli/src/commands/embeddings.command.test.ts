import { afterAll, describe, expect, it } from 'vitest';
import { runSift, tempDirs } from '../testing/run-sift.js';

/** The bundled model: no download attempt, a known space and preset weight. */
const ENV = { SIFT_EMBEDDER: 'use-lite' };

describe('sift embeddings', { timeout: 240_000 }, () => {
  const dirs = tempDirs();
  afterAll(() => dirs.cleanup());

  it('sets the serving space’s fusion weight (audited), shows it, and refuses overrides with nothing to decide', async () => {
    const dataDir = await dirs.make('sift-cli-embeddings-');
    const sift = (...args: string[]) => runSift(args, dataDir, 90_000, ENV);

    const set = await sift('embeddings', 'alpha', '0.4', '--note', 'by hand', '--json');
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      spaceId: 'use-lite@512',
      hybridAlpha: 0.4,
      alphaSource: 'admin',
      note: 'by hand',
    });

    const status = await sift('embeddings', 'status');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('Serving   use-lite@512');
    expect(status.stdout).toContain('Fusion    α 0.4 (admin) — by hand');

    // The configured model already serves: no switch to swap, discard or recheck.
    const swap = await sift('embeddings', 'swap');
    expect(swap.code).toBe(2);
    expect(swap.stderr).toContain('[VECTOR_SPACE_NO_SWITCH]');
    const bad = await sift('embeddings', 'alpha', '1.5');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('[HYBRID_ALPHA_INVALID]');

    const audit = await sift('audit', '--entity', 'vector_space', '--json');
    expect(audit.code, audit.stderr).toBe(0);
    expect(JSON.parse(audit.stdout)).toMatchObject([
      {
        action: 'embeddings.hybrid_alpha',
        entityId: 'use-lite@512',
        before: { hybridAlpha: 0.1, alphaSource: 'preset' },
        after: { hybridAlpha: 0.4, alphaSource: 'admin' },
      },
    ]);
  });
});
