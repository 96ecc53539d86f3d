import { AppError } from '../errors.js';
import type { Embedder } from '../ports/embedder.port.js';
import type { EventBus } from '../ports/event-bus.port.js';
import type { LexicalIndex } from '../ports/lexical-index.port.js';
import { silentLogger, type Logger } from '../ports/logger.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { VectorIndex } from '../ports/vector-index.port.js';
import type { VectorSpace } from './search.types.js';
import { fillSpace } from './space-fill.js';
import { SpaceProfiles } from './space-profiles.js';
import { validateSwap } from './swap-validation.js';
import type { HybridAlphaSource, SwapCheck, VectorSpaceProfile } from './vector-space.types.js';

/** A vector space with the embedder that embeds queries for it. */
export interface ServingSpace {
  space: VectorSpace;
  model: string;
  embedder: Embedder;
}

/** What a re-embedding run did. */
export interface ReembedResult {
  embedded: number;
  /** True when the target space became the serving one (and the old one was dropped). */
  switched: boolean;
  from: string | null;
  to: string;
  /** Present when the new space is complete but its check held the switch (see `swapCheck`). */
  held?: true;
  reasons?: string[];
  /** Present when an admin discarded the target space: nothing was embedded. */
  discarded?: true;
}

export interface VectorSpaceDeps {
  metadata: MetadataStore;
  vectors: VectorIndex;
  /** The configured embedder: new documents and re-embedding write its space; null: no vectors at all. */
  embedder: Embedder | null;
  /**
   * An embedder for another model's queries while that model's space still serves (blue/green), or null when
   * this process cannot run it (a remote service no longer configured): semantic search then pauses until the
   * new space is complete, and lexical search goes on.
   */
  embedderFor?: (model: string) => Embedder | null;
  /** The lexical index, the reference of the swap check besides the old space; without it, the old one only. */
  lexical?: LexicalIndex;
  /**
   * The fusion weight known for a model (its preset), when the embedder's own `info().hybridAlpha` gives none;
   * a model with neither starts at DEFAULT_HYBRID_ALPHA.
   */
  hybridAlphaPreset?: (model: string) => number | undefined;
  /** Check a re-embedded space before it serves (default true). */
  validateSwaps?: boolean;
  events?: EventBus;
  logger?: Logger;
}

/** `use-lite@512` → `use-lite`. */
export function modelOfSpace(spaceId: string): string {
  const at = spaceId.lastIndexOf('@');
  return at > 0 ? spaceId.slice(0, at) : spaceId;
}

/**
 * Which vector space serves searches and which one new vectors go to. Normally both are the configured
 * embedder's. After a model change they differ: ingestion writes the new (target) space, a maintenance task
 * re-embeds every chunk into it (unchanged texts come from the embedding cache), and only when no chunk is
 * missing and a sample of queries shows the new space works (swap-validation.ts) does the target become the
 * serving space and the old one get dropped. Until then searches keep reading the old space; a held switch
 * waits for an admin (`approveSwap`, `discardTarget`) or a recheck. Each space keeps its own hybrid fusion
 * weight (its profile).
 */
export class VectorSpaceService {
  private readonly logger: Logger;
  private readonly others = new Map<string, Embedder | null>();
  private readonly profiles: SpaceProfiles;

  constructor(private readonly deps: VectorSpaceDeps) {
    this.logger = deps.logger ?? silentLogger;
    this.profiles = new SpaceProfiles(deps.metadata, deps.hybridAlphaPreset);
  }

  /** The configured embedder's space: where new vectors go. */
  async target(): Promise<{ space: VectorSpace; model: string; hybridAlpha?: number }> {
    const info = await this.embedder().info();
    return {
      space: { id: `${info.model}@${info.dimensions}`, dimensions: info.dimensions },
      model: info.model,
      ...(info.hybridAlpha !== undefined ? { hybridAlpha: info.hybridAlpha } : {}),
    };
  }

  /** The space searches read, with an embedder for queries; null when there is none or it cannot be queried. */
  async serving(): Promise<ServingSpace | null> {
    const space = await this.deps.metadata.search.servingSpace();
    if (!space || !this.deps.embedder) return null;
    const target = await this.target();
    if (space.id === target.space.id) return { space, model: target.model, embedder: this.deps.embedder };
    const model = modelOfSpace(space.id);
    if (!this.others.has(model)) this.others.set(model, this.deps.embedderFor?.(model) ?? null);
    const embedder = this.others.get(model);
    return embedder ? { space, model, embedder } : null;
  }

