export * from './runtime.js';
export * from './logger.js';
export * from './version.js';
export * from './system-status.js';
export * from './readiness.js';
export { createJobHandlers } from './job-handlers.js';
export { workerPoolOptions } from './worker-options.js';
export { dataPaths } from './stores.js';
export { isWorkerRecent } from './worker-liveness.js';
