import { AppError } from '../errors.js';
import type { SpanHandle, Telemetry, TraceCarrier } from '../ports/telemetry.port.js';
import type { Task } from './job.types.js';

/** How one attempt ended, as `sift_job_duration_seconds` labels it. */
export type JobOutcome = 'succeeded' | 'retry' | 'failed' | 'dead' | 'cancelled';

/** What an attempt left: its outcome (null when another worker or a shutdown took the task over) and error. */
export interface AttemptResult {
  outcome: JobOutcome | null;
  error?: unknown;
}

/**
 * Runs one attempt in a `job <type>` span continuing the trace of the code that enqueued it (the payload's
 * carrier), and records its duration by outcome, retries and dead letters.
 */
export async function observeAttempt(
  telemetry: Telemetry,
  task: Task,
  carrier: TraceCarrier | null,
  run: (span: SpanHandle) => Promise<AttemptResult>,
): Promise<void> {
  const { tracer, metrics } = telemetry;
  const started = performance.now();
  const ended: AttemptResult = { outcome: null };
  const attributes = {
    'sift.task.id': task.id,
    'sift.task.queue': task.queue,
    'sift.task.attempt': task.attempts,
  };
  await tracer
    .resume(carrier, () =>
      tracer.span(`job ${task.type}`, attributes, async (span) => {
        const result = await run(span);
        ended.outcome = result.outcome;
        span.setAttribute('sift.job.outcome', result.outcome ?? 'abandoned');
        // Thrown again so that the span is marked failed; the failure itself is already recorded.
        if (result.error !== undefined) throw result.error;
      }),
    )
    .catch(() => {});
  const { outcome } = ended;
  if (outcome === null) return;
  const labels = { type: task.type };
  metrics.observe('sift_job_duration_seconds', { ...labels, outcome }, (performance.now() - started) / 1000);
  if (outcome === 'retry') metrics.count('sift_job_retries_total', labels);
  if (outcome === 'dead') metrics.count('sift_job_dead_letters_total', labels);
}

/** A cancelled attempt counts as `cancelled`; one lost to another worker or a shutdown is not this pool's to count. */
export function abortOutcome(signal: AbortSignal): JobOutcome | null {
  const reason: unknown = signal.reason;
  return reason instanceof AppError && reason.code === 'TASK_CANCELLED' ? 'cancelled' : null;
}
