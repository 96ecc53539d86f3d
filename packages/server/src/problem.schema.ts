import { z } from 'zod';

/** One field that failed validation. */
export const FieldIssueSchema = z.object({
  in: z.enum(['body', 'querystring', 'params', 'headers']).describe('Which part of the request'),
  field: z.string().describe('Dotted path of the field, e.g. `limit` or `status.1`'),
  message: z.string(),
  code: z.string().describe('Machine-readable reason, e.g. `invalid_type`'),
});

/**
 * An error response (RFC 9457 problem details). `code` is stable and is what clients match on; the members
 * of the error's `details` are added at the top level.
 */
export const ProblemSchema = z
  .looseObject({
    type: z.string().describe('URI naming the problem type (`urn:sift:error:<code>`)'),
    title: z.string().describe('The HTTP status phrase'),
    status: z.number().int(),
    detail: z.string().describe('What went wrong this time, for humans'),
    code: z.string().describe('Stable machine-readable error code, e.g. `TASK_NOT_FOUND`'),
    instance: z.string().describe('Path of the request'),
    request_id: z.string().describe('Also in the `x-request-id` header and in the server logs'),
    errors: z.array(FieldIssueSchema).optional().describe('Field issues of a `VALIDATION_FAILED` error'),
  })
  .meta({ id: 'Problem' });

/** The body of every error response. */
export type Problem = z.infer<typeof ProblemSchema>;
/** One entry of `Problem.errors`. */
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

/** The media type of every error body. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid (`VALIDATION_FAILED` names the fields)',
  403: 'Not allowed on this server',
  404: 'No such resource',
  409: 'The resource is not in a state that allows this',
  413: 'The upload is too large',
  415: 'The upload type is not supported',
  429: 'Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds',
  500: 'Internal error; quote the request id when reporting it',
  502: 'An upstream provider failed',
  503: 'Not ready or overloaded; retry after the `Retry-After` seconds',
  507: 'The server has no room to store this (disk full or read-only); nothing was kept',
};

/** Documents error statuses of a route in OpenAPI (the error handler writes the bodies). */
export function problemResponses<S extends number>(
  ...statuses: S[]
): Record<S, { description: string; content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof ProblemSchema } } }> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
      },
    ]),
  ) as Record<
    S,
    { description: string; content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof ProblemSchema } } }
  >;
}
