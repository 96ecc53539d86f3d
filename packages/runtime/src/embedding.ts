import path from 'node:path';
import {
  AUTO_EMBEDDING_MODELS,
  isModelInstalled,
  isUseMultilingualInstalled,
  isUseMultilingualModel,
  knownEmbeddingModel,
  OllamaEmbedder,
  OpenAiEmbedder,
  TransformersEmbedder,
  UseLiteEmbedder,
  UseMultilingualEmbedder,
  USE_LITE_MODEL,
  USE_MULTILINGUAL_MODEL,
} from '@sift/adapter-embeddings';
import type { Config } from '@sift/config';
import { silentLogger, type Embedder, type Logger } from '@sift/core';
import { describeEmbedder, ServingEmbedder, type EmbedderStatus } from './serving-embedder.js';

/** The command that installs the preferred model, named wherever Sift says it lacks one. */
export const FETCH_EMBEDDING_MODEL_COMMAND = 'sift models fetch bge-small-en-v1.5';

/**
 * Chooses the configured embedder (null for `SIFT_EMBEDDER=none`: lexical search only) and logs one line
 * saying which serves and why. `auto` takes the first known model installed in SIFT_MODELS_DIR (bge-small,
 * all-MiniLM-L6-v2, then the multilingual ones), else bge-small downloaded on first use when downloads are
 * allowed (USE-lite if that fails), else USE-lite, which ships with Sift.
 */
export function createEmbedder(config: Config, logger: Logger = silentLogger): ServingEmbedder | null {
  const e = config.embedding;
  let serving: ServingEmbedder;
  switch (e.engine) {
    case 'none':
      logger.info({ embedder: null }, 'embedder: none — SIFT_EMBEDDER=none (lexical search only)');
      return null;
    case 'auto':
      serving = autoEmbedder(config, logger);
      break;
    case 'use-lite':
      serving = new ServingEmbedder(useLite(config), useLiteStatus('SIFT_EMBEDDER=use-lite'));
      break;
    case 'transformers': {
      if (e.model && isUseMultilingualModel(e.model)) {
        serving = new ServingEmbedder(
          useMultilingual(config),
          useMultilingualStatus('SIFT_EMBEDDER=transformers'),
        );
        break;
      }
      const embedder = transformers(config, e.model ?? undefined, config.models.allowDownloads);
      serving = new ServingEmbedder(embedder, transformersStatus(embedder, 'SIFT_EMBEDDER=transformers'));
      break;
    }
    case 'openai':
      // loadConfig guarantees the URL for the remote engines.
      serving = new ServingEmbedder(
        new OpenAiEmbedder({
          baseUrl: e.url ?? '',
          model: e.model ?? 'text-embedding-3-small',
          batchSize: e.batchSize,
          ...(e.apiKey ? { apiKey: e.apiKey } : {}),
          ...(e.dimensions ? { dimensions: e.dimensions } : {}),
          ...prefixes(config),
        }),
        { engine: 'openai', model: e.model ?? 'text-embedding-3-small', reason: 'SIFT_EMBEDDER=openai' },
      );
      break;
    case 'ollama':
      serving = new ServingEmbedder(
        new OllamaEmbedder({
          baseUrl: e.url ?? '',
          model: e.model ?? 'nomic-embed-text',
          batchSize: e.batchSize,
          ...(e.apiKey ? { apiKey: e.apiKey } : {}),
          ...prefixes(config),
        }),
        { engine: 'ollama', model: e.model ?? 'nomic-embed-text', reason: 'SIFT_EMBEDDER=ollama' },
      );
      break;
  }
  const status = serving.status();
  // The log names the directory (the operator's own setting); the status shown by readiness does not.
  const where = `SIFT_MODELS_DIR (${displayPath(config.models.dir)})`;
  logger.info(
    { embedder: status },
    `embedder: ${describeEmbedder(status).replace('SIFT_MODELS_DIR', where)}`,
  );
  return serving;
}

