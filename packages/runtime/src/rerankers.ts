import fs from 'node:fs';
import path from 'node:path';
import { CrossEncoderReranker } from '@sift/adapter-embeddings';
import type { Config } from '@sift/config';
import type { Logger, Reranker } from '@sift/core';

/** The rerankers a search service gets from config, and which one `rerank: true` means. */
export interface SearchRerankers {
  rerankers: Record<string, Reranker>;
  /** The reranker of `rerank: true`; null: none. */
  defaultReranker: string | null;
}

/**
 * Chooses the rerankers of SIFT_RERANKER; the only place that knows the cross-encoder adapter. `auto` means
 * the cross-encoder once its model is installed under SIFT_MODELS_DIR (`sift models fetch`), else none: an
 * offline box must not spend its first reranked search failing a download. `llm` rerankers come from
 * {@link llmRerankers}, passed in as `extra`; `mmr` is built into the search service.
 */
export function searchRerankers(
  config: Config,
  logger: Logger,
  extra: Record<string, Reranker> = {},
): SearchRerankers {
  const rerankers: Record<string, Reranker> = { ...extra };
  const choice = config.search.reranker;
  const crossEncoder = choice === 'cross-encoder' || (choice === 'auto' && crossEncoderModelPresent(config));
  if (crossEncoder) {
    rerankers['cross-encoder'] = new CrossEncoderReranker({
      model: config.search.rerankModel,
      modelsDir: config.models.dir,
      allowRemoteModels: config.models.allowDownloads,
    });
  }
  if (choice === 'auto') {
    logger.info(
      crossEncoder
        ? { reranker: 'cross-encoder', model: config.search.rerankModel }
        : { reranker: 'none', model: config.search.rerankModel },
      crossEncoder
        ? 'rerank: true uses the cross-encoder'
        : 'no cross-encoder model installed: rerank: true does not rerank (run `sift models fetch` to add one)',
    );
  }
  const defaultReranker = choice === 'auto' ? (crossEncoder ? 'cross-encoder' : null) : choice;
  return { rerankers, defaultReranker: defaultReranker === 'none' ? null : defaultReranker };
}

/**
 * Whether the cross-encoder's model is installed: transformers.js looks an id up as `<models dir>/<id>/`
 * (a path is its own directory); config.json and the fp32 ONNX graph it loads mark a usable install.
 */
export function crossEncoderModelPresent(config: Config): boolean {
  const model = config.search.rerankModel;
  const dir =
    path.isAbsolute(model) || model.startsWith('./') || model.startsWith('../')
      ? path.resolve(model)
      : path.resolve(config.models.dir, model);
  return fs.existsSync(path.join(dir, 'config.json')) && fs.existsSync(path.join(dir, 'onnx', 'model.onnx'));
}
