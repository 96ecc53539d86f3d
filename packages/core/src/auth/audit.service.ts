import type { AuditFilter, AuditRepository } from '../ports/identity-repository.port.js';
import { silentLogger, type Logger } from '../ports/logger.port.js';
import type { Access } from './access.js';
import type { AuditRecord, RequestOrigin } from './auth.types.js';

/** Field names whose values never reach the trail. */
const SECRET = /pass(word)?|secret|token|hash|^key$|api_?key|credential/iu;

/** A copy of `values` with secrets replaced; nested objects too. */
export function redactSecrets(
  values: Record<string, unknown> | null | undefined,
): Record<string, unknown> | null {
  if (!values) return null;
  const walk = (value: unknown, depth: number): unknown => {
    if (depth > 8 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET.test(k) ? '[redacted]' : walk(v, depth + 1),
      ]),
    );
  };
  return walk(values, 0) as Record<string, unknown>;
}

/** One event for the trail. */
export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  outcome?: 'success' | 'failure';
  /** The actor when no Access exists yet (a sign-in), or none. */
  actorUserId?: string | null;
}

/**
 * The audit trail: every mutating request and every authentication event, with who, what, before and after
 * (secrets redacted), from where, and how it ended. Writing never fails the action it records: a trail that
 * cannot be written is logged instead.
 */
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly logger: Logger = silentLogger,
  ) {}

  async record(access: Access | null, origin: RequestOrigin, event: AuditEvent): Promise<void> {
    try {
      await this.repository.append({
        actorUserId: access?.userId ?? event.actorUserId ?? null,
        actorKeyId: access?.principal.keyId ?? null,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId ?? null,
        before: redactSecrets(event.before),
        after: redactSecrets(event.after),
        outcome: event.outcome ?? 'success',
        ip: origin.ip,
        userAgent: origin.userAgent,
        requestId: origin.requestId,
      });
    } catch (err) {
      this.logger.error({ err, action: event.action }, 'could not write an audit record');
    }
  }

  /** The trail, newest first (admins only). */
  list(access: Access, filter: AuditFilter) {
    access.requireAdmin();
    return this.repository.list(filter);
  }

  /** Deletes records older than `retentionDays`; returns how many. */
  async prune(retentionDays: number, now = Date.now()): Promise<number> {
    return this.repository.prune(new Date(now - retentionDays * 86_400_000).toISOString());
  }
}

export type { AuditRecord };
