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
import { mapConstraints } from './pg-constraint.js';
import { withTransaction, type PgPool } from './pg-database.js';
import { isoToMs } from './pg-time.js';
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
} from './pg-notification.mapper.js';

const NOTIFICATION = `n.*, (SELECT count(*) FROM notification_items i WHERE i.notification_seq = n.seq) AS count`;

const SQL = {
  insertNotification: `INSERT INTO notifications (id, user_id, kind, key, title, body, link, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (user_id, key) DO NOTHING RETURNING seq`,
  lockNotification: `SELECT seq, read_at FROM notifications WHERE user_id = $1 AND key = $2 FOR UPDATE`,
  insertItem: `INSERT INTO notification_items (notification_seq, item) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
  touchNotification: `UPDATE notifications SET title = $2, body = $3, link = $4, updated_at = $5, read_at = NULL
    WHERE seq = $1`,
  notificationBySeq: `SELECT ${NOTIFICATION} FROM notifications n WHERE seq = $1`,
  listNotifications: `SELECT ${NOTIFICATION} FROM notifications n
    WHERE user_id = $1 AND (NOT $2::boolean OR read_at IS NULL)
      AND ($3::bigint IS NULL OR (updated_at, seq) < ($3::bigint, $4::bigint))
    ORDER BY updated_at DESC, seq DESC LIMIT $5`,
  unreadCount: `SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
  markRead: `UPDATE notifications SET read_at = coalesce(read_at, $1) WHERE user_id = $2 AND id = $3`,
  markAllRead: `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`,
  adminIds: `SELECT id FROM users WHERE role = 'admin' AND is_active ORDER BY id`,
  insertWebhook: `INSERT INTO webhooks (id, owner_id, url, description, events, secret, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *`,
  getWebhook: `SELECT * FROM webhooks WHERE id = $1 AND ($2::text IS NULL OR owner_id = $2)`,
  listWebhooks: `SELECT * FROM webhooks WHERE ($1::text IS NULL OR owner_id = $1) ORDER BY created_at, id`,
  updateWebhook: `UPDATE webhooks SET url = coalesce($3, url),
      description = CASE WHEN $4::boolean THEN $5 ELSE description END, events = coalesce($6::jsonb, events),
      active = coalesce($7::boolean, active), updated_at = $8
    WHERE id = $1 AND ($2::text IS NULL OR owner_id = $2) RETURNING *`,
  deleteWebhook: `DELETE FROM webhooks WHERE id = $1 AND ($2::text IS NULL OR owner_id = $2)`,
  webhooksFor: `SELECT * FROM webhooks WHERE active AND events ? $1 ORDER BY created_at, id`,
  insertDelivery: `INSERT INTO webhook_deliveries (id, webhook_id, event_key, event_type, body, created_at, updated_at)
    SELECT $1, $2, $3, $4, $5, $6, $6 WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = $2)
    ON CONFLICT (webhook_id, event_key) DO NOTHING RETURNING *`,
  getDelivery: `SELECT * FROM webhook_deliveries WHERE id = $1`,
  listDeliveries: `SELECT * FROM webhook_deliveries WHERE webhook_id = $1 AND ($2::bigint IS NULL OR seq < $2)
    ORDER BY seq DESC LIMIT $3`,
  recordAttempt: `UPDATE webhook_deliveries SET attempts = attempts || jsonb_build_array($2::jsonb), status = $3,
      updated_at = $4 WHERE id = $1 RETURNING *`,
  setStatus: `UPDATE webhook_deliveries SET status = $2, updated_at = $3 WHERE id = $1 RETURNING *`,
  pruneNotifications: `DELETE FROM notifications
    WHERE updated_at < $2 OR (read_at IS NOT NULL AND updated_at < $1)`,
  pruneDeliveries: `DELETE FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < $1`,
} as const;

/** Notifications, webhooks and deliveries on PostgreSQL (migration 005). */
export class PgNotificationRepository implements NotificationRepository {
  constructor(private readonly pool: PgPool) {}

  async upsertNotification(d: NotificationDraft): Promise<NotificationUpsert> {
    const { seq, outcome } = await mapConstraints(
      () =>
        withTransaction(this.pool, async (client) => {
          const now = Date.now();
          const inserted = await client.query<{ seq: number }>(SQL.insertNotification, [
            randomUUID(),
            d.userId,
            d.kind,
            d.key,
            d.title,
            d.body,
            d.link,
            now,
          ]);
          if (inserted.rows[0]) {
            await client.query(SQL.insertItem, [inserted.rows[0].seq, d.item]);
            return { seq: inserted.rows[0].seq, outcome: 'created' as const };
          }
          // Another transaction holds the key: wait for it (the row lock), then add to its notification.
          const { rows } = await client.query<{ seq: number; read_at: number | null }>(SQL.lockNotification, [
            d.userId,
            d.key,
          ]);
          const found = rows[0]!;
          if ((await client.query(SQL.insertItem, [found.seq, d.item])).rowCount === 0)
            return { seq: found.seq, outcome: 'unchanged' as const };
          await client.query(SQL.touchNotification, [found.seq, d.title, d.body, d.link, now]);
          return {
            seq: found.seq,
            outcome: found.read_at === null ? ('added' as const) : ('reopened' as const),
          };
        }),
      { foreign_key: () => userNotFound(d.userId) },
    );
    const { rows } = await this.pool.query<NotificationRow>(SQL.notificationBySeq, [seq]);
    return { notification: toNotification(rows[0]!), outcome };
  }

