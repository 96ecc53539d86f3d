import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi.types.js';

/** The error body of every failed call (RFC 9457 problem+json with Sift's stable `code`). */
export type Problem = components['schemas']['Problem'];

/** A failed call: the problem the server answered, or a network failure (status 0, code NETWORK_ERROR). */
export class SiftApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null, message?: string) {
    super(message ?? problem?.detail ?? problem?.title ?? `request failed with status ${status}`);
    this.name = 'SiftApiError';
    this.status = status;
    this.code = problem?.code ?? (status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`);
    this.problem = problem;
  }
}

export interface SiftClientOptions {
  /** Where the server is, e.g. `http://localhost:8080`; empty for the page's own origin (the web UI). */
  baseUrl?: string;
  /** An API key `sift_…` or an access token, sent as `Authorization: Bearer`. */
  token?: string;
  /**
   * Browser sign-in: the session lives in httpOnly cookies. Unsafe requests echo the `sift_csrf` cookie in
   * `x-csrf-token`, and an expired access token is refreshed once (cookie refresh) before the call is repeated.
   */
  cookieSession?: boolean;
  /** Called when the session cannot be refreshed (the user must sign in again). */
  onSessionExpired?: () => void;
  fetch?: typeof globalThis.fetch;
}

export type SiftClient = Client<paths>;

const CSRF_COOKIE = 'sift_csrf';
const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Codes after which a cookie refresh can help (an access token that ran out or was dropped). */
const REFRESHABLE = new Set(['TOKEN_EXPIRED', 'AUTH_REQUIRED', 'TOKEN_INVALID']);

/** Whether a 401 with this problem code may succeed after the cookie session is refreshed. */
export function isRefreshable(code: string | undefined): boolean {
  return code !== undefined && REFRESHABLE.has(code);
}

/**
 * The header a cookie-authenticated unsafe request must carry (the `sift_csrf` cookie echoed), for the few
 * requests made without this client (uploads with progress, streamed answers).
 */
export function csrfHeaders(): Record<string, string> {
  const csrf = readCookie(pageCookies(), CSRF_COOKIE);
  return csrf ? { [CSRF_HEADER]: csrf } : {};
}
/** Calls whose 401 means wrong credentials, not an expired session. */
const NO_REFRESH = /\/api\/v1\/auth\/(login|setup|refresh|password)$/;

/** The value of `name` among `document.cookie`-style pairs, or null. */
export function readCookie(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** The page's cookies in a browser; none elsewhere (Node has no `document`). */
function pageCookies(): string {
  return (globalThis as { document?: { cookie: string } }).document?.cookie ?? '';
}

/**
 * A typed client of every operation of the API: `client.GET('/api/v1/documents', { params: { query } })`
 * answers `{ data, error, response }` with types from the OpenAPI document.
 */
export function createSiftClient(options: SiftClientOptions = {}): SiftClient {
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let refreshing: Promise<boolean> | null = null;

  const send = (request: Request): Promise<Response> => {
    const headers = new Headers(request.headers);
    if (options.token) headers.set('authorization', `Bearer ${options.token}`);
    if (options.cookieSession && !SAFE_METHODS.has(request.method)) {
      const csrf = readCookie(pageCookies(), CSRF_COOKIE);
      if (csrf) headers.set(CSRF_HEADER, csrf);
    }
    return baseFetch(new Request(request, { headers }));
  };

  const refresh = (origin: string): Promise<boolean> =>
    // One refresh for every call that found the token expired at the same time.
    (refreshing ??= (async () => {
      try {
        const csrf = readCookie(pageCookies(), CSRF_COOKIE) ?? '';
        const res = await baseFetch(`${origin}/api/v1/auth/refresh`, {
          method: 'POST',
          headers: { [CSRF_HEADER]: csrf, 'content-type': 'application/json' },
          body: '{}',
          credentials: 'same-origin',
        });
        return res.ok;
      } finally {
        setTimeout(() => (refreshing = null), 0);
      }
    })());

  const sessionFetch = async (request: Request): Promise<Response> => {
    const retry =
      options.cookieSession && !NO_REFRESH.test(new URL(request.url).pathname) ? request.clone() : null;
    const res = await send(request);
    if (res.status !== 401 || !retry) return res;
    const problem = (await res
      .clone()
      .json()
      .catch(() => null)) as Problem | null;
    if (!problem || !isRefreshable(problem.code)) return res;
    if (await refresh(new URL(request.url).origin)) return send(retry);
    options.onSessionExpired?.();
    return res;
  };

  return createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    fetch: sessionFetch,
    credentials: options.cookieSession ? 'same-origin' : 'omit',
  });
}

/**
 * The data of a call, or a thrown SiftApiError with the server's problem: for code that prefers exceptions
 * (`const docs = await unwrap(client.GET('/api/v1/documents'))`).
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (err) {
    throw new SiftApiError(0, null, err instanceof Error ? err.message : String(err));
  }
  if (result.error !== undefined || !result.response.ok) {
    const problem = isProblem(result.error) ? result.error : null;
    throw new SiftApiError(result.response.status, problem);
  }
  return result.data as T;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string';
}
