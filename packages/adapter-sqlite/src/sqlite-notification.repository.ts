import { randomUUID } from 'node:crypto';
import {
  invalidRetentionCutoff,
  type DeliveryAttempt,
  type DeliveryPage,
  type DeliveryStatus,
  type NewDelivery,
  type NewWebhook,
  type NotificationDraft,
  type NotificationPage,
  type NotificationRepository,
  type NotificationUpsert,
  type Webhook,
  type WebhookDelivery,
  type WebhookEventType,
  type WebhookPatch,
  type WebhookWithSecret,
} from '@sift/core';
import { mapConstraints } from './sqlite-constraint.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './sqlite-statements.js';
import { isoToMs } from './sqlite-time.js';
import {
  type DeliveryRow,
  type NotificationRow,
  type WebhookRow,
  decodeCursor,
  decodeSeq,
  toDelivery,
  toNotification,
  toWebhook,
  userNotFound,
} from './sqlite-notification.mapper.js';

const NOTIFICATION = `n.*, (SELECT count(*) FROM notification_items i WHERE i.notification_seq = n.seq) AS count`;

const SQL = {
  findNotification: `SELECT seq, read_at FROM notifications WHERE user_id = ? AND key = ?`,
  insertNotification: `INSERT INTO notifications (id, user_id, kind, key, title, body, link, created_at, updated_at)
    VALUES (@id, @userId, @kind, @key, @title, @body, @link, @now, @now) RETURNING seq`,
  insertItem: `INSERT INTO notification_items (notification_seq, item) VALUES (?, ?) ON CONFLICT DO NOTHING`,
  touchNotification: `UPDATE notifications SET title = @title, body = @body, link = @link, updated_at = @now,
      read_at = NULL WHERE seq = @seq`,
  notificationBySeq: `SELECT ${NOTIFICATION} FROM notifications n WHERE seq = ?`,
  listNotifications: `SELECT ${NOTIFICATION} FROM notifications n
    WHERE user_id = @userId AND (@unread = 0 OR read_at IS NULL)
      AND (@cursorAt IS NULL OR updated_at < @cursorAt OR (updated_at = @cursorAt AND seq < @cursorSeq))
    ORDER BY updated_at DESC, seq DESC LIMIT @limit`,
  unreadCount: `SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL`,
  markRead: `UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE user_id = ? AND id = ?`,
  markAllRead: `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`,
  adminIds: `SELECT id FROM users WHERE role = 'admin' AND is_active = 1 ORDER BY id`,
  insertWebhook: `INSERT INTO webhooks (id, owner_id, url, description, events, secret, created_at, updated_at)
    VALUES (@id, @ownerId, @url, @description, @events, @secret, @now, @now) RETURNING *`,
  getWebhook: `SELECT * FROM webhooks WHERE id = @id AND (@ownerId IS NULL OR owner_id = @ownerId)`,
  listWebhooks: `SELECT * FROM webhooks WHERE (@ownerId IS NULL OR owner_id = @ownerId) ORDER BY created_at, id`,
  updateWebhook: `UPDATE webhooks SET url = coalesce(@url, url), description = iif(@setDescription, @description,
      description), events = coalesce(@events, events), active = coalesce(@active, active), updated_at = @now
    WHERE id = @id AND (@ownerId IS NULL OR owner_id = @ownerId) RETURNING *`,
  deleteWebhook: `DELETE FROM webhooks WHERE id = @id AND (@ownerId IS NULL OR owner_id = @ownerId)`,
  webhooksFor: `SELECT * FROM webhooks w WHERE active = 1
    AND EXISTS (SELECT 1 FROM json_each(w.events) WHERE value = ?) ORDER BY created_at, id`,
  insertDelivery: `INSERT INTO webhook_deliveries (id, webhook_id, event_key, event_type, body, created_at, updated_at)
    SELECT @id, @webhookId, @eventKey, @eventType, @body, @now, @now WHERE EXISTS (SELECT 1 FROM webhooks
      WHERE id = @webhookId)
    ON CONFLICT (webhook_id, event_key) DO NOTHING RETURNING *`,
  getDelivery: `SELECT * FROM webhook_deliveries WHERE id = ?`,
  listDeliveries: `SELECT * FROM webhook_deliveries WHERE webhook_id = @webhookId
    AND (@cursor IS NULL OR seq < @cursor) ORDER BY seq DESC LIMIT @limit`,
  recordAttempt: `UPDATE webhook_deliveries SET attempts = json_insert(attempts, '$[#]', json(@attempt)),
      status = @status, updated_at = @now WHERE id = @id RETURNING *`,
  setStatus: `UPDATE webhook_deliveries SET status = @status, updated_at = @now WHERE id = @id RETURNING *`,
  pruneNotifications: `DELETE FROM notifications
    WHERE updated_at < @unreadBefore OR (read_at IS NOT NULL AND updated_at < @readBefore)`,
  pruneDeliveries: `DELETE FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < ?`,
} as const;

