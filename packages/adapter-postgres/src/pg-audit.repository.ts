import { randomUUID } from 'node:crypto';
import { AppError, type AuditFilter, type AuditRecord, type AuditRepository, type Page } from '@sift/core';
import type { PgPool } from './pg-database.js';
import { decodeSeqCursor, encodeSeqCursor } from './pg-seq-cursor.js';
import { iso, isoToMs } from './pg-time.js';

interface AuditRow {
  seq: number;
  id: string;
  user_id: string | null;
  api_key_id: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  old_values: Record<string, unknown> | null;
  new_values: Record<string, unknown> | null;
  outcome: 'success' | 'failure';
  ip_address: string | null;
  user_agent: string | null;
  request_id: string | null;
  created_at: number;
}

const toRecord = (r: AuditRow): AuditRecord => ({
  id: r.id,
  at: iso(r.created_at),
  actorUserId: r.user_id,
  actorKeyId: r.api_key_id,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id === '' ? null : r.entity_id,
  before: r.old_values,
  after: r.new_values,
  outcome: r.outcome,
  ip: r.ip_address,
  userAgent: r.user_agent,
  requestId: r.request_id,
});

const SQL = {
  // An actor that no longer exists (or never did, as in a failed sign-in) is recorded as nobody: the
  // subquery yields NULL for it, in the same statement, so no deletion can slip in between.
  insert: `INSERT INTO audit_logs (id, user_id, api_key_id, entity_type, entity_id, action, old_values, new_values,
      outcome, ip_address, user_agent, request_id, created_at)
    VALUES ($1, (SELECT id FROM users WHERE id = $2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
    RETURNING *`,
  prune: `DELETE FROM audit_logs WHERE created_at < $1`,
} as const;

/** The audit trail in `audit_logs`, newest first, paged by insertion order. */
export class PgAuditRepository implements AuditRepository {
  constructor(private readonly pool: PgPool) {}

  async append(record: Parameters<AuditRepository['append']>[0]): Promise<AuditRecord> {
    const { rows } = await this.pool.query<AuditRow>(SQL.insert, [
      randomUUID(),
      record.actorUserId,
      record.actorKeyId,
      record.entityType,
      record.entityId ?? '',
      record.action,
      record.before === null ? null : JSON.stringify(record.before),
      record.after === null ? null : JSON.stringify(record.after),
      record.outcome,
      record.ip,
      record.userAgent,
      record.requestId,
      record.at ? Date.parse(record.at) : Date.now(),
    ]);
    return toRecord(rows[0]!);
  }

  async list(filter: AuditFilter): Promise<Page<AuditRecord>> {
    const limit = Math.min(500, Math.max(1, filter.limit ?? 100));
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      where.push(condition.replace('?', `$${params.length}`));
    };
    if (filter.actorUserId) add('user_id = ?', filter.actorUserId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.entityType) add('entity_type = ?', filter.entityType);
    if (filter.entityId) add('entity_id = ?', filter.entityId);
    const invalid = () => new AppError('AUDIT_FILTER_INVALID', 'user', 'from and to are ISO-8601 times');
    if (filter.from) add('created_at >= ?', isoToMs(filter.from, invalid));
    if (filter.to) add('created_at <= ?', isoToMs(filter.to, invalid));
    if (filter.cursor) add('seq < ?', decodeSeqCursor(filter.cursor));
    params.push(limit + 1);
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT * FROM audit_logs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map(toRecord),
      nextCursor: rows.length > limit ? encodeSeqCursor(page.at(-1)!.seq) : null,
    };
  }

  async prune(before: string): Promise<number> {
    return (await this.pool.query(SQL.prune, [Date.parse(before)])).rowCount ?? 0;
  }
}
