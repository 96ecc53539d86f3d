import { resolveSearchScope } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import { accessOf } from '../auth/permissions.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { redactServerPaths } from '../redact-paths.js';
import { problemResponses } from '../problem.schema.js';
import {
  SearchBodySchema,
  SearchResponseSchema,
  SimilarQuerySchema,
  SimilarResponseSchema,
  toScopeInput,
  toSearchResponse,
  toSimilarResponse,
} from './search.schema.js';

/** Search over chunks (lexical, semantic, hybrid) and similar documents. */
export const searchRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { search, metadata } = runtime;
  const tags = ['search'];

  app.post(
    '/search',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'Search chunks (hybrid by default) with filters, fusion, reranking and highlighted snippets',
        body: SearchBodySchema,
        response: { 200: SearchResponseSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const b = request.body;
      const access = accessOf(request);
      const filter = await resolveSearchScope(metadata, access, toScopeInput(b.filters));
      const response = await search.service.search({
        query: b.query,
        mode: b.mode,
        filter,
        limit: b.limit,
        offset: b.offset,
        rerank: b.rerank,
        groupByDocument: b.group_by_document,
        userId: access.userId,
        ...(b.alpha !== undefined ? { alpha: b.alpha } : {}),
        ...(b.fusion ? { fusion: b.fusion } : {}),
        ...(b.min_score !== undefined ? { minScore: b.min_score } : {}),
      });
      return toSearchResponse(response);
    },
  );

  app.get(
    '/documents/:id/similar',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'Documents most like this one (by document vector), the document itself excluded',
        params: z.object({ id: z.string() }),
        querystring: SimilarQuerySchema,
        response: { 200: SimilarResponseSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const access = accessOf(request);
      // The source must be readable (404 otherwise), and only readable documents can be similar to it.
      await runtime.documents.get(access, request.params.id);
      const readable = access.documentFilter;
      const { documents, warnings } = await search.similar.similar(request.params.id, {
        limit: request.query.limit,
        filter: readable ? { access: readable } : {},
      });
      return { items: documents.map(toSimilarResponse), warnings: warnings.map((w) => redactServerPaths(w)) };
    },
  );

  app.get(
    '/search/queries',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'Recent searches (query analytics)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                query: z.string(),
                mode: z.string(),
                filters: z.record(z.string(), z.unknown()),
                results_count: z.number().int(),
                latency_ms: z.number(),
                created_at: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      items: (
        await metadata.search.listQueries({ limit: request.query.limit, userId: accessOf(request).userId })
      ).map((q) => ({
        id: q.id,
        query: q.query,
        mode: q.mode,
        filters: q.filters as Record<string, unknown>,
        results_count: q.resultsCount,
        latency_ms: q.latencyMs,
        created_at: q.createdAt,
      })),
    }),
  );
};