  async listNotifications(
    userId: string,
    options: { unreadOnly?: boolean; limit?: number; cursor?: string } = {},
  ): Promise<NotificationPage> {
    const limit = options.limit ?? 50;
    const cursor = options.cursor ? decodeCursor(options.cursor) : null;
    const [{ rows }, unread] = await Promise.all([
      this.pool.query<NotificationRow>(SQL.listNotifications, [
        userId,
        options.unreadOnly ?? false,
        cursor?.at ?? null,
        cursor?.seq ?? null,
        limit + 1,
      ]),
      this.pool.query<{ n: number }>(SQL.unreadCount, [userId]),
    ]);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toNotification),
      nextCursor: rows.length > limit && last ? `${last.updated_at}.${last.seq}` : null,
      unreadCount: unread.rows[0]!.n,
    };
  }

  async markRead(userId: string, id: string): Promise<boolean> {
    return ((await this.pool.query(SQL.markRead, [Date.now(), userId, id])).rowCount ?? 0) > 0;
  }

  async markAllRead(userId: string): Promise<number> {
    return (await this.pool.query(SQL.markAllRead, [Date.now(), userId])).rowCount ?? 0;
  }

  async adminIds(): Promise<string[]> {
    return (await this.pool.query<{ id: string }>(SQL.adminIds)).rows.map((r) => r.id);
  }

  async createWebhook(input: NewWebhook): Promise<Webhook> {
    const { rows } = await mapConstraints(
      () =>
        this.pool.query<WebhookRow>(SQL.insertWebhook, [
          randomUUID(),
          input.ownerId,
          input.url,
          input.description,
          JSON.stringify(input.events),
          input.secret,
          Date.now(),
        ]),
      { foreign_key: () => userNotFound(input.ownerId) },
    );
    return toWebhook(rows[0]!);
  }

  async getWebhook(id: string, ownerId: string | null = null): Promise<WebhookWithSecret | null> {
    const { rows } = await this.pool.query<WebhookRow>(SQL.getWebhook, [id, ownerId]);
    return rows[0] ? { ...toWebhook(rows[0]), secret: rows[0].secret } : null;
  }

  async listWebhooks(ownerId: string | null): Promise<Webhook[]> {
    return (await this.pool.query<WebhookRow>(SQL.listWebhooks, [ownerId])).rows.map(toWebhook);
  }

  async updateWebhook(id: string, ownerId: string | null, patch: WebhookPatch): Promise<Webhook | null> {
    const { rows } = await this.pool.query<WebhookRow>(SQL.updateWebhook, [
      id,
      ownerId,
      patch.url ?? null,
      patch.description !== undefined,
      patch.description ?? null,
      patch.events ? JSON.stringify(patch.events) : null,
      patch.active ?? null,
      Date.now(),
    ]);
    return rows[0] ? toWebhook(rows[0]) : null;
  }

  async deleteWebhook(id: string, ownerId: string | null): Promise<boolean> {
    return ((await this.pool.query(SQL.deleteWebhook, [id, ownerId])).rowCount ?? 0) > 0;
  }

  async webhooksFor(eventType: WebhookEventType): Promise<WebhookWithSecret[]> {
    const { rows } = await this.pool.query<WebhookRow>(SQL.webhooksFor, [eventType]);
    return rows.map((row) => ({ ...toWebhook(row), secret: row.secret }));
  }

  async createDelivery(input: NewDelivery): Promise<WebhookDelivery | null> {
    const { rows } = await this.pool.query<DeliveryRow>(SQL.insertDelivery, [
      randomUUID(),
      input.webhookId,
      input.eventKey,
      input.eventType,
      input.body,
      Date.now(),
    ]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async getDelivery(id: string): Promise<WebhookDelivery | null> {
    const { rows } = await this.pool.query<DeliveryRow>(SQL.getDelivery, [id]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async listDeliveries(
    webhookId: string,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<DeliveryPage> {
    const limit = options.limit ?? 50;
    const cursor = options.cursor ? decodeSeq(options.cursor) : null;
    const { rows } = await this.pool.query<DeliveryRow>(SQL.listDeliveries, [webhookId, cursor, limit + 1]);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toDelivery), nextCursor: rows.length > limit && last ? String(last.seq) : null };
  }

  async recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    status: DeliveryStatus,
  ): Promise<WebhookDelivery | null> {
    const { rows } = await this.pool.query<DeliveryRow>(SQL.recordAttempt, [
      id,
      JSON.stringify(attempt),
      status,
      Date.now(),
    ]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async setDeliveryStatus(id: string, status: DeliveryStatus): Promise<WebhookDelivery | null> {
    const { rows } = await this.pool.query<DeliveryRow>(SQL.setStatus, [id, status, Date.now()]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async pruneNotifications(cutoffs: { readBefore: string; unreadBefore: string }): Promise<number> {
    const readBefore = isoToMs(cutoffs.readBefore, () => invalidRetentionCutoff(cutoffs.readBefore));
    const unreadBefore = isoToMs(cutoffs.unreadBefore, () => invalidRetentionCutoff(cutoffs.unreadBefore));
    return (await this.pool.query(SQL.pruneNotifications, [readBefore, unreadBefore])).rowCount ?? 0;
  }

  async pruneDeliveries(before: string): Promise<number> {
    const ms = isoToMs(before, () => invalidRetentionCutoff(before));
    return (await this.pool.query(SQL.pruneDeliveries, [ms])).rowCount ?? 0;
  }
}
