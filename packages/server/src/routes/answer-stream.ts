import type { ServerResponse } from 'node:http';
import type { AnswerEvent, Citation } from '@sift/core';
import { describeError } from '@sift/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { toCitation, toEventData, type AnswerSchema } from './chat.schema.js';

/** Whether the client asked for the whole answer as JSON rather than a stream. */
export function wantsJson(request: FastifyRequest, streamByDefault: boolean): boolean {
  const accept = request.headers.accept ?? '';
  if (accept.includes('text/event-stream')) return false;
  if (accept.includes('application/json')) return true;
  return !streamByDefault;
}

/**
 * Sends an answer either as Server-Sent Events (`token`… `citations` `done`, or `error` if it fails midway)
 * or as one JSON body. The first event is awaited before anything is sent, so a request that fails up front
 * (unknown session, empty question) still gets an ordinary problem+json error with its status. A client
 * that disconnects aborts the answer (and the LLM request behind it).
 */
export async function sendAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  start: (signal: AbortSignal) => AsyncGenerator<AnswerEvent>,
  json: boolean,
): Promise<z.infer<typeof AnswerSchema> | undefined> {
  const abort = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) abort.abort(new Error('client disconnected'));
  };
  reply.raw.on('close', onClose);
  const events = start(abort.signal);
  const first = await events.next();

  if (json) {
    let citations: Citation[] = [];
    for (let step = first; !step.done; step = await events.next()) {
      const event = step.value;
      if (event.type === 'citations') citations = event.citations;
      if (event.type === 'done') {
        const done = toEventData(event).data as Omit<z.infer<typeof AnswerSchema>, 'answer' | 'citations'>;
        return { answer: event.answer, citations: citations.map(toCitation), ...done };
      }
    }
    throw new Error('the answer ended without a done event');
  }

  const out = openEventStream(request, reply);
  const write = (event: string, data: unknown) =>
    out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  try {
    for (let step = first; !step.done; step = await events.next()) {
      const { event, data } = toEventData(step.value);
      write(event, data);
    }
  } catch (err) {
    if (!abort.signal.aborted) {
      const { code, message } = describeError(err);
      request.log.warn({ code }, 'answer failed while streaming');
      write('error', { code, message });
    }
  } finally {
    reply.raw.off('close', onClose);
    out.end();
  }
  return undefined;
}

/**
 * Takes the reply over for a Server-Sent Events stream and writes its head: the headers the hooks set
 * (security, CORS, rate limit — a hijacked reply would drop them) with the stream's own. Answers the raw
 * response to write events to.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply): ServerResponse {
  const hooked = Object.fromEntries(
    Object.entries(reply.getHeaders()).filter(
      (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
    ),
  );
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    ...hooked,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Proxies such as nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  return out;
}
