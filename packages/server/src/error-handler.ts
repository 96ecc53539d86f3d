import { STATUS_CODES } from 'node:http';
import { asStorageError, isAppError, type AppError, type ErrorCategory } from '@sift/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type FieldIssue, type Problem } from './problem.schema.js';
import { clientStringsOf, redactDeep, redactServerPaths } from './redact-paths.js';

/** The one place where a domain error category becomes an HTTP status. */
const STATUS_BY_CATEGORY: Record<ErrorCategory, number> = {
  user: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  unavailable: 503,
  storage: 507,
  system: 500,
  third_party: 502,
};

/** Codes whose HTTP status is more specific than their category's (all are category `user`). */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  BLOB_TOO_LARGE: 413,
  FILE_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  LOGIN_THROTTLED: 429,
  TYPE_MISMATCH: 415,
  UNSUPPORTED_TYPE: 415,
  UPLOAD_TOO_MANY_FILES: 413,
  UPLOAD_TOO_MANY_PARTS: 413,
  UPLOAD_TOO_MANY_FIELDS: 413,
};

/** The HTTP status of a domain error (by code when more specific, else by category). */
export function httpStatusOf(err: AppError): number {
  return STATUS_BY_CODE[err.code] ?? STATUS_BY_CATEGORY[err.category];
}

const VALIDATION_CONTEXTS = new Set<FieldIssue['in']>(['body', 'querystring', 'params', 'headers']);

interface ProblemInput {
  status: number;
  code: string;
  detail: string;
  details?: Record<string, unknown>;
  errors?: FieldIssue[];
}

/**
 * Turns every failure into an `application/problem+json` response: AppErrors by category (or code),
 * validation errors as `VALIDATION_FAILED` with the field issues, Fastify's own client errors (bad JSON, body
 * too large) with their status, unknown routes as `ROUTE_NOT_FOUND`, and anything else as a 500 `INTERNAL`
 * that shows neither message nor stack. Only server-side failures (5xx) are logged as errors.
 */
export function installErrorHandler(
  app: FastifyInstance,
  options: {
    /** Told of every failure of the disk under the data dir (readiness turns red, uploads stop). */
    onStorageFailure?: (err: AppError) => void;
  } = {},
): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    // A driver's ENOSPC or SQLITE_FULL from any write is the disk, not a bug: 507, and the operator hears of it.
    const storage = asStorageError(err);
    if (storage) options.onStorageFailure?.(storage);
    const problem = describe(storage ?? err);
    if (problem.status >= 500) {
      request.log.error({ err, code: problem.code }, 'request failed');
    } else {
      request.log.debug({ code: problem.code, detail: problem.detail }, 'request rejected');
    }
    return sendProblem(request, reply, problem);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, {
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      detail: `no route for ${request.method} ${pathOf(request)}`,
    }),
  );
}

function describe(err: FastifyError | AppError): ProblemInput {
  if (isAppError(err)) {
    return {
      status: httpStatusOf(err),
      code: err.code,
      detail: err.message,
      details: err.details,
    };
  }
  if ('validation' in err && err.validation) {
    const where = VALIDATION_CONTEXTS.has(err.validationContext as FieldIssue['in'])
      ? (err.validationContext as FieldIssue['in'])
      : 'body';
    const errors = err.validation.map((v) => ({
      in: where,
      field: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      message: v.message ?? 'is invalid',
      code: v.keyword,
    }));
    const detail = errors.map((e) => `${e.in} ${e.field || '(root)'}: ${e.message}`).join('; ');
    return { status: 400, code: 'VALIDATION_FAILED', detail, errors };
  }
  // Fastify's own client errors (malformed JSON, body too large, unsupported media type) carry a 4xx status
  // and a message meant for the caller.
  const status = 'statusCode' in err ? err.statusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, code: codeForStatus(status), detail: err.message };
  }
  return {
    status: 500,
    code: 'INTERNAL',
    detail: 'an internal error occurred; quote the request id when reporting it',
  };
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, input: ProblemInput): FastifyReply {
  // Messages and details name server paths for the operator, who reads them in the log; the client sees
  // only the paths it sent itself.
  const own = clientStringsOf(request);
  const body: Problem = {
    // Details go first so that they can never overwrite the standard members.
    ...redactDeep(input.details, own),
    type: `urn:sift:error:${input.code}`,
    title: STATUS_CODES[input.status] ?? 'Error',
    status: input.status,
    detail: redactServerPaths(input.detail, own),
    code: input.code,
    instance: pathOf(request),
    request_id: request.id,
    ...(input.errors ? { errors: redactDeep(input.errors, own) } : {}),
  };
  // Backpressure, a full disk and a rate limit say when to come back (RFC 9110 Retry-After, in seconds).
  const retryAfter = input.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number' && (input.status === 429 || input.status >= 500)) {
    reply.header('retry-after', String(retryAfter));
  }
  // Plain JSON: a route's response schema for this status must not strip the error's details.
  return reply.status(input.status).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(body);
}

/** `PAYLOAD_TOO_LARGE` from 413, and so on. */
function codeForStatus(status: number): string {
  return (STATUS_CODES[status] ?? 'Bad Request').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
