import { statfs } from 'node:fs/promises';
import type { Config } from '@sift/config';

/** The backends a node waits for at start, named as the readiness checks name them. */
export type StartupBackend = 'database' | 'queue' | 'vectors';

/** What one wait attempt ended with (see `waitForBackend`'s `onAttempt`). */
export type AttemptOutcome = { ok: true } | { ok: false; error: unknown; attempt: number };

interface BackendState {
  engine: string;
  /** pending: not tried yet (an earlier backend is still awaited); waiting: tried and failed; up: answered. */
  state: 'pending' | 'waiting' | 'up';
  attempts: number;
  /** The last failure's error code(s), e.g. `REDIS_UNAVAILABLE: ECONNREFUSED`; never a message with a URL. */
  lastError?: string;
}

/** A readiness check of the start-up body, in the API's snake_case shape. */
interface StartupCheck {
  ok: boolean;
  engine: string;
  latency_ms: number;
  error?: string;
}

/** The body of `GET /health/ready` while the node starts: the shape of the real readiness, always not ready. */
export interface StartupReadiness {
  status: 'not_ready';
  checks: {
    database: StartupCheck;
    queue: StartupCheck;
    vectors: StartupCheck;
    disk: { ok: boolean; free_mb: number; min_free_mb: number; error?: string };
    workers: { ok: boolean; detail: string };
  };
  /** Only in the start-up body: which backends this node still waits for, and since when. */
  starting: { waiting_for: StartupBackend[]; since_s: number };
}

const VARIABLES: Record<StartupBackend, string> = {
  database: 'SIFT_DATABASE_URL',
  queue: 'SIFT_REDIS_URL',
  vectors: 'SIFT_VECTOR_URL',
};

/**
 * What a node that is starting knows about its backends, fed by the backoff waits and read by the start-up
 * placeholder listener: an orchestrator then sees readiness red with the missing backend named (instead of a
 * refused connection), and whoever reads it is told which variable to check. Holds error codes only, so no
 * URL (with or without credentials) can reach the body.
 */
export class StartupStatus {
  private readonly backends: Record<StartupBackend, BackendState>;
  private readonly startedAt = Date.now();

  constructor(private readonly config: Config) {
    const { database, redis, vector } = config.backends;
    const state = (engine: string): BackendState => ({ engine, state: 'pending', attempts: 0 });
    this.backends = {
      database: state(database ? 'postgres' : 'sqlite'),
      queue: state(redis ? 'redis' : 'sqlite'),
      vectors: state(vector ? 'chroma' : database ? 'postgres' : 'sqlite'),
    };
  }

  /** A callback for `waitForBackend`'s `onAttempt`. */
  reporter(backend: StartupBackend): (outcome: AttemptOutcome) => void {
    return (outcome) => {
      const entry = this.backends[backend];
      if (outcome.ok) {
        entry.state = 'up';
        delete entry.lastError;
      } else {
        entry.state = 'waiting';
        entry.attempts = outcome.attempt;
        entry.lastError = errorCodes(outcome.error);
      }
    };
  }

  /** The backends not up yet; those in the metadata database (same engine) follow its state. */
  waitingFor(): StartupBackend[] {
    return (Object.keys(this.backends) as StartupBackend[]).filter((b) => this.effective(b).state !== 'up');
  }

  /** One line for humans: which backend, which variable. */
  describe(): string {
    const waiting = this.waitingFor().filter((b) => this.effective(b).state === 'waiting');
    if (waiting.length === 0) return 'Sift is starting';
    const named = waiting.map((b) => `${this.backends[b].engine} (${VARIABLES[b]})`).join(', ');
    return `Sift is starting: waiting for ${named} to answer`;
  }

  async readiness(): Promise<StartupReadiness> {
    const waiting = this.waitingFor();
    return {
      status: 'not_ready',
      checks: {
        database: this.check('database'),
        queue: this.check('queue'),
        vectors: this.check('vectors'),
        disk: await this.disk(),
        workers: {
          ok: false,
          detail: waiting.length
            ? `not started: waiting for ${waiting.join(', ')}`
            : 'not started: opening the stores',
        },
      },
      starting: { waiting_for: waiting, since_s: Math.round((Date.now() - this.startedAt) / 1000) },
    };
  }

  private effective(backend: StartupBackend): BackendState {
    const entry = this.backends[backend];
    // Without a server of its own (sqlite, or exact vectors in PostgreSQL) it lives in the metadata database.
    const own = backend === 'database' || (entry.engine !== 'sqlite' && entry.engine !== 'postgres');
    return own ? entry : { ...this.backends.database, engine: entry.engine };
  }

  private check(backend: StartupBackend): StartupCheck {
    const entry = this.effective(backend);
    if (entry.state === 'up') return { ok: true, engine: entry.engine, latency_ms: 0 };
    const error =
      entry.state === 'pending'
        ? 'not checked yet'
        : `not reachable yet (${entry.lastError ?? 'unknown'}; attempt ${entry.attempts}; check ${VARIABLES[backend]})`;
    return { ok: false, engine: entry.engine, latency_ms: 0, error };
  }

  private async disk(): Promise<StartupReadiness['checks']['disk']> {
    const minFreeMb = this.config.health.minFreeDiskMb;
    try {
      const fs = await statfs(this.config.dataDir);
      const freeMb = Math.floor((fs.bavail * fs.bsize) / (1024 * 1024));
      return { ok: freeMb >= minFreeMb, free_mb: freeMb, min_free_mb: minFreeMb };
    } catch (err) {
      return { ok: false, free_mb: 0, min_free_mb: minFreeMb, error: errorCodes(err) };
    }
  }
}

/**
 * The codes along an error's cause chain (`REDIS_UNAVAILABLE: ECONNREFUSED`, `28P01` for a refused password):
 * what failed, without a message that could carry the backend's address or a credential.
 */
export function errorCodes(err: unknown): string {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string' && !codes.includes(code)) codes.push(code);
    // Node's happy-eyeballs connect fails with an AggregateError of one error per address.
    current = cause ?? (Array.isArray(errors) ? (errors[0] as unknown) : undefined);
  }
  if (codes.length > 0) return codes.join(': ');
  return err instanceof Error ? err.name : 'unknown';
}
