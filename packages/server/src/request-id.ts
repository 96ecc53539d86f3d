import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** Carries the request id both ways. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What we accept from a caller's header: enough for uuids and trace ids, nothing that could forge log lines. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of a request: the caller's `x-request-id` when it looks like an id (so a proxy's or client's id
 * follows the request through our logs), otherwise a fresh uuid. Fastify's own `requestIdHeader` would take
 * the header unchecked, so it is turned off and this does the job.
 */
export function genRequestId(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
}

/** Echoes the request id on every response, errors and 404s included, so callers can quote it. */
export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
}
