export {
  UseLiteEmbedder,
  USE_LITE_MODEL,
  USE_LITE_DIMENSIONS,
  USE_LITE_MAX_CHARS,
  truncateAtWord,
  type UseLiteEmbedderOptions,
} from './use-lite.embedder.js';
export {
  TransformersEmbedder,
  DEFAULT_TRANSFORMERS_EMBEDDING_MODEL,
  type TransformersEmbedderOptions,
  type TransformersEmbedderSettings,
  type TransformersPooling,
} from './transformers.embedder.js';
export {
  AUTO_EMBEDDING_MODELS,
  KNOWN_EMBEDDING_MODELS,
  knownEmbeddingModel,
  type KnownEmbeddingModel,
} from './known-embedding-models.js';
export { isModelInstalled, type EmbeddingDtype } from './transformers-model-files.js';
export { OpenAiEmbedder, type OpenAiEmbedderOptions } from './openai.embedder.js';
export { OllamaEmbedder, type OllamaEmbedderOptions } from './ollama.embedder.js';
export { RemoteEmbedder, type RemoteEmbedderSettings } from './remote-embedder.js';
export { EmbeddingHttpClient, errorMessage, type EmbeddingHttpOptions } from './embedding-http.client.js';
export { l2Normalize, batches, withPrefix } from './vector-math.js';
export {
  CrossEncoderReranker,
  DEFAULT_CROSS_ENCODER_MODEL,
  type CrossEncoderRerankerOptions,
} from './cross-encoder.reranker.js';
export {
  UseMultilingualEmbedder,
  USE_MULTILINGUAL_MODEL,
  USE_MULTILINGUAL_NAME,
  USE_MULTILINGUAL_DIMENSIONS,
  isUseMultilingualModel,
  isUseMultilingualInstalled,
  type UseMultilingualEmbedderOptions,
} from './use-multilingual.embedder.js';
export { installUseMultilingual } from './use-multilingual-install.js';
