import { AppError } from '../errors.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { HybridAlphaSource, VectorSpaceProfile } from './vector-space.types.js';

/**
 * The fusion weight of a model with no preset. Real encoders usually deserve an even share or more of the
 * fused score; the weak USE-lite (preset 0.1) is the exception, and `sift eval --tune` finds the right one.
 */
export const DEFAULT_HYBRID_ALPHA = 0.5;

/** Per-space profiles: created from the model's preset the first time a space is seen, then kept. */
export class SpaceProfiles {
  constructor(
    private readonly metadata: MetadataStore,
    private readonly preset: (model: string) => number | undefined = () => undefined,
  ) {}

  /** The space's profile, created when missing: the embedder's hint, else the model's preset, else the default. */
  async ensure(spaceId: string, model: string, hint?: number): Promise<VectorSpaceProfile> {
    const existing = await this.metadata.search.spaceProfile(spaceId);
    if (existing) return existing;
    const known = validAlpha(hint) ?? validAlpha(this.preset(model));
    const profile: VectorSpaceProfile = {
      spaceId,
      hybridAlpha: known ?? DEFAULT_HYBRID_ALPHA,
      alphaSource: known === undefined ? 'default' : 'preset',
      note: null,
      updatedAt: new Date().toISOString(),
    };
    await this.metadata.search.saveSpaceProfile(profile);
    return profile;
  }

  async setAlpha(
    spaceId: string,
    alpha: number,
    source: HybridAlphaSource,
    note: string | null,
  ): Promise<VectorSpaceProfile> {
    if (validAlpha(alpha) === undefined) {
      throw new AppError('HYBRID_ALPHA_INVALID', 'user', 'the fusion weight is a number from 0 to 1', {
        details: { alpha },
      });
    }
    const profile: VectorSpaceProfile = {
      spaceId,
      hybridAlpha: alpha,
      alphaSource: source,
      note,
      updatedAt: new Date().toISOString(),
    };
    await this.metadata.search.saveSpaceProfile(profile);
    return profile;
  }
}

function validAlpha(alpha: number | undefined): number | undefined {
  return alpha !== undefined && Number.isFinite(alpha) && alpha >= 0 && alpha <= 1 ? alpha : undefined;
}
