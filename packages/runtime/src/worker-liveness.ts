import type { WorkerInfo } from '@sift/core';

/**
 * Whether a registered worker counts as alive: workers re-register every lease/3, so a worker unseen for two
 * leases has missed several heartbeats and is most likely gone (killed without unregistering).
 */
export function isWorkerRecent(worker: WorkerInfo, leaseMs: number, now: number = Date.now()): boolean {
  return now - Date.parse(worker.lastSeenAt) <= 2 * leaseMs;
}
