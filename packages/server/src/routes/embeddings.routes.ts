import type { SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { originOf } from '../auth/origin.js';
import { accessOf } from '../auth/permissions.js';
import { problemResponses } from '../problem.schema.js';
import {
  EmbeddingsOverviewSchema,
  HybridAlphaBodySchema,
  SwapDecisionSchema,
  toEmbeddingsOverviewResponse,
  toProfileResponse,
  toSwapDecisionResponse,
  SpaceHybridAlphaSchema,
} from './embeddings.schema.js';

const DECISIONS = {
  swap: {
    summary: 'Switch to the new vector space anyway',
    description:
      'Overrides a held (or not yet checked) blue/green switch: the configured model’s space serves searches ' +
      'now when it is complete, or as soon as the re-embedding task (`task_id`) completes, without a check. ' +
      '409 VECTOR_SPACE_NO_SWITCH when it already serves.',
  },
  discard: {
    summary: 'Discard the new vector space',
    description:
      'Refuses the configured model’s space: its vectors are dropped, searches keep the old space, and it is ' +
      'not rebuilt until a recheck. Configure another model (or the old one) to go on.',
  },
  recheck: {
    summary: 'Check the new vector space again',
    description:
      'Clears a hold or a discard and enqueues the re-embedding task, which fills what is missing, runs the ' +
      'sample of queries against both spaces again and switches if it passes.',
  },
} as const;

/**
 * Vector spaces for admins: why a switch to a new embedding model waits, the overrides (swap anyway, discard,
 * recheck), and the serving space's hybrid fusion weight. Each change is audited by VectorSpaceAdminService
 * with its before and after.
 */
export const embeddingsRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const admin = runtime.embeddings;

  app.get(
    '/system/embeddings',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['system'],
        summary: 'Vector spaces and the switch to a new model',
        description:
          'The space searches read, the configured one, the serving space’s fusion weight and the latest ' +
          'check of switching to the configured one: `held` with its reasons while it waits for an admin.',
        response: { 200: EmbeddingsOverviewSchema, ...problemResponses(401, 403) },
      },
    },
    async (request) => toEmbeddingsOverviewResponse(await admin.overview(accessOf(request))),
  );

  for (const action of ['swap', 'discard', 'recheck'] as const) {
    app.post(
      `/system/embeddings/${action}`,
      {
        schema: {
          'x-permission': 'admin',
          tags: ['system'],
          ...DECISIONS[action],
          response: { 200: SwapDecisionSchema, ...problemResponses(401, 403, 409) },
        },
      },
      async (request) => toSwapDecisionResponse(await admin[action](accessOf(request), originOf(request))),
    );
  }

  app.put(
    '/system/embeddings/hybrid-alpha',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['system'],
        summary: 'Set the serving space’s fusion weight',
        description:
          'The weight of the vector leg in relative hybrid fusion for searches that name no `alpha`, kept with ' +
          'the serving vector space (a new model’s space starts from its own preset). SIFT_HYBRID_ALPHA, when ' +
          'set, still overrides it. `sift eval --tune` measures the best one on a dev set.',
        body: HybridAlphaBodySchema,
        response: { 200: SpaceHybridAlphaSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request) =>
      toProfileResponse(
        await admin.setHybridAlpha(
          accessOf(request),
          { alpha: request.body.alpha, note: request.body.note ?? null },
          originOf(request),
        ),
      ),
  );
};