/** Notifications, webhooks and deliveries on the SQLite file (migration 011). */
export class SqliteNotificationRepository implements NotificationRepository {
  private readonly sql: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async upsertNotification(draft: NotificationDraft): Promise<NotificationUpsert> {
    const upsert = this.db.transaction((): { seq: number; outcome: NotificationUpsert['outcome'] } => {
      const now = Date.now();
      const found = this.sql.get(SQL.findNotification).get(draft.userId, draft.key) as
        { seq: number; read_at: number | null } | undefined;
      if (!found) {
        const { seq } = this.sql.get(SQL.insertNotification).get({ id: randomUUID(), now, ...draft }) as {
          seq: number;
        };
        this.sql.get(SQL.insertItem).run(seq, draft.item);
        return { seq, outcome: 'created' };
      }
      if (this.sql.get(SQL.insertItem).run(found.seq, draft.item).changes === 0)
        return { seq: found.seq, outcome: 'unchanged' };
      this.sql.get(SQL.touchNotification).run({ ...draft, now, seq: found.seq });
      return { seq: found.seq, outcome: found.read_at === null ? 'added' : 'reopened' };
    });
    const { seq, outcome } = mapConstraints(() => upsert.immediate(), {
      foreign_key: () => userNotFound(draft.userId),
    });
    const row = this.sql.get(SQL.notificationBySeq).get(seq) as NotificationRow;
    return { notification: toNotification(row), outcome };
  }

  async listNotifications(
    userId: string,
    options: { unreadOnly?: boolean; limit?: number; cursor?: string } = {},
  ): Promise<NotificationPage> {
    const limit = options.limit ?? 50;
    const cursor = options.cursor ? decodeCursor(options.cursor) : null;
    const rows = this.sql.get(SQL.listNotifications).all({
      userId,
      unread: options.unreadOnly ? 1 : 0,
      cursorAt: cursor?.at ?? null,
      cursorSeq: cursor?.seq ?? null,
      limit: limit + 1,
    }) as NotificationRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const { n } = this.sql.get(SQL.unreadCount).get(userId) as { n: number };
    return {
      items: page.map(toNotification),
      nextCursor: rows.length > limit && last ? `${last.updated_at}.${last.seq}` : null,
      unreadCount: n,
    };
  }

  async markRead(userId: string, id: string): Promise<boolean> {
    return this.sql.get(SQL.markRead).run(Date.now(), userId, id).changes > 0;
  }

  async markAllRead(userId: string): Promise<number> {
    return this.sql.get(SQL.markAllRead).run(Date.now(), userId).changes;
  }

  async adminIds(): Promise<string[]> {
    return (this.sql.get(SQL.adminIds).all() as { id: string }[]).map((r) => r.id);
  }

