import type {
  DeliveryAttempt,
  DeliveryPage,
  DeliveryStatus,
  NewDelivery,
  NewWebhook,
  NotificationDraft,
  NotificationPage,
  NotificationUpsert,
  Webhook,
  WebhookDelivery,
  WebhookEventType,
  WebhookPatch,
  WebhookWithSecret,
} from '../notify/notify.types.js';

/**
 * In-app notifications, registered webhooks and their delivery log. Part of the MetadataStore. Ownership is a
 * condition inside every query that takes a `userId`/`ownerId` (null: any owner — admins), so a caller never
 * reads or changes another's rows by guessing an id.
 */
export interface NotificationRepository {
  /**
   * Stores a draft: a new notification, or — when one with the same `(userId, key)` exists — adds the draft's
   * item to it (counted once per item; a read notification becomes unread again when a new item arrives).
   * Atomic, so concurrent calls with the same key create one notification. `USER_NOT_FOUND` for an unknown user.
   */
  upsertNotification(draft: NotificationDraft): Promise<NotificationUpsert>;
  /** Newest first (by last occurrence); `unreadOnly` keeps the unread. */
  listNotifications(
    userId: string,
    options?: { unreadOnly?: boolean; limit?: number; cursor?: string },
  ): Promise<NotificationPage>;
  /** Marks one of the user's notifications read; false when the user has no such notification. */
  markRead(userId: string, id: string): Promise<boolean>;
  /** Marks every unread notification of the user read; returns how many. */
  markAllRead(userId: string): Promise<number>;
  /** Active admin accounts: who hears of backups and vector-space switches. */
  adminIds(): Promise<string[]>;

  /** `USER_NOT_FOUND` for an unknown owner. */
  createWebhook(input: NewWebhook): Promise<Webhook>;
  /** With `ownerId`, only that owner's webhook. */
  getWebhook(id: string, ownerId?: string | null): Promise<WebhookWithSecret | null>;
  /** Oldest first; null: every owner's. */
  listWebhooks(ownerId: string | null): Promise<Webhook[]>;
  updateWebhook(id: string, ownerId: string | null, patch: WebhookPatch): Promise<Webhook | null>;
  /** Deletes the webhook and its delivery log. */
  deleteWebhook(id: string, ownerId: string | null): Promise<boolean>;
  /** Active webhooks subscribed to `eventType`, with their secrets (for signing). */
  webhooksFor(eventType: WebhookEventType): Promise<WebhookWithSecret[]>;

  /** A new pending delivery; null when the webhook already has one with this `eventKey` (or is gone). */
  createDelivery(input: NewDelivery): Promise<WebhookDelivery | null>;
  getDelivery(id: string): Promise<WebhookDelivery | null>;
  /** Newest first. */
  listDeliveries(webhookId: string, options?: { limit?: number; cursor?: string }): Promise<DeliveryPage>;
  /** Appends one attempt to the log and sets the status; null when the delivery is gone. */
  recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    status: DeliveryStatus,
  ): Promise<WebhookDelivery | null>;
  /** Sets the status only (redelivery puts a finished delivery back to pending). */
  setDeliveryStatus(id: string, status: DeliveryStatus): Promise<WebhookDelivery | null>;

  /**
   * Retention: deletes the notifications last changed before `unreadBefore`, and the read ones last changed
   * before `readBefore`; returns how many. `RETENTION_CUTOFF_INVALID` for a cutoff that is not ISO-8601.
   */
  pruneNotifications(cutoffs: { readBefore: string; unreadBefore: string }): Promise<number>;
  /** Retention: deletes finished (not pending) deliveries last changed before `before`; returns how many. */
  pruneDeliveries(before: string): Promise<number>;
}
