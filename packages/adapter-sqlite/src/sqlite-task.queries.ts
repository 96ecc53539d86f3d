/** Ownership guard of every worker transition: only the worker holding a running task may move it. */
const OWNED = `id = @id AND status = 'running' AND worker_id = @workerId`;

const ACTIVE = `status IN ('pending', 'running')`;

const SET_ERROR = `error_code = @errorCode, error_message = @errorMessage, error_stack = @errorStack,
  error_retryable = @errorRetryable, interruptions = interruptions + @interrupted, lease_until = NULL,
  updated_at = @now`;

const LEASE_EXPIRED = `error_code = 'TASK_LEASE_EXPIRED',
  error_message = 'the worker stopped responding during the last attempt', error_stack = NULL,
  error_retryable = 1, interruptions = interruptions + 1`;

/**
 * The statements of SqliteJobQueue. Each worker transition is one UPDATE guarded by ownership, so a worker
 * that lost its lease changes nothing however its calls interleave with the new owner's.
 */
export const TASK_SQL = {
  getById: `SELECT * FROM tasks WHERE id = ?`,
  statusById: `SELECT status FROM tasks WHERE id = ?`,
  activeHolder: `SELECT * FROM tasks WHERE unique_key = ? AND ${ACTIVE}`,
  insert: `INSERT INTO tasks (id, type, queue, priority, max_attempts, run_after, payload, owner_id, document_id,
      unique_key, created_at, updated_at)
    VALUES (@id, @type, @queue, @priority, @maxAttempts, @runAfter, @payload, @ownerId, @documentId,
      @uniqueKey, @now, @now)
    RETURNING *`,

  /**
   * The best runnable candidate of one queue, in claim order: a due pending task, or a running one whose
   * worker's lease expired. With equality on status and queue the order matches `tasks_claim_idx`, so SQLite
   * walks the index and stops at the first row that qualifies instead of sorting the backlog.
   */
  pendingCandidate: `SELECT seq, priority, run_after FROM tasks
    WHERE status = 'pending' AND queue = @queue AND run_after <= @now
    ORDER BY priority DESC, run_after, seq LIMIT 1`,
  expiredCandidate: `SELECT seq, priority, run_after FROM tasks
    WHERE status = 'running' AND queue = @queue AND lease_until < @now
    ORDER BY priority DESC, run_after, seq LIMIT 1`,
  claim: `UPDATE tasks SET status = 'running', attempts = attempts + 1, worker_id = @workerId,
      lease_until = @leaseUntil, started_at = @now, updated_at = @now
    WHERE seq = @seq RETURNING *`,
  /** Retaken after its worker stopped renewing the lease: that attempt was interrupted. */
  claimExpired: `UPDATE tasks SET status = 'running', attempts = attempts + 1, worker_id = @workerId,
      lease_until = @leaseUntil, started_at = @now, updated_at = @now, ${LEASE_EXPIRED}
    WHERE seq = @seq RETURNING *`,
  /**
   * A task whose worker died during its last attempt is not retaken: running it again could kill another.
   * Swept in every queue, not only the claimer's, so it does not sit "running" until a worker of its queue looks.
   */
  deadLetterExhausted: `UPDATE tasks SET status = 'dead', lease_until = NULL, finished_at = @now, updated_at = @now,
      ${LEASE_EXPIRED}
    WHERE status = 'running' AND lease_until < @now AND attempts >= max_attempts`,

  heartbeat: `UPDATE tasks SET lease_until = @leaseUntil WHERE ${OWNED}`,
  progress: `UPDATE tasks SET progress = @progress, stage = @stage, updated_at = @now WHERE ${OWNED}`,
  complete: `UPDATE tasks SET status = 'succeeded', result = @result, progress = 1, lease_until = NULL,
      finished_at = @now, updated_at = @now
    WHERE ${OWNED}`,
  failRetry: `UPDATE tasks SET status = 'pending', worker_id = NULL, run_after = @retryAt, ${SET_ERROR}
    WHERE ${OWNED}`,
  failFinal: `UPDATE tasks SET status = @status, finished_at = @now, ${SET_ERROR} WHERE ${OWNED}`,
  release: `UPDATE tasks SET status = 'pending', attempts = max(0, attempts - 1), worker_id = NULL,
      lease_until = NULL, updated_at = @now
    WHERE ${OWNED}`,

  // worker_id stays on cancel, so the heartbeat of the worker that ran it can tell "cancelled" from "lost".
  cancel: `UPDATE tasks SET status = 'cancelled', lease_until = NULL, finished_at = @now, updated_at = @now
    WHERE id = @id AND ${ACTIVE} RETURNING *`,
  retry: `UPDATE tasks SET status = 'pending', attempts = 0, interruptions = 0, result = NULL, progress = 0, stage = NULL,
      error_code = NULL, error_message = NULL, error_stack = NULL, error_retryable = NULL,
      worker_id = NULL, lease_until = NULL, run_after = @now, started_at = NULL, finished_at = NULL,
      updated_at = @now
    WHERE id = @id RETURNING *`,

  // `tasks_claim_idx` leads with status: a range of the index, not a scan of every task ever run.
  countPending: `SELECT count(*) AS n FROM tasks WHERE status = 'pending'`,
  countByQueueAndStatus: `SELECT queue, status, count(*) AS n FROM tasks GROUP BY queue, status`,
  listWorkers: `SELECT * FROM workers ORDER BY started_at, id`,
  // A re-registration is a sign of life: the worker keeps the start time of its first registration.
  registerWorker: `INSERT INTO workers (id, pid, hostname, queues, started_at, last_seen_at)
    VALUES (@id, @pid, @hostname, @queues, @startedAt, @now)
    ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, hostname = excluded.hostname, queues = excluded.queues,
      last_seen_at = excluded.last_seen_at`,
  unregisterWorker: `DELETE FROM workers WHERE id = ?`,
  pruneWorkers: `DELETE FROM workers WHERE last_seen_at < ?`,
} as const;
