import type { Config } from '@sift/config';
import {
  createRuntime,
  StartupStatus,
  startStartupListener,
  type SiftLogger,
  type SiftRuntime,
  type StartupListener,
} from '@sift/runtime';

/**
 * Creates the runtime while a placeholder answers on `listener` (a scale-out node waits for its backends,
 * with backoff, up to SIFT_BACKEND_WAIT_S): probes see readiness red naming the backend instead of a refused
 * connection. The caller closes the placeholder just before its own listener takes the port. When the wait
 * gives up (BACKEND_UNAVAILABLE) the placeholder is closed, so the process exits with that error.
 *
 * No placeholder for the embedded shape (nothing to wait for) or port 0 (the real listener would get another
 * port, so the placeholder would answer where nobody looks).
 */
export async function createRuntimeAnswering(
  config: Config,
  listener: { host: string; port: number } | null,
  logger: SiftLogger,
): Promise<{ runtime: SiftRuntime; placeholder: StartupListener | null }> {
  const { database, redis, vector } = config.backends;
  if (!listener || listener.port === 0 || !(database || redis || vector)) {
    return { runtime: await createRuntime(config, { logger }), placeholder: null };
  }
  const startup = new StartupStatus(config);
  const placeholder = await startStartupListener(listener, startup, logger);
  try {
    return { runtime: await createRuntime(config, { logger, startup }), placeholder };
  } catch (err) {
    await placeholder.close();
    throw err;
  }
}
