import path from 'node:path';

/** Metrics, traces, backups and webhooks, as the entry points and the runtime use them. */
export interface Operations {
  metrics: {
    enabled: boolean;
    /** A separate unauthenticated listener; null: `/metrics` on the API port, admins only. */
    listener: { host: string; port: number } | null;
  };
  /** null: tracing off. */
  tracing: { endpoint: string; serviceName: string; sampleRatio: number } | null;
  backup: { dir: string; cron: string | null; keep: number };
  webhooks: { allowPrivate: boolean; timeoutMs: number };
}

interface OperationsEnv {
  SIFT_METRICS: boolean;
  SIFT_METRICS_HOST: string;
  SIFT_METRICS_PORT?: number | undefined;
  SIFT_OTEL_ENDPOINT?: string | undefined;
  SIFT_OTEL_SERVICE_NAME: string;
  SIFT_OTEL_SAMPLE_RATIO: number;
  SIFT_BACKUP_DIR?: string | undefined;
  SIFT_BACKUP_CRON?: string | undefined;
  SIFT_BACKUP_KEEP: number;
  SIFT_WEBHOOK_ALLOW_PRIVATE: boolean;
  SIFT_WEBHOOK_TIMEOUT_MS: number;
}

export function operationsOf(e: OperationsEnv, dataDir: string, cwd: string): Operations {
  return {
    metrics: {
      enabled: e.SIFT_METRICS,
      listener:
        e.SIFT_METRICS_PORT === undefined ? null : { host: e.SIFT_METRICS_HOST, port: e.SIFT_METRICS_PORT },
    },
    tracing: e.SIFT_OTEL_ENDPOINT
      ? {
          endpoint: e.SIFT_OTEL_ENDPOINT,
          serviceName: e.SIFT_OTEL_SERVICE_NAME,
          sampleRatio: e.SIFT_OTEL_SAMPLE_RATIO,
        }
      : null,
    backup: {
      dir: e.SIFT_BACKUP_DIR ? path.resolve(cwd, e.SIFT_BACKUP_DIR) : path.join(dataDir, 'backups'),
      cron: e.SIFT_BACKUP_CRON ?? null,
      keep: e.SIFT_BACKUP_KEEP,
    },
    webhooks: { allowPrivate: e.SIFT_WEBHOOK_ALLOW_PRIVATE, timeoutMs: e.SIFT_WEBHOOK_TIMEOUT_MS },
  };
}
