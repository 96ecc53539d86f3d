import { AnalyticsService, type AnalyticsQuery } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accessOf } from '../auth/permissions.js';
import { problemResponses } from '../problem.schema.js';
import {
  AnalyticsOverviewSchema,
  AnalyticsQuerySchema,
  DocumentAnalyticsSchema,
  QuestionAnalyticsSchema,
  SearchAnalyticsSchema,
  UserAnalyticsSchema,
  toDocumentsResponse,
  toOverviewResponse,
  toQuestionsResponse,
  toSearchResponse,
  toUsersResponse,
  type AnalyticsQueryString,
} from './analytics.schema.js';

const RANGE =
  'The range is `days` (the last N UTC days, today included; default 30) or `from`/`to` (UTC calendar days, ' +
  'both included); both at once, a `from` after `to` or more than 366 days is 400 ANALYTICS_RANGE_INVALID. ';
const SCOPE =
  'Counted inside the queries: unrestricted admins see everyone’s, other callers their own uploads, ' +
  'searches and questions (`scope` says which). ';

function queryOf(q: AnalyticsQueryString): AnalyticsQuery {
  return {
    top: q.top,
    ...(q.days !== undefined ? { days: q.days } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.to !== undefined ? { to: q.to } : {}),
  };
}

/** Usage analytics: uploads and processing, searches, questions and (admins) active users, per day. */
export const analyticsRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const analytics = new AnalyticsService(runtime.metadata);
  const common = { tags: ['analytics'], querystring: AnalyticsQuerySchema } as const;

  app.get(
    '/analytics/overview',
    {
      schema: {
        ...common,
        'x-permission': 'read',
        summary: 'Usage at a glance',
        description:
          'Totals over the range: documents uploaded, processed and failed; searches, those without hits and ' +
          'their latency; questions and their not-found rate; distinct active users (admins only). ' +
          RANGE +
          SCOPE,
        response: { 200: AnalyticsOverviewSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) =>
      toOverviewResponse(await analytics.overview(accessOf(request), queryOf(request.query))),
  );

  app.get(
    '/analytics/documents',
    {
      schema: {
        ...common,
        'x-permission': 'read',
        summary: 'Uploads and processing per day and type',
        description:
          'Documents uploaded, processed and failed per day and type family (pdf, word, spreadsheet, …), and ' +
          'p50/p95 processing time per pipeline stage (extract, chunk, embed, index) and in total. Archive ' +
          'members count as processed documents of their own, not as uploads. ' +
          RANGE +
          SCOPE,
        response: { 200: DocumentAnalyticsSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) =>
      toDocumentsResponse(await analytics.documents(accessOf(request), queryOf(request.query))),
  );

  app.get(
    '/analytics/search',
    {
      schema: {
        ...common,
        'x-permission': 'read',
        summary: 'Searches per day, latency per mode, top queries',
        description:
          'Searches and zero-result searches per day, p50/p95 latency and zero results per search mode, the ' +
          '`top` most frequent queries and queries without hits (from the query log). ' +
          RANGE +
          SCOPE,
        response: { 200: SearchAnalyticsSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => toSearchResponse(await analytics.search(accessOf(request), queryOf(request.query))),
  );

  app.get(
    '/analytics/questions',
    {
      schema: {
        ...common,
        'x-permission': 'read',
        summary: 'Questions asked and their not-found rate',
        description:
          'Questions answered (chat and ask) per day, those answered "not found", the not-found rate and ' +
          'p50/p95 answer time. ' +
          RANGE +
          SCOPE,
        response: { 200: QuestionAnalyticsSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) =>
      toQuestionsResponse(await analytics.questions(accessOf(request), queryOf(request.query))),
  );

  app.get(
    '/analytics/users',
    {
      schema: {
        ...common,
        'x-permission': 'admin',
        summary: 'Active users (admin)',
        description:
          'Distinct users active (searched, uploaded or asked) per day, over the range and in its last 7 ' +
          'days, and the `top` most active users. Admins only. ' +
          RANGE,
        response: { 200: UserAnalyticsSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => toUsersResponse(await analytics.users(accessOf(request), queryOf(request.query))),
  );
};
