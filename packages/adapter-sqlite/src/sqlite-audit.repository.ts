import { randomUUID } from 'node:crypto';
import { AppError, type AuditFilter, type AuditRecord, type AuditRepository, type Page } from '@sift/core';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './sqlite-statements.js';
import { decodeCursor, encodeCursor } from './sqlite-task.mapper.js';
import { isoToMs } from './sqlite-time.js';

interface AuditRow {
  rowid: number;
  id: string;
  user_id: string | null;
  api_key_id: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  old_values: string | null;
  new_values: string | null;
  outcome: 'success' | 'failure';
  ip_address: string | null;
  user_agent: string | null;
  request_id: string | null;
  created_at: number;
}

const toRecord = (r: AuditRow): AuditRecord => ({
  id: r.id,
  at: new Date(r.created_at).toISOString(),
  actorUserId: r.user_id,
  actorKeyId: r.api_key_id,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id === '' ? null : r.entity_id,
  before: r.old_values === null ? null : (JSON.parse(r.old_values) as Record<string, unknown>),
  after: r.new_values === null ? null : (JSON.parse(r.new_values) as Record<string, unknown>),
  outcome: r.outcome,
  ip: r.ip_address,
  userAgent: r.user_agent,
  requestId: r.request_id,
});

/** The audit trail in `audit_logs`, newest first, paged by insertion order. */
export class SqliteAuditRepository implements AuditRepository {
  private readonly sql: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async append(record: Parameters<AuditRepository['append']>[0]): Promise<AuditRecord> {
    const row = this.sql
      .get(
        `INSERT INTO audit_logs (id, user_id, api_key_id, entity_type, entity_id, action, old_values, new_values,
           outcome, ip_address, user_agent, request_id, created_at)
         VALUES (@id, @userId, @keyId, @entityType, @entityId, @action, @before, @after, @outcome, @ip, @userAgent,
           @requestId, @at)
         RETURNING rowid, *`,
      )
      .get({
        id: randomUUID(),
        // An actor that no longer exists (or never did, as in a failed sign-in) is recorded as nobody.
        userId: record.actorUserId && this.userExists(record.actorUserId) ? record.actorUserId : null,
        keyId: record.actorKeyId,
        entityType: record.entityType,
        entityId: record.entityId ?? '',
        action: record.action,
        before: record.before === null ? null : JSON.stringify(record.before),
        after: record.after === null ? null : JSON.stringify(record.after),
        outcome: record.outcome,
        ip: record.ip,
        userAgent: record.userAgent,
        requestId: record.requestId,
        at: record.at ? Date.parse(record.at) : Date.now(),
      }) as AuditRow;
    return toRecord(row);
  }

  async list(filter: AuditFilter): Promise<Page<AuditRecord>> {
    const limit = Math.min(500, Math.max(1, filter.limit ?? 100));
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      where.push(condition);
      params.push(value);
    };
    if (filter.actorUserId) add('user_id = ?', filter.actorUserId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.entityType) add('entity_type = ?', filter.entityType);
    if (filter.entityId) add('entity_id = ?', filter.entityId);
    const invalid = () => new AppError('AUDIT_FILTER_INVALID', 'user', 'from and to are ISO-8601 times');
    if (filter.from) add('created_at >= ?', isoToMs(filter.from, invalid));
    if (filter.to) add('created_at <= ?', isoToMs(filter.to, invalid));
    if (filter.cursor) add('rowid < ?', decodeCursor(filter.cursor));
    const rows = this.db
      .prepare(
        `SELECT rowid, * FROM audit_logs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY rowid DESC LIMIT ?`,
      )
      .all(...params, limit + 1) as AuditRow[];
    const page = rows.slice(0, limit);
    return {
      items: page.map(toRecord),
      nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.rowid) : null,
    };
  }

  async prune(before: string): Promise<number> {
    return this.sql.get('DELETE FROM audit_logs WHERE created_at < ?').run(Date.parse(before)).changes;
  }

  private userExists(id: string): boolean {
    return this.sql.get('SELECT 1 FROM users WHERE id = ?').get(id) !== undefined;
  }
}
