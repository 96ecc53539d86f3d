import { resolveSearchScope } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import { accessOf } from '../auth/permissions.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../problem.schema.js';
import { OriginSchema } from './search.schema.js';
import { sendAnswer, wantsJson } from './answer-stream.js';
import {
  AnswerSchema,
  AskBodySchema,
  CreateSessionSchema,
  MessageBodySchema,
  MessageSchema,
  RenameSessionSchema,
  SessionSchema,
  toMessage,
  toScopeInput,
  toSession,
} from './chat.schema.js';

const IdParams = z.object({ id: z.string() });
const SSE_NOTE =
  'Streams Server-Sent Events: `token` ({text}) while the answer is produced, one `citations`, then `done` ' +
  '(mode, model, usage, timings); `error` ({code, message}) if it fails midway. Send `Accept: application/json` ' +
  'for the whole answer at once.';

/** Chat sessions, streamed answers with citations, one-shot questions and source previews. */
export const chatRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { chat, metadata } = runtime;
  const tags = ['chat'];

  app.post(
    '/chat/sessions',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'Start a chat session over a scope',
        body: CreateSessionSchema,
        response: { 201: SessionSchema, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const session = await chat.sessions.create(accessOf(request), {
        scope: toScopeInput(request.body.scope),
        ...(request.body.title ? { title: request.body.title } : {}),
      });
      return reply.status(201).send(toSession(session));
    },
  );

  app.get(
    '/chat/sessions',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'List chat sessions',
        response: { 200: z.object({ items: z.array(SessionSchema) }) },
      },
    },
    async (request) => ({ items: (await chat.sessions.list(accessOf(request))).map(toSession) }),
  );

  app.get(
    '/chat/sessions/:id',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'A chat session with its messages and their citations',
        params: IdParams,
        response: {
          200: SessionSchema.extend({ messages: z.array(MessageSchema) }),
          ...problemResponses(404),
        },
      },
    },
    async (request) => {
      const session = await chat.sessions.get(accessOf(request), request.params.id);
      return { ...toSession(session), messages: session.messages.map(toMessage) };
    },
  );

  app.patch(
    '/chat/sessions/:id',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'Rename a chat session',
        params: IdParams,
        body: RenameSessionSchema,
        response: { 200: SessionSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) =>
      toSession(await chat.sessions.rename(accessOf(request), request.params.id, request.body.title)),
  );

  app.delete(
    '/chat/sessions/:id',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'Delete a chat session and its messages',
        params: IdParams,
      },
    },
    async (request, reply) => {
      await chat.sessions.delete(accessOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/chat/sessions/:id/messages',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'Ask in a session: the answer streams as Server-Sent Events',
        description: SSE_NOTE,
        params: IdParams,
        body: MessageBodySchema,
        response: { 200: AnswerSchema, ...problemResponses(400, 404) },
      },
    },
    (request, reply) =>
      sendAnswer(
        request,
        reply,
        (signal) => chat.sessions.send(accessOf(request), request.params.id, request.body.content, signal),
        wantsJson(request, true),
      ),
  );

  app.post(
    '/ask',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'Ask once, without a session (JSON by default; `Accept: text/event-stream` streams)',
        body: AskBodySchema,
        response: { 200: AnswerSchema, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const access = accessOf(request);
      const filter = await resolveSearchScope(metadata, access, toScopeInput(request.body.scope));
      return sendAnswer(
        request,
        reply,
        (signal) =>
          chat.answers.answer({ question: request.body.question, filter, userId: access.userId, signal }),
        wantsJson(request, false),
      );
    },
  );

  app.get(
    '/chunks/:id/context',
    {
      schema: {
        'x-permission': 'read',
        tags,
        summary: 'A chunk with the text around it, for previewing a cited source',
        params: IdParams,
        querystring: z.object({ chars: z.coerce.number().int().min(0).max(20_000).default(600) }),
        response: {
          200: z.object({
            chunk_id: z.string(),
            document_id: z.string(),
            title: z.string().nullable(),
            filename: z.string(),
            page_from: z.number().int().nullable(),
            page_to: z.number().int().nullable(),
            heading_path: z.array(z.string()),
            origin: OriginSchema,
            start_char: z.number().int(),
            end_char: z.number().int(),
            before: z.string(),
            content: z.string(),
            after: z.string(),
          }),
          ...problemResponses(404),
        },
      },
    },
    async (request) => {
      const context = await runtime.documents.chunkContext(
        accessOf(request),
        request.params.id,
        request.query.chars,
      );
      return {
        chunk_id: context.chunk.id,
        document_id: context.document.id,
        title: context.document.title,
        filename: context.document.filename,
        page_from: context.chunk.pageFrom,
        page_to: context.chunk.pageTo,
        heading_path: context.chunk.headingPath,
        origin: context.chunk.origin,
        start_char: context.chunk.startChar,
        end_char: context.chunk.endChar,
        before: context.before,
        content: context.chunk.content,
        after: context.after,
      };
    },
  );
};
