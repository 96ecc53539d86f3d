import type { Config } from '@sift/config';
import type { Logger } from '@sift/core';
import { openEmbeddedStores } from './embedded-stores.js';
import type { StartupStatus } from './startup-status.js';
import type { Stores } from './stores.types.js';

export { dataPaths, type Stores } from './stores.types.js';

/**
 * Chooses and opens the backends (the only place that does): the embedded SQLite database for metadata, the
 * job queue and both search indexes (FTS5, vectors with HNSW files under `<data>/indexes`), and
 * content-addressed files for blobs. Creates the data dir; unless `migrate` is false, applies pending
 * migrations and ensures the local user.
 */
export async function openStores(
  config: Config,
  options: { migrate?: boolean; logger?: Logger; startup?: StartupStatus | undefined } = {},
): Promise<Stores> {
  const { database, redis, vector } = config.backends;
  if (database || redis || vector) {
    // Loaded only here, so the embedded shape never loads pg, ioredis or the Chroma client.
    const { openScaleOutStores } = await import('./scale-out-stores.js');
    return openScaleOutStores(config, options);
  }
  return openEmbeddedStores(config, options);
}
