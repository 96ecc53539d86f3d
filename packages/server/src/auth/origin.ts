import type { RequestOrigin } from '@sift/core';
import type { FastifyRequest } from 'fastify';

/** Where a request came from, for the audit trail and sign-in throttling. */
export function originOf(request: FastifyRequest): RequestOrigin {
  const agent = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null,
    requestId: request.id,
  };
}
