import type { SwapCheck, SwapDecision, VectorSpaceOverview, VectorSpaceProfile } from '@sift/core';
import { swapCheckStatus } from '@sift/runtime';
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });
const SWAP_STATUSES = ['pending', 'passed', 'held', 'approved', 'discarded'] as const;
const ALPHA_SOURCES = ['config', 'preset', 'default', 'tuned', 'admin'] as const;

/** The fusion weight searches use when they name none. */
export const HybridAlphaSchema = z
  .object({
    value: z.number().min(0).max(1),
    source: z
      .enum(ALPHA_SOURCES)
      .describe(
        '`config`: SIFT_HYBRID_ALPHA; else the serving space’s own: its model’s `preset`, the `default`, ' +
          '`tuned` by `sift eval --tune --apply`, or set by an `admin`',
      ),
  })
  .describe('Weight of the vector leg in relative hybrid fusion (0 lexical … 1 vector)');

const SwapMetricsSchema = z
  .object({
    queries: z.number().int(),
    recent_queries: z.number().int(),
    probes: z.number().int(),
    empty_answers: z.number().int(),
    invalid_vectors: z.number().int(),
    vectors_checked: z.number().int(),
    query_vector_similarity: z.number().nullable(),
    distinct_new: z.number(),
    distinct_reference: z.number(),
    agreement: z.number().nullable(),
    chance_agreement: z.number().nullable(),
    self_recall_new: z.number().nullable(),
    self_recall_old: z.number().nullable(),
  })
  .describe('The sample the check ran: recent searches and probes cut from stored chunks');

/** The latest check or admin decision of a blue/green switch. */
export const SwapCheckSchema = z
  .object({
    status: z
      .enum(SWAP_STATUSES)
      .describe(
        '`held`: the new space failed its check and searches stay on the old one; `passed`: it switched; ' +
          '`approved`/`discarded`: an admin swapped anyway or refused it; `pending`: a recheck was asked for',
      ),
    from: z.string().nullable(),
    reasons: z.array(z.string()).describe('Why the switch is held, one sentence each'),
    metrics: SwapMetricsSchema.nullable(),
    checked_at: timestamp,
    decided_by: z.string().nullable().describe('The admin who decided, for approved/discarded/pending'),
    decided_at: timestamp.nullable(),
  })
  .meta({ id: 'SwapCheck' });

/** The fusion weight kept with a vector space. */
export const SpaceHybridAlphaSchema = z
  .object({
    value: z.number().min(0).max(1),
    source: z.enum(['preset', 'default', 'tuned', 'admin']),
    note: z.string().nullable(),
    updated_at: timestamp,
  })
  .meta({ id: 'SpaceHybridAlpha' });

export const EmbeddingsOverviewSchema = z
  .object({
    serving_space: z.string().nullable(),
    target_space: z.string().nullable(),
    hybrid_alpha: SpaceHybridAlphaSchema.nullable().describe(
      'The serving space’s own fusion weight (SIFT_HYBRID_ALPHA, when set, overrides it)',
    ),
    swap: SwapCheckSchema.nullable().describe('The latest check of switching to target_space'),
  })
  .meta({ id: 'EmbeddingsOverview' });

export const SwapDecisionSchema = z
  .object({
    swap: SwapCheckSchema,
    switched: z.boolean().describe('The new space serves from now on'),
    task_id: z
      .string()
      .nullable()
      .describe('The re-embedding task that finishes (and rechecks) the new space'),
  })
  .meta({ id: 'SwapDecision' });

export const HybridAlphaBodySchema = z.object({
  alpha: z.number().min(0).max(1).describe('Weight of the vector leg, 0 lexical … 1 vector'),
  note: z.string().max(500).optional().describe('Why, e.g. what it was tuned on'),
});

/** The wire form of a check: the same as in the system status. */
export function toSwapCheckResponse(check: SwapCheck): z.infer<typeof SwapCheckSchema> {
  return swapCheckStatus(check);
}

export function toEmbeddingsOverviewResponse(
  o: VectorSpaceOverview,
): z.infer<typeof EmbeddingsOverviewSchema> {
  return {
    serving_space: o.serving,
    target_space: o.target,
    hybrid_alpha: o.profile && toProfileResponse(o.profile),
    swap: o.check && toSwapCheckResponse(o.check),
  };
}

export function toProfileResponse(p: VectorSpaceProfile) {
  return { value: p.hybridAlpha, source: p.alphaSource, note: p.note, updated_at: p.updatedAt };
}

export function toSwapDecisionResponse(d: SwapDecision): z.infer<typeof SwapDecisionSchema> {
  return { swap: toSwapCheckResponse(d.check), switched: d.switched, task_id: d.taskId };
}
