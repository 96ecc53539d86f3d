import type { ReadinessReport } from '@sift/runtime';
import { z } from 'zod';

/** `GET /health`. */
export const LivenessSchema = z
  .object({
    status: z.literal('ok'),
    uptime_s: z.number().describe('Seconds since the process started'),
    version: z.string(),
  })
  .meta({ id: 'Liveness' });

const BackendCheckSchema = z.object({
  ok: z.boolean(),
  engine: z.string(),
  latency_ms: z.number().describe('How long the probe took'),
  error: z.string().optional().describe('Why the backend did not answer (its address is not shown)'),
});

/** `GET /health/ready`, with 200 and 503 alike: each check says whether it passed. */
export const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({
      database: z.object({
        ok: z.boolean(),
        engine: z.string().describe('sqlite (embedded) or postgres'),
        latency_ms: z.number().describe('How long a test write took'),
        error: z.string().optional(),
      }),
      queue: BackendCheckSchema.describe('The job queue: sqlite (embedded, the same database) or redis'),
      vectors: BackendCheckSchema.describe(
        'The vector index: sqlite (embedded, the same database), postgres (exact search) or chroma',
      ),
      disk: z.object({
        ok: z.boolean(),
        free_mb: z.number().int().describe('Free space in the data dir'),
        min_free_mb: z.number().int().describe('SIFT_MIN_FREE_DISK_MB'),
        error: z.string().optional(),
      }),
      workers: z.object({ ok: z.boolean(), detail: z.string() }),
      llm: z
        .object({
          ok: z.boolean(),
          provider: z.string(),
          model: z.string(),
          circuit: z.enum(['closed', 'open', 'half_open']).describe('open: answers fall back to extractive'),
          error: z.string().optional(),
        })
        .optional()
        .describe('Present when an LLM is configured'),
      embedder: z
        .object({
          ok: z.boolean().describe('false while the model does not load (search is then lexical only)'),
          engine: z.enum(['use-lite', 'transformers', 'openai', 'ollama']),
          model: z.string(),
          dtype: z.string().optional().describe('transformers: the ONNX weights, fp32 or q8'),
          pooling: z.string().optional(),
          reason: z.string().describe('Why this embedder serves (SIFT_EMBEDDER=auto chooses)'),
          error: z.string().optional(),
        })
        .optional()
        .describe('The embedder this process runs; absent with SIFT_EMBEDDER=none'),
    }),
    intake: z
      .object({
        pending_tasks: z.number().int(),
        max_pending_tasks: z.number().int().describe('SIFT_INTAKE_MAX_PENDING'),
        accepting_uploads: z.boolean(),
      })
      .optional()
      .describe('Backpressure: uploads get 503 QUEUE_FULL while more tasks than the limit wait'),
  })
  .meta({ id: 'Readiness' });

/** The readiness body. */
export type ReadinessResponse = z.infer<typeof ReadinessSchema>;

/** Maps the runtime's report to the API's snake_case shape. */
export function toReadinessResponse(report: ReadinessReport): ReadinessResponse {
  const { database, disk, workers, queue, vectors } = report.checks;
  const backend = (c: typeof queue) => ({
    ok: c.ok,
    engine: c.engine,
    latency_ms: c.latencyMs,
    ...(c.error && { error: c.error }),
  });
  return {
    status: report.ready ? 'ready' : 'not_ready',
    checks: {
      database: backend(database),
      queue: backend(queue),
      vectors: backend(vectors),
      disk: {
        ok: disk.ok,
        free_mb: disk.freeMb,
        min_free_mb: disk.minFreeMb,
        ...(disk.error && { error: disk.error }),
      },
      workers,
      ...(report.checks.llm && {
        llm: { ...report.checks.llm, circuit: report.checks.llm.circuit as 'closed' | 'open' | 'half_open' },
      }),
      ...(report.checks.embedder && { embedder: report.checks.embedder }),
    },
    ...(report.intake && {
      intake: {
        pending_tasks: report.intake.pendingTasks,
        max_pending_tasks: report.intake.maxPendingTasks,
        accepting_uploads:
          database.ok && disk.ok && report.intake.pendingTasks <= report.intake.maxPendingTasks,
      },
    }),
  };
}
