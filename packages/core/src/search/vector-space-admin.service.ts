import type { Access } from '../auth/access.js';
import type { AuditService } from '../auth/audit.service.js';
import type { RequestOrigin } from '../auth/auth.types.js';
import type { TaskService } from '../jobs/task.service.js';
import type { SwapCheck, VectorSpaceProfile } from './vector-space.types.js';
import type { VectorSpaceService } from './vector-space.service.js';

const NO_ORIGIN: RequestOrigin = { ip: null, userAgent: null, requestId: null };

/** What an admin sees of the vector spaces. */
export interface VectorSpaceOverview {
  serving: string | null;
  /** Null when the configured embedder cannot be asked (its model does not load here). */
  target: string | null;
  /** The serving space's fusion weight and where it came from. */
  profile: VectorSpaceProfile | null;
  /** The latest check or decision about switching to `target`; null when none is about it. */
  check: SwapCheck | null;
}

/** The outcome of an admin's swap decision. */
export interface SwapDecision {
  check: SwapCheck;
  /** True when the new space serves from now on. */
  switched: boolean;
  /** The re-embedding task enqueued to finish (and, for a recheck, check) the new space, if any. */
  taskId: string | null;
}

/**
 * The admin side of vector spaces, used by the admin API and `sift embeddings`: overrides of a held
 * blue/green switch (swap anyway, discard the new space, check again) and the serving space's fusion weight.
 * Admins only; every change goes to the audit trail with its before and after.
 */
export class VectorSpaceAdminService {
  constructor(
    private readonly deps: { spaces: VectorSpaceService; tasks: TaskService; audit: AuditService },
  ) {}

  async overview(access: Access): Promise<VectorSpaceOverview> {
    access.requireAdmin();
    const { spaces } = this.deps;
    const [profile, target, check] = await Promise.all([
      spaces.servingProfile(),
      spaces.enabled
        ? spaces.target().then(
            (t) => t.space.id,
            () => null,
          )
        : null,
      spaces.swapCheck(),
    ]);
    return {
      serving: profile?.spaceId ?? null,
      target,
      profile,
      check: check && check.to === target ? check : null,
    };
  }

  /** Swap anyway: the configured model's space serves now (or once re-embedded), without a check. */
  async swap(access: Access, origin: RequestOrigin = NO_ORIGIN): Promise<SwapDecision> {
    access.requireAdmin();
    const before = await this.deps.spaces.swapCheck();
    const result = await this.deps.spaces.approveSwap(access.userId);
    const taskId = result.switched ? null : await this.enqueueReembed(result.check.to);
    await this.record(access, origin, 'embeddings.swap', result.check, before, { switched: result.switched });
    return { check: result.check, switched: result.switched, taskId };
  }

  /** Refuse the configured model's space: its vectors go, the old space keeps serving. */
  async discard(access: Access, origin: RequestOrigin = NO_ORIGIN): Promise<SwapDecision> {
    access.requireAdmin();
    const before = await this.deps.spaces.swapCheck();
    const check = await this.deps.spaces.discardTarget(access.userId);
    await this.record(access, origin, 'embeddings.discard', check, before, {});
    return { check, switched: false, taskId: null };
  }

  /** Check again: re-embed what is missing, run the check, switch if it passes. */
  async recheck(access: Access, origin: RequestOrigin = NO_ORIGIN): Promise<SwapDecision> {
    access.requireAdmin();
    const before = await this.deps.spaces.swapCheck();
    const check = await this.deps.spaces.requestRecheck(access.userId);
    const taskId = await this.enqueueReembed(check.to);
    await this.record(access, origin, 'embeddings.recheck', check, before, {});
    return { check, switched: false, taskId };
  }

  /** Sets the serving space's fusion weight (`source` tuned: from `sift eval --tune --apply`). */
  async setHybridAlpha(
    access: Access,
    input: { alpha: number; source?: 'admin' | 'tuned'; note?: string | null },
    origin: RequestOrigin = NO_ORIGIN,
  ): Promise<VectorSpaceProfile> {
    access.requireAdmin();
    const { before, after } = await this.deps.spaces.setHybridAlpha(
      input.alpha,
      input.source ?? 'admin',
      input.note ?? null,
    );
    await this.deps.audit.record(access, origin, {
      action: 'embeddings.hybrid_alpha',
      entityType: 'vector_space',
      entityId: after.spaceId,
      before: { hybridAlpha: before.hybridAlpha, alphaSource: before.alphaSource },
      after: { hybridAlpha: after.hybridAlpha, alphaSource: after.alphaSource, note: after.note },
    });
    return after;
  }

  private async enqueueReembed(space: string): Promise<string> {
    // The same unique key as the start-up enqueue: a task already waiting for this space is reused.
    const task = await this.deps.tasks.enqueue('index.reembed', { space }, { uniqueKey: `reembed:${space}` });
    return task.id;
  }

  private record(
    access: Access,
    origin: RequestOrigin,
    action: string,
    check: SwapCheck,
    before: SwapCheck | null,
    extra: Record<string, unknown>,
  ): Promise<void> {
    return this.deps.audit.record(access, origin, {
      action,
      entityType: 'vector_space',
      entityId: check.to,
      before: before ? { status: before.status, to: before.to, reasons: before.reasons } : null,
      after: { status: check.status, from: check.from, to: check.to, ...extra },
    });
  }
}