function autoEmbedder(config: Config, logger: Logger): ServingEmbedder {
  const wanted = config.embedding.model ? [config.embedding.model] : AUTO_EMBEDDING_MODELS;
  for (const model of wanted) {
    // USE-multilingual is not a transformers.js model; auto takes it only when it is the one asked for.
    if (isUseMultilingualModel(model)) {
      if (!isUseMultilingualInstalled(config.models.dir)) continue;
      return new ServingEmbedder(useMultilingual(config), useMultilingualStatus('found in SIFT_MODELS_DIR'));
    }
    // A known model may be installed under another of its ids (the original repository's, say).
    const preset = knownEmbeddingModel(model);
    const ids = preset ? [preset.id, ...preset.aliases] : [model];
    const installed = ids.find((id) => isModelInstalled(id, config.models.dir));
    if (!installed) continue;
    const embedder = transformers(config, installed, false);
    return new ServingEmbedder(embedder, transformersStatus(embedder, 'found in SIFT_MODELS_DIR'));
  }
  const fallback = useLiteStatus(
    config.models.allowDownloads
      ? 'the bundled fallback'
      : `no real model in SIFT_MODELS_DIR and downloads are off: the bundled fallback (install one: ${FETCH_EMBEDDING_MODEL_COMMAND})`,
  );
  if (!config.models.allowDownloads) return new ServingEmbedder(useLite(config), fallback);
  const embedder = transformers(config, wanted[0], true);
  return new ServingEmbedder(
    embedder,
    transformersStatus(
      embedder,
      'not in SIFT_MODELS_DIR: downloaded on first use (SIFT_ALLOW_MODEL_DOWNLOADS), else use-lite',
    ),
    { fallback: { create: () => useLite(config), status: fallback }, logger },
  );
}

function useLite(config: Config): UseLiteEmbedder {
  return new UseLiteEmbedder({ batchSize: config.embedding.batchSize });
}

function useMultilingual(config: Config): UseMultilingualEmbedder {
  return new UseMultilingualEmbedder({ modelsDir: config.models.dir });
}

function useMultilingualStatus(reason: string): EmbedderStatus {
  // It runs on ONNX Runtime like the transformers models, int8 only, and pools inside its graph.
  return { engine: 'transformers', model: USE_MULTILINGUAL_MODEL, dtype: 'q8', reason };
}

function useLiteStatus(reason: string): EmbedderStatus {
  return { engine: 'use-lite', model: USE_LITE_MODEL, reason };
}

function transformers(
  config: Config,
  model: string | undefined,
  allowDownloads: boolean,
): TransformersEmbedder {
  const e = config.embedding;
  return new TransformersEmbedder({
    ...(model ? { model } : {}),
    modelsDir: config.models.dir,
    allowRemoteModels: allowDownloads,
    dtype: e.dtype,
    batchSize: e.batchSize,
    maxBatchTokens: e.maxBatchTokens,
    ...(e.pooling ? { pooling: e.pooling } : {}),
    ...prefixes(config),
  });
}

function transformersStatus(embedder: TransformersEmbedder, reason: string): EmbedderStatus {
  const { name, dtype, pooling } = embedder.settings;
  return { engine: 'transformers', model: name, dtype, pooling, reason };
}

function prefixes(config: Config): { queryPrefix?: string; passagePrefix?: string } {
  const e = config.embedding;
  return {
    ...(e.queryPrefix ? { queryPrefix: e.queryPrefix } : {}),
    ...(e.passagePrefix ? { passagePrefix: e.passagePrefix } : {}),
  };
}

/** `./data/models` for a directory under the working directory, else the absolute path. */
function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? `./${relative}` : dir;
}

/** A vector space's model id: the model, and the weights after a colon unless fp32 (`BAAI/bge-small-en-v1.5:q8`). */
const WEIGHTS_SUFFIX = /^(.+):(q8|fp16|int8|uint8|q4|q4f16|bnb4)$/;

/**
 * An embedder for queries against an older space while a re-embedding runs (blue/green), when this process can
 * still run that model: the offline USE-lite, or a local transformers model (with its preset, or the configured
 * settings when it is the configured model). A remote model no longer configured cannot be called: semantic
 * search then waits for the new space.
 */
export function embedderForModel(config: Config, model: string): Embedder | null {
  if (model === USE_LITE_MODEL) return new UseLiteEmbedder();
  if (isUseMultilingualModel(model)) return useMultilingual(config);
  if (model.startsWith('openai:') || model.startsWith('ollama:')) return null;
  const [, name = model, dtype = 'fp32'] = WEIGHTS_SUFFIX.exec(model) ?? [];
  const configured = name === config.embedding.model;
  return new TransformersEmbedder({
    model: name,
    id: model,
    modelsDir: config.models.dir,
    allowRemoteModels: false,
    dtype,
    maxBatchTokens: config.embedding.maxBatchTokens,
    ...(configured && config.embedding.pooling ? { pooling: config.embedding.pooling } : {}),
    ...(configured ? prefixes(config) : {}),
  });
}
