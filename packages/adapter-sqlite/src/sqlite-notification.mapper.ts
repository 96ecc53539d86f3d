import {
  AppError,
  type DeliveryAttempt,
  type DeliveryStatus,
  type Notification,
  type Webhook,
  type WebhookDelivery,
  type WebhookEventType,
} from '@sift/core';
import { iso, isoOrNull } from './sqlite-time.js';

// Rows of migration 011 and their domain shapes.

export interface NotificationRow {
  seq: number;
  id: string;
  user_id: string;
  kind: Notification['kind'];
  title: string;
  body: string | null;
  link: string | null;
  read_at: number | null;
  created_at: number;
  updated_at: number;
  count: number;
}

export interface WebhookRow {
  id: string;
  owner_id: string;
  url: string;
  description: string | null;
  events: string;
  secret: string;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface DeliveryRow {
  seq: number;
  id: string;
  webhook_id: string;
  event_key: string;
  event_type: WebhookDelivery['eventType'];
  body: string;
  status: DeliveryStatus;
  attempts: string;
  created_at: number;
  updated_at: number;
}

export function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    count: row.count,
    readAt: isoOrNull(row.read_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    ownerId: row.owner_id,
    url: row.url,
    description: row.description,
    events: JSON.parse(row.events) as WebhookEventType[],
    active: row.active === 1,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventKey: row.event_key,
    eventType: row.event_type,
    body: row.body,
    status: row.status,
    attempts: JSON.parse(row.attempts) as DeliveryAttempt[],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function decodeCursor(cursor: string): { at: number; seq: number } {
  const match = /^(\d+)\.(\d+)$/u.exec(cursor);
  if (!match) throw invalidCursor(cursor);
  return { at: Number(match[1]), seq: Number(match[2]) };
}

export function decodeSeq(cursor: string): number {
  if (!/^\d+$/u.test(cursor)) throw invalidCursor(cursor);
  return Number(cursor);
}

export function invalidCursor(cursor: string): AppError {
  return new AppError('INVALID_CURSOR', 'user', 'the cursor is not one this list returned', {
    details: { cursor },
  });
}

export function userNotFound(userId: string): AppError {
  return new AppError('USER_NOT_FOUND', 'not_found', `user ${userId} does not exist`, {
    details: { userId },
  });
}
