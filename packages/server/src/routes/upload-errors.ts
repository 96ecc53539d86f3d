import { AppError, isAppError } from '@sift/core';

/**
 * Errors of an upload's own fields: they hold for every file of the request alike, so they fail the request
 * as a whole (storing nothing) instead of being reported once per file.
 */
export const FIELD_ERROR_CODES: ReadonlySet<string> = new Set([
  'TAGS_TOO_MANY',
  'TAG_TOO_LONG',
  'METADATA_TOO_LARGE',
  'METADATA_TOO_DEEP',
  'COLLECTION_NOT_FOUND',
  'FOLDER_NOT_FOUND',
]);

// @fastify/multipart's own errors, by their `code`.
const PLUGIN_ERRORS: Readonly<Record<string, (limits: MultipartLimits) => AppError>> = {
  FST_FILES_LIMIT: (l) =>
    new AppError('UPLOAD_TOO_MANY_FILES', 'user', `one upload may hold at most ${l.files} files`, {
      details: { max_files: l.files },
    }),
  FST_PARTS_LIMIT: () => new AppError('UPLOAD_TOO_MANY_PARTS', 'user', 'the upload holds too many parts'),
  FST_FIELDS_LIMIT: (l) =>
    new AppError('UPLOAD_TOO_MANY_FIELDS', 'user', `one upload may hold at most ${l.fields} fields`, {
      details: { max_fields: l.fields },
    }),
  FST_PROTO_VIOLATION: () =>
    new AppError('UPLOAD_FIELD_UNKNOWN', 'user', 'a part is named after a reserved property'),
  FST_INVALID_JSON_FIELD_ERROR: () =>
    new AppError('UPLOAD_FIELD_INVALID', 'user', 'a field declared as application/json is not valid JSON'),
  FST_MP_PREMATURE_CLOSE: () => aborted(),
};

// busboy reports a broken body with plain Errors; these messages are all it gives to tell them apart.
const MALFORMED_MESSAGES = [
  /^Multipart: Boundary not found$/,
  /^Unexpected end of multipart data$/,
  /terminated early due to unexpected end of multipart data$/,
  /^The needle cannot/, // an empty or over-long boundary
];

/** The limits the multipart parser was given, to name them in the errors. */
export interface MultipartLimits {
  files: number;
  fields: number;
}

/**
 * The domain error for a failure of the multipart body itself (a parser limit, a malformed or cut-off body,
 * a client gone mid-upload), or null when `err` is none of these (a failure of our own stays a 500).
 */
export function multipartRequestError(err: unknown, limits: MultipartLimits): AppError | null {
  if (isAppError(err) || !(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code in PLUGIN_ERRORS) return PLUGIN_ERRORS[code]!(limits);
  // Node's request stream when the client resets the connection mid-body.
  if (code === 'ECONNRESET' || err.message === 'aborted') return aborted();
  if (MALFORMED_MESSAGES.some((re) => re.test(err.message))) {
    return new AppError(
      'UPLOAD_MALFORMED',
      'user',
      `the multipart body cannot be read (${err.message}); send multipart/form-data with a boundary, ` +
        'complete to its closing delimiter',
      { cause: err },
    );
  }
  return null;
}

function aborted(): AppError {
  return new AppError(
    'UPLOAD_ABORTED',
    'user',
    'the client closed the connection before the upload was complete',
  );
}