  async createWebhook(input: NewWebhook): Promise<Webhook> {
    const row = mapConstraints(
      () =>
        this.sql.get(SQL.insertWebhook).get({
          id: randomUUID(),
          ownerId: input.ownerId,
          url: input.url,
          description: input.description,
          events: JSON.stringify(input.events),
          secret: input.secret,
          now: Date.now(),
        }) as WebhookRow,
      { foreign_key: () => userNotFound(input.ownerId) },
    );
    return toWebhook(row);
  }

  async getWebhook(id: string, ownerId: string | null = null): Promise<WebhookWithSecret | null> {
    const row = this.sql.get(SQL.getWebhook).get({ id, ownerId }) as WebhookRow | undefined;
    return row ? { ...toWebhook(row), secret: row.secret } : null;
  }

  async listWebhooks(ownerId: string | null): Promise<Webhook[]> {
    return (this.sql.get(SQL.listWebhooks).all({ ownerId }) as WebhookRow[]).map(toWebhook);
  }

  async updateWebhook(id: string, ownerId: string | null, patch: WebhookPatch): Promise<Webhook | null> {
    const row = this.sql.get(SQL.updateWebhook).get({
      id,
      ownerId,
      url: patch.url ?? null,
      setDescription: patch.description !== undefined ? 1 : 0,
      description: patch.description ?? null,
      events: patch.events ? JSON.stringify(patch.events) : null,
      active: patch.active === undefined ? null : patch.active ? 1 : 0,
      now: Date.now(),
    }) as WebhookRow | undefined;
    return row ? toWebhook(row) : null;
  }

  async deleteWebhook(id: string, ownerId: string | null): Promise<boolean> {
    return this.sql.get(SQL.deleteWebhook).run({ id, ownerId }).changes > 0;
  }

  async webhooksFor(eventType: WebhookEventType): Promise<WebhookWithSecret[]> {
    const rows = this.sql.get(SQL.webhooksFor).all(eventType) as WebhookRow[];
    return rows.map((row) => ({ ...toWebhook(row), secret: row.secret }));
  }

  async createDelivery(input: NewDelivery): Promise<WebhookDelivery | null> {
    const row = this.sql.get(SQL.insertDelivery).get({ id: randomUUID(), now: Date.now(), ...input }) as
      DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  async getDelivery(id: string): Promise<WebhookDelivery | null> {
    const row = this.sql.get(SQL.getDelivery).get(id) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  async listDeliveries(
    webhookId: string,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<DeliveryPage> {
    const limit = options.limit ?? 50;
    const cursor = options.cursor ? decodeSeq(options.cursor) : null;
    const rows = this.sql
      .get(SQL.listDeliveries)
      .all({ webhookId, cursor, limit: limit + 1 }) as DeliveryRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toDelivery), nextCursor: rows.length > limit && last ? String(last.seq) : null };
  }

  async recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    status: DeliveryStatus,
  ): Promise<WebhookDelivery | null> {
    const row = this.sql.get(SQL.recordAttempt).get({
      id,
      attempt: JSON.stringify(attempt),
      status,
      now: Date.now(),
    }) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  async setDeliveryStatus(id: string, status: DeliveryStatus): Promise<WebhookDelivery | null> {
    const row = this.sql.get(SQL.setStatus).get({ id, status, now: Date.now() }) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  async pruneNotifications(cutoffs: { readBefore: string; unreadBefore: string }): Promise<number> {
    const readBefore = isoToMs(cutoffs.readBefore, () => invalidRetentionCutoff(cutoffs.readBefore));
    const unreadBefore = isoToMs(cutoffs.unreadBefore, () => invalidRetentionCutoff(cutoffs.unreadBefore));
    return this.sql.get(SQL.pruneNotifications).run({ readBefore, unreadBefore }).changes;
  }

  async pruneDeliveries(before: string): Promise<number> {
    const ms = isoToMs(before, () => invalidRetentionCutoff(before));
    return this.sql.get(SQL.pruneDeliveries).run(ms).changes;
  }
}
