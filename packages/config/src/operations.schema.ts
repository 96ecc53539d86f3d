import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false'])
    .default(fallback)
    .transform((v) => v === 'true');

/** The variables of operations: metrics, traces, backups, webhooks. */
export const OPERATIONS_ENV = {
  SIFT_METRICS: bool('true').describe('Prometheus metrics (GET /metrics); false: none are recorded'),
  SIFT_METRICS_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('Interface of the separate metrics listener (used with SIFT_METRICS_PORT)'),
  SIFT_METRICS_PORT: int(0, 65_535)
    .optional()
    .describe(
      'A separate, unauthenticated /metrics listener on SIFT_METRICS_HOST (sift worker serves metrics only there); unset: /metrics on the API port for admins',
    ),
  SIFT_OTEL_ENDPOINT: z
    .url()
    .optional()
    .describe('OTLP/HTTP collector base URL for traces (…:4318); unset: tracing off'),
  SIFT_OTEL_SERVICE_NAME: z.string().min(1).default('sift').describe('service.name of exported traces'),
  SIFT_OTEL_SAMPLE_RATIO: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(1)
    .describe(
      'Share of new traces recorded (0–1, by trace id); a request or job that carries a trace follows its caller’s decision',
    ),
  SIFT_BACKUP_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('Where scheduled and API backups are written (default: <SIFT_DATA_DIR>/backups)'),
  SIFT_BACKUP_CRON: z
    .string()
    .min(1)
    .optional()
    .describe('Cron expression of scheduled backups (e.g. "0 3 * * *"); unset: none'),
  SIFT_BACKUP_KEEP: int(1, 10_000).default(7).describe('Scheduled backups kept; older ones are deleted'),
  SIFT_WEBHOOK_ALLOW_PRIVATE: bool('false').describe(
    'Allow webhook URLs that resolve to loopback, link-local or private addresses',
  ),
  SIFT_WEBHOOK_TIMEOUT_MS: int(100, 120_000).default(10_000).describe('Timeout of one webhook delivery'),
} as const;
