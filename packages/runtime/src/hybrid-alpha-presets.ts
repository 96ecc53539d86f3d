import { USE_LITE_MODEL } from '@sift/adapter-embeddings';

/**
 * Hybrid fusion weights (0 lexical … 1 vector) for models whose embedder does not tell its own: transformers
 * models known to adapter-embeddings report `defaultHybridAlpha` through `EmbedderInfo.hybridAlpha`, which wins.
 * A new vector space starts with its model's weight; a model with none starts at DEFAULT_HYBRID_ALPHA. USE-lite's
 * 0.1 is the weight measured on SciFact and Cranfield when it was the only embedder (the weak vector leg must
 * not drag lexical results down).
 */
const PRESETS: Readonly<Record<string, number>> = { [USE_LITE_MODEL]: 0.1 };

/** The preset fusion weight of `model`, if one was measured. */
export function hybridAlphaPreset(model: string): number | undefined {
  return PRESETS[model];
}
