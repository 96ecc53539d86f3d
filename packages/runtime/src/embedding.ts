import {
  OllamaEmbedder,
  OpenAiEmbedder,
  TransformersEmbedder,
  UseLiteEmbedder,
  USE_LITE_MODEL,
} from '@sift/adapter-embeddings';
import type { Config } from '@sift/config';
import type { Embedder } from '@sift/core';

/** Chooses the configured embedder; null for `SIFT_EMBEDDER=none` (lexical search only). */
export function createEmbedder(config: Config): Embedder | null {
  const e = config.embedding;
  const prefixes = {
    ...(e.queryPrefix ? { queryPrefix: e.queryPrefix } : {}),
    ...(e.passagePrefix ? { passagePrefix: e.passagePrefix } : {}),
  };
  switch (e.engine) {
    case 'none':
      return null;
    case 'use-lite':
      return new UseLiteEmbedder({ batchSize: e.batchSize });
    case 'transformers':
      return new TransformersEmbedder({
        ...(e.model ? { model: e.model } : {}),
        modelsDir: config.models.dir,
        allowRemoteModels: config.models.allowDownloads,
        pooling: e.pooling,
        batchSize: e.batchSize,
        ...prefixes,
      });
    case 'openai':
      // loadConfig guarantees the URL for the remote engines.
      return new OpenAiEmbedder({
        baseUrl: e.url ?? '',
        model: e.model ?? 'text-embedding-3-small',
        batchSize: e.batchSize,
        ...(e.apiKey ? { apiKey: e.apiKey } : {}),
        ...(e.dimensions ? { dimensions: e.dimensions } : {}),
        ...prefixes,
      });
    case 'ollama':
      return new OllamaEmbedder({
        baseUrl: e.url ?? '',
        model: e.model ?? 'nomic-embed-text',
        batchSize: e.batchSize,
        ...(e.apiKey ? { apiKey: e.apiKey } : {}),
        ...prefixes,
      });
  }
}

/**
 * An embedder for queries against an older space while a re-embedding runs (blue/green), when this process can
 * still run that model: the offline USE-lite, or a local transformers model. A remote model no longer
 * configured cannot be called: semantic search then waits for the new space.
 */
export function embedderForModel(config: Config, model: string): Embedder | null {
  if (model === USE_LITE_MODEL) return new UseLiteEmbedder();
  if (model.startsWith('openai:') || model.startsWith('ollama:')) return null;
  return new TransformersEmbedder({
    model,
    modelsDir: config.models.dir,
    allowRemoteModels: false,
    pooling: config.embedding.pooling,
  });
}