  /**
   * Called at start: a fresh install serves the configured space at once. Returns whether the configured space
   * differs from the serving one, that is whether a re-embedding must run.
   */
  async ensure(): Promise<{ reembedNeeded: boolean; serving: string; target: string }> {
    const target = await this.target();
    const serving = await this.deps.metadata.search.servingSpace();
    if (!serving) {
      await this.profiles.ensure(target.space.id, target.model, target.hybridAlpha);
      await this.deps.metadata.search.setServingSpace(target.space);
      return { reembedNeeded: false, serving: target.space.id, target: target.space.id };
    }
    // An admin refused this model's space: it is not rebuilt until a recheck asks for it.
    const check = await this.deps.metadata.search.swapCheck();
    const discarded = check?.to === target.space.id && check.status === 'discarded';
    return {
      reembedNeeded: serving.id !== target.space.id && !discarded,
      serving: serving.id,
      target: target.space.id,
    };
  }

  /** The serving space's profile (its fusion weight), chosen from its model's preset when first asked; null: none. */
  async servingProfile(): Promise<VectorSpaceProfile | null> {
    const serving = await this.deps.metadata.search.servingSpace();
    if (!serving) return null;
    // Every hybrid search asks: one read when the profile exists, the embedder only when it must be created.
    const existing = await this.deps.metadata.search.spaceProfile(serving.id);
    if (existing) return existing;
    const target = this.deps.embedder ? await this.target().catch(() => null) : null;
    return this.profiles.ensure(
      serving.id,
      modelOfSpace(serving.id),
      target?.space.id === serving.id ? target.hybridAlpha : undefined,
    );
  }

  /** Stores the fusion weight searches use on the serving space when a request names none. */
  async setHybridAlpha(
    alpha: number,
    source: HybridAlphaSource,
    note: string | null = null,
  ): Promise<{ before: VectorSpaceProfile; after: VectorSpaceProfile }> {
    // A fresh install serves the configured space from its first start; a weight set before that is for it.
    if (this.deps.embedder && !(await this.deps.metadata.search.servingSpace())) await this.ensure();
    const before = await this.servingProfile();
    if (!before) {
      throw new AppError('VECTOR_SPACE_NONE', 'conflict', 'no vector space serves searches yet');
    }
    return { before, after: await this.profiles.setAlpha(before.spaceId, alpha, source, note) };
  }

  /** The latest swap check or admin decision (see SwapCheck). */
  swapCheck(): Promise<SwapCheck | null> {
    return this.deps.metadata.search.swapCheck();
  }

  /**
   * Embeds every chunk that has no vector in the target space, in batches; then, when the space is complete and
   * its check passes (or an admin approved it), switches the serving space to it and drops the old one.
   * Idempotent and resumable: a re-delivered task continues where the last stopped, and checks again.
   */
  async reembed(
    options: {
      batchSize?: number;
      signal?: AbortSignal;
      onProgress?: (done: number, total: number) => void;
    } = {},
  ): Promise<ReembedResult> {
    const { metadata } = this.deps;
    const target = await this.target();
    const to = target.space.id;
    const decided = await this.decisionFor(to);
    if (decided?.status === 'discarded') {
      return { embedded: 0, switched: false, from: decided.from, to, discarded: true };
    }
    await this.profiles.ensure(to, target.model, target.hybridAlpha);
    const embedded = await fillSpace(this.deps, this.embedder(), target.space, options);
    const old = await metadata.search.servingSpace();
    if (old?.id === to) return { embedded, switched: false, from: old.id, to };
    if (old && this.deps.validateSwaps !== false && decided?.status !== 'approved') {
      const { reasons, metrics } = await validateSwap(
        { metadata, vectors: this.deps.vectors, lexical: this.deps.lexical ?? null },
        { old: await this.oldSide(old), target: { space: target.space, embedder: this.embedder() } },
        options.signal ? { signal: options.signal } : {},
      );
      const status = reasons.length > 0 ? 'held' : 'passed';
      await this.saveCheck({ from: old.id, to, status, reasons, metrics, decidedBy: null });
      if (status === 'held') {
        this.logger.warn({ from: old.id, to, reasons, metrics }, 'vector space switch held by its check');
        return { embedded, switched: false, from: old.id, to, held: true, reasons };
      }
    }
    await this.switchTo(target.space, old);
    this.logger.info({ from: old?.id ?? null, to, embedded }, 'vector space switched');
    return { embedded, switched: true, from: old?.id ?? null, to };
  }

