import type { SiftEventType } from '../ports/event-bus.port.js';

/** What a notification is about; the web UI picks its icon and wording by it. */
export const NOTIFICATION_KINDS = [
  'documents.processed',
  'document.failed',
  'source.scanned',
  'reembed.finished',
  'backup.completed',
  'backup.failed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One in-app notification of one user. `count` is how many occurrences it stands for: successes of one
 * aggregation window share one notification (see notification-policy.ts) instead of flooding the bell.
 */
export interface Notification {
  id: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string | null;
  link: string | null;
  count: number;
  readAt: string | null;
  createdAt: string;
  /** When the last occurrence was added (equals createdAt for a single one). */
  updatedAt: string;
}

/**
 * A notification to store. `key` is unique per user: a second draft with the key of an existing notification
 * adds its `item` to it (once per item) instead of creating another, which makes creation idempotent and
 * lets successes aggregate.
 */
export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  key: string;
  /** The occurrence this draft stands for (a document id, a backup id); counted once per notification. */
  item: string;
  title: string;
  body: string | null;
  link: string | null;
}

/** What storing a draft did: created a notification, added to one (re-opened if it was read), or nothing. */
export interface NotificationUpsert {
  notification: Notification;
  outcome: 'created' | 'added' | 'reopened' | 'unchanged';
}

export interface NotificationPage {
  items: Notification[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
  unreadCount: number;
}

/** The events a webhook may subscribe to: the domain events worth telling another system about. */
export const WEBHOOK_EVENT_TYPES = [
  'document.created',
  'document.processed',
  'document.failed',
  'document.deleted',
  'source.scanned',
  'search.space_switched',
  'task.failed',
  'task.dead',
  'backup.completed',
  'backup.failed',
] as const satisfies readonly SiftEventType[];
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A registered webhook; its signing secret is never part of this (see WebhookWithSecret). */
export interface Webhook {
  id: string;
  ownerId: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What delivery needs: the secret that signs the bodies. Kept in the store as given (it must sign). */
export interface WebhookWithSecret extends Webhook {
  secret: string;
}

export type NewWebhook = Pick<Webhook, 'ownerId' | 'url' | 'description' | 'events'> & { secret: string };
export type WebhookPatch = Partial<Pick<Webhook, 'url' | 'description' | 'events' | 'active'>>;

/** pending: not yet delivered (waiting for an attempt or a retry); failed: refused for good; dead: gave up. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'dead';

/** One POST of a delivery: when, the answer's status code (null: no answer), how long, what went wrong. */
export interface DeliveryAttempt {
  at: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  /** Unique per webhook: the same event is delivered once however many processes saw it. */
  eventKey: string;
  eventType: WebhookEventType | 'ping';
  /** The JSON body POSTed (signed as it is stored). */
  body: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  createdAt: string;
  updatedAt: string;
}

export type NewDelivery = Pick<WebhookDelivery, 'webhookId' | 'eventKey' | 'eventType' | 'body'>;

export interface DeliveryPage {
  items: WebhookDelivery[];
  nextCursor: string | null;
}
