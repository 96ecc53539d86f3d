import { AppError, type Logger } from '@sift/core';

/**
 * Calls `connect` until it succeeds or `totalMs` has passed, with exponential backoff (0.5 s doubling to 10 s),
 * logging each failure with the backend named. Nodes of a scale-out install start in any order: an API node
 * that comes up before PostgreSQL waits for it instead of crashing. Past the deadline it fails with
 * BACKEND_UNAVAILABLE naming the variable to check (the URL's password never appears).
 */
export async function waitForBackend<T>(
  backend: string,
  variable: string,
  redactedUrl: string,
  connect: () => Promise<T>,
  options: {
    totalMs: number;
    logger?: Logger;
    sleep?: (ms: number) => Promise<void>;
    /** Told of every attempt, e.g. the start-up placeholder's readiness (which backend it still waits for). */
    onAttempt?: (outcome: { ok: true } | { ok: false; error: unknown; attempt: number }) => void;
  },
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = Date.now() + options.totalMs;
  let delay = 500;
  for (let attempt = 1; ; attempt++) {
    try {
      const connected = await connect();
      options.onAttempt?.({ ok: true });
      return connected;
    } catch (err) {
      options.onAttempt?.({ ok: false, error: err, attempt });
      const reason = err instanceof Error ? err.message : String(err);
      if (Date.now() + delay > deadline) {
        throw new AppError(
          'BACKEND_UNAVAILABLE',
          'system',
          `${backend} at ${redactedUrl} did not answer (${reason}); check ${variable} and that the server runs`,
          { cause: err, details: { backend, variable, attempts: attempt } },
        );
      }
      options.logger?.warn(
        { backend, url: redactedUrl, attempt, retryInMs: delay, err: reason },
        `${backend} is not reachable yet; retrying`,
      );
      await sleep(delay);
      delay = Math.min(10_000, delay * 2);
    }
  }
}
