import type { AnswerEvent, ChatMessage, ChatSession, Citation } from '@sift/core';
import { z } from 'zod';
import { OriginSchema, SearchFiltersSchema, toScopeInput } from './search.schema.js';

export const CitationSchema = z
  .object({
    n: z.number().int().describe('The [n] marker in the answer'),
    document_id: z.string(),
    title: z.string().nullable(),
    filename: z.string(),
    chunk_id: z.string(),
    page_from: z.number().int().nullable(),
    page_to: z.number().int().nullable(),
    origin: OriginSchema,
    start_char: z.number().int().describe('Exact range in the document text'),
    end_char: z.number().int(),
    quote: z.string().describe('The cited text: document text [start_char, end_char)'),
  })
  .meta({ id: 'Citation' });

const UsageSchema = z
  .object({ prompt_tokens: z.number().int().nullable(), completion_tokens: z.number().int().nullable() })
  .nullable();
const TimingsSchema = z.object({
  retrieval_ms: z.number(),
  generation_ms: z.number(),
  total_ms: z.number(),
  first_token_ms: z.number().nullable(),
});

export const MessageSchema = z
  .object({
    id: z.string(),
    role: z.enum(['user', 'assistant']),
    content: z.string(),
    citations: z.array(CitationSchema),
    mode: z.enum(['llm', 'extractive', 'not_found']).nullable(),
    model: z.string().nullable(),
    usage: UsageSchema,
    timings: TimingsSchema.nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'ChatMessage' });

export const SessionSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    scope: SearchFiltersSchema,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'ChatSession' });

export const CreateSessionSchema = z
  .object({ title: z.string().max(200).optional(), scope: SearchFiltersSchema.default({}) })
  .strict();

export const RenameSessionSchema = z.object({ title: z.string().min(1).max(200) }).strict();

export const AskBodySchema = z
  .object({ question: z.string().min(1).max(4000), scope: SearchFiltersSchema.default({}) })
  .strict();

export const MessageBodySchema = z.object({ content: z.string().min(1).max(4000) }).strict();

export const AnswerSchema = z
  .object({
    answer: z.string(),
    mode: z.enum(['llm', 'extractive', 'not_found']),
    model: z.string().nullable(),
    citations: z.array(CitationSchema),
    usage: UsageSchema,
    timings: TimingsSchema,
    message_id: z.string().optional().describe('The stored assistant message (session answers)'),
  })
  .meta({ id: 'Answer' });

export function toCitation(c: Citation): z.infer<typeof CitationSchema> {
  return {
    n: c.n,
    document_id: c.documentId,
    title: c.title,
    filename: c.filename,
    chunk_id: c.chunkId,
    page_from: c.pageFrom,
    page_to: c.pageTo,
    // Citations stored before chunks had an origin have none.
    origin: c.origin ?? null,
    start_char: c.startChar,
    end_char: c.endChar,
    quote: c.quote,
  };
}

function toUsage(u: ChatMessage['usage']): z.infer<typeof UsageSchema> {
  return u ? { prompt_tokens: u.promptTokens, completion_tokens: u.completionTokens } : null;
}

function toTimings(t: NonNullable<ChatMessage['timings']>): z.infer<typeof TimingsSchema> {
  return {
    retrieval_ms: t.retrievalMs,
    generation_ms: t.generationMs,
    total_ms: t.totalMs,
    first_token_ms: t.firstTokenMs,
  };
}

export function toMessage(m: ChatMessage): z.infer<typeof MessageSchema> {
  return {
    id: m.id,
    role: m.role,
    content: m.content,
    citations: m.citations.map(toCitation),
    mode: m.mode,
    model: m.model,
    usage: toUsage(m.usage),
    timings: m.timings ? toTimings(m.timings) : null,
    created_at: m.createdAt,
  };
}

export function toSession(s: ChatSession): z.infer<typeof SessionSchema> {
  const scope = s.scope;
  return {
    id: s.id,
    title: s.title,
    scope: {
      ...(scope.collections && { collections: scope.collections }),
      ...(scope.folders && { folders: scope.folders }),
      ...(scope.documents && { documents: scope.documents }),
      ...(scope.types && { types: scope.types }),
      ...(scope.tags && { tags: scope.tags }),
      ...(scope.languages && { languages: scope.languages }),
      ...(scope.uploadedFrom && { uploaded_from: scope.uploadedFrom }),
      ...(scope.uploadedTo && { uploaded_to: scope.uploadedTo }),
      ...(scope.metadata && { metadata: scope.metadata }),
    },
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

/** One stream event as the SSE `data` payload (snake_case, like the rest of the API). */
export function toEventData(event: AnswerEvent): { event: string; data: unknown } {
  switch (event.type) {
    case 'token':
      return { event: 'token', data: { text: event.text } };
    case 'citations':
      return { event: 'citations', data: { citations: event.citations.map(toCitation) } };
    case 'done':
      return {
        event: 'done',
        data: {
          mode: event.mode,
          model: event.model,
          usage: toUsage(event.usage),
          timings: toTimings(event.timings),
          ...(event.messageId && { message_id: event.messageId }),
        },
      };
  }
}

export { toScopeInput };
