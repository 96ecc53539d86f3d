/**
 * Who is at fault, which decides the HTTP status (server) and whether a job retries (worker):
 * - `user`: bad input; `not_found`; `conflict`: the state does not allow it; `forbidden`: not allowed here;
 * - `unauthenticated`: no valid credentials (sign in first);
 * - `unavailable`: overloaded or not ready, try again later (backpressure);
 * - `storage`: the disk is full or read-only; nothing was kept, try again when space returns;
 * - `system`: our fault; `third_party`: a provider failed.
 */
export type ErrorCategory =
  | 'user'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'unavailable'
  | 'storage'
  | 'system'
  | 'third_party';

export interface AppErrorOptions {
  /** Extra machine-readable facts, safe to show to the caller. */
  details?: Record<string, unknown>;
  cause?: unknown;
  /**
   * Whether doing the same thing again may succeed. Defaults from the category: system, third_party,
   * unavailable and storage failures are transient (overload, disk full, provider down); the others are not.
   */
  retryable?: boolean;
  /**
   * The work stalled past its time limit or crashed the thread or process running it. A job interrupted
   * twice is a poison pill and is not run again (see jobs/retry-policy.ts).
   */
  interrupted?: boolean;
}

/**
 * The one error type of Sift. `code` is stable (clients and tests match on it), `message` is for humans.
 * Core throws only this; the server maps `category` to an HTTP status in one place.
 */
export class AppError extends Error {
  readonly details: Record<string, unknown>;
  readonly retryable: boolean;
  readonly interrupted: boolean;

  constructor(
    readonly code: string,
    readonly category: ErrorCategory,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.details = options.details ?? {};
    this.retryable = options.retryable ?? TRANSIENT_CATEGORIES.has(category);
    this.interrupted = options.interrupted ?? false;
  }
}

/**
 * An error as a worker thread posts it (structured cloning keeps the fields, not the class): the extraction,
 * cross-encoder and lexical reader threads all send this shape.
 */
export interface ThreadErrorWire {
  name?: string;
  message: string;
  stack?: string;
  code?: string;
  category?: ErrorCategory;
  details?: Record<string, unknown>;
  retryable?: boolean;
  interrupted?: boolean;
}

/**
 * The AppError a worker thread threw, with its code, category, details, retryability and stack; null for any
 * other error (no code and category), which each caller turns into an error of its own.
 */
export function appErrorFromThread(wire: ThreadErrorWire): AppError | null {
  if (!wire.code || !wire.category) return null;
  const err = new AppError(wire.code, wire.category, wire.message, {
    ...(wire.details ? { details: wire.details } : {}),
    ...(wire.retryable !== undefined ? { retryable: wire.retryable } : {}),
    ...(wire.interrupted ? { interrupted: true } : {}),
  });
  if (wire.stack) err.stack = wire.stack;
  return err;
}

const TRANSIENT_CATEGORIES: ReadonlySet<ErrorCategory> = new Set([
  'system',
  'third_party',
  'unavailable',
  'storage',
]);

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/**
 * Unknown errors (a driver's ECONNRESET, a TypeError from a library) count as retryable: a job gives up
 * after its last attempt anyway, and dead-lettering keeps the evidence.
 */
export function isRetryable(err: unknown): boolean {
  return isAppError(err) ? err.retryable : true;
}

/**
 * Error codes with which storage refuses a write because the disk is full, read-only or failing: the errnos of
 * the file system and the result codes of SQLite (`SQLITE_IOERR_WRITE`, `SQLITE_READONLY_DBMOVED`, …).
 */
const STORAGE_ERRNOS = new Set(['ENOSPC', 'EROFS', 'EDQUOT', 'EIO']);
const STORAGE_RESULT_CODES = /^SQLITE_(FULL|IOERR|READONLY)(_|$)/u;

/**
 * The AppError (`INSUFFICIENT_STORAGE`, category storage) for a failure of the disk under the data dir — full,
 * read-only, failing — or null for anything else. Drivers throw these as their own errors, from any write;
 * the server answers them 507 and readiness turns red until a write works again.
 */
export function asStorageError(err: unknown): AppError | null {
  if (isAppError(err)) return err.category === 'storage' ? err : null;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(STORAGE_ERRNOS.has(code) || STORAGE_RESULT_CODES.test(code))) return null;
  return new AppError(
    'INSUFFICIENT_STORAGE',
    'storage',
    'the server cannot store data now: its disk is full or read-only; nothing was kept, try again later',
    { details: { reason: code }, cause: err },
  );
}

/** Normalises anything thrown into the fields we persist for a failed task. */
export function describeError(err: unknown): {
  code: string;
  message: string;
  stack?: string;
  retryable: boolean;
  interrupted?: boolean;
} {
  const error = asStorageError(err) ?? err;
  if (isAppError(error)) {
    return {
      code: error.code,
      message: error.message,
      // A translated driver error keeps the driver's stack: that is where the write failed.
      stack: error === err ? error.stack : (err as Error).stack,
      retryable: error.retryable,
      ...(error.interrupted ? { interrupted: true } : {}),
    };
  }
  if (err instanceof Error) {
    const raw = (err as Error & { code?: unknown }).code;
    const code = typeof raw === 'string' ? raw : 'INTERNAL';
    return { code, message: err.message, stack: err.stack, retryable: true };
  }
  return { code: 'INTERNAL', message: String(err), retryable: true };
}