  /**
   * An admin's override of a held (or not yet checked) switch: the target serves now when it is complete,
   * otherwise as soon as the re-embedding completes, without a check. `missing` > 0: a re-embedding must run.
   */
  async approveSwap(by: string): Promise<{ switched: boolean; missing: number; check: SwapCheck }> {
    const { serving, target } = await this.pendingSwitch();
    const previous = await this.decisionFor(target.space.id);
    const check = await this.saveCheck({
      from: serving.id,
      to: target.space.id,
      status: 'approved',
      reasons: previous?.reasons ?? [],
      metrics: previous?.metrics ?? null,
      decidedBy: by,
    });
    const missing = await this.deps.metadata.search.countChunksMissingVectors(target.space.id);
    if (missing > 0) return { switched: false, missing, check };
    await this.profiles.ensure(target.space.id, target.model, target.hybridAlpha);
    await this.switchTo(target.space, serving);
    this.logger.warn({ from: serving.id, to: target.space.id, by }, 'vector space switched by an admin');
    return { switched: true, missing: 0, check };
  }

  /**
   * An admin's refusal of the configured model's space: its vectors are dropped and it is not rebuilt until a
   * recheck; searches keep the old space. New documents still get vectors of the configured model.
   */
  async discardTarget(by: string): Promise<SwapCheck> {
    const { serving, target } = await this.pendingSwitch();
    const previous = await this.decisionFor(target.space.id);
    await this.deps.vectors.dropSpace(target.space);
    await this.deps.metadata.search.deleteSpaceProfile(target.space.id);
    this.logger.warn({ serving: serving.id, discarded: target.space.id, by }, 'vector space discarded');
    return this.saveCheck({
      from: serving.id,
      to: target.space.id,
      status: 'discarded',
      reasons: previous?.reasons ?? [],
      metrics: previous?.metrics ?? null,
      decidedBy: by,
    });
  }

  /** Clears a hold or a discard so that the next re-embedding run (the caller enqueues it) checks again. */
  async requestRecheck(by: string): Promise<SwapCheck> {
    const { serving, target } = await this.pendingSwitch();
    return this.saveCheck({
      from: serving.id,
      to: target.space.id,
      status: 'pending',
      reasons: [],
      metrics: null,
      decidedBy: by,
    });
  }

  private async switchTo(space: VectorSpace, old: VectorSpace | null): Promise<void> {
    await this.deps.metadata.search.setServingSpace(space);
    if (old) {
      await this.deps.vectors.dropSpace(old);
      await this.deps.metadata.search.deleteSpaceProfile(old.id);
    }
    this.others.clear();
    this.deps.events?.publish({ type: 'search.space_switched', from: old?.id ?? null, to: space.id });
  }

  /** The old space with an embedder for its queries, or null when its model cannot run here. */
  private async oldSide(old: VectorSpace): Promise<{ space: VectorSpace; embedder: Embedder } | null> {
    const serving = await this.serving();
    return serving?.space.id === old.id ? { space: old, embedder: serving.embedder } : null;
  }

  /** The serving space and a different configured target; a conflict when there is no switch to decide. */
  private async pendingSwitch(): Promise<{
    serving: VectorSpace;
    target: Awaited<ReturnType<VectorSpaceService['target']>>;
  }> {
    const target = await this.target();
    const serving = await this.deps.metadata.search.servingSpace();
    if (!serving || serving.id === target.space.id) {
      throw new AppError(
        'VECTOR_SPACE_NO_SWITCH',
        'conflict',
        `the configured model's space ${target.space.id} already serves searches: there is no switch to decide`,
        { details: { serving: serving?.id ?? null, target: target.space.id } },
      );
    }
    return { serving, target };
  }

  /** The stored check when it is about `to`; one about another target is stale. */
  private async decisionFor(to: string): Promise<SwapCheck | null> {
    const check = await this.deps.metadata.search.swapCheck();
    return check?.to === to ? check : null;
  }

  private async saveCheck(check: Omit<SwapCheck, 'checkedAt' | 'decidedAt'>): Promise<SwapCheck> {
    const now = new Date().toISOString();
    const full: SwapCheck = { ...check, checkedAt: now, decidedAt: check.decidedBy ? now : null };
    await this.deps.metadata.search.saveSwapCheck(full);
    return full;
  }

  /** Whether vectors are configured at all. */
  get enabled(): boolean {
    return this.deps.embedder !== null;
  }

  private embedder(): Embedder {
    if (!this.deps.embedder) {
      throw new AppError('EMBEDDER_DISABLED', 'user', 'no embedder is configured (SIFT_EMBEDDER=none)');
    }
    return this.deps.embedder;
  }
}
