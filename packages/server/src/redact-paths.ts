import type { FastifyRequest } from 'fastify';

/** What a server path is replaced with in what clients see. */
export const REDACTED_PATH = '[server path]';

// An absolute POSIX path of two segments or more (`/srv/sift/data`, not `/tmp` nor the `/2` of `1/2`), a
// Windows path, or a file: URL. The look-behind keeps URLs (`http://host/v1/…`) and relative paths whole.
const PATH_CHARS = String.raw`[^\s/\\'"\`<>(){}\[\],;|]`;
const SERVER_PATH = new RegExp(
  String.raw`(?<![\w.~:/\\-])/${PATH_CHARS}+(?:/${PATH_CHARS}*)+` +
    String.raw`|\b[A-Za-z]:\\[^\s'"\`<>|]+` +
    String.raw`|\bfile:///?[^\s'"\`<>]+`,
  'g',
);

// Paths of this API, which messages may name as a hint ("POST /api/v1/tasks/:id/retry").
const API_PATH = /^\/(?:api|health)\//;

/**
 * Replaces absolute server paths in `text` — the data dir, models, temp files of a task, tools, system
 * directories — with {@link REDACTED_PATH}, except the paths the client sent itself (`clientStrings`), which
 * it may see again. Errors and statuses name such paths for the operator (logs, `sift status`); identity and
 * admin roles do not exist yet, so no HTTP client is trusted with them.
 */
export function redactServerPaths(text: string, clientStrings: readonly string[] = []): string {
  return text.replace(SERVER_PATH, (match) => {
    // A sentence may end right after a path: keep its full stop.
    const path = match.replace(/[.:]+$/, '');
    const rest = match.slice(path.length);
    if (API_PATH.test(path) || clientStrings.some((s) => s.includes(path))) return match;
    return REDACTED_PATH + rest;
  });
}

/** {@link redactServerPaths} over every string in a JSON-like value (objects and arrays are copied). */
export function redactDeep<T>(value: T, clientStrings: readonly string[] = []): T {
  return walk(value, clientStrings, 0) as T;
}

function walk(value: unknown, clientStrings: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redactServerPaths(value, clientStrings);
  if (value === null || typeof value !== 'object') return value;
  // Details are small and flat; anything nested deeper than this is dropped rather than walked for ever.
  if (depth > 20) return undefined;
  if (Array.isArray(value)) return value.map((v) => walk(v, clientStrings, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, clientStrings, depth + 1)]));
}

const MAX_CLIENT_STRINGS = 1000;

/** The strings a request carried (path, query, params, JSON body): paths among them are the client's own. */
export function clientStringsOf(request: FastifyRequest): string[] {
  const out: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (out.length >= MAX_CLIENT_STRINGS || depth > 10) return;
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => visit(v, depth + 1));
    else if (value !== null && typeof value === 'object')
      Object.values(value).forEach((v) => visit(v, depth + 1));
  };
  visit(safeDecode(request.url), 0);
  visit(request.params, 0);
  visit(request.query, 0);
  visit(request.body, 0);
  return out;
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
