import { hidden, type Access } from '../auth/access.js';
import { AppError } from '../errors.js';
import type { EventBus, SiftEvent } from '../ports/event-bus.port.js';
import type { NotificationRepository } from '../ports/notification-repository.port.js';
import { notificationDrafts } from './notification-policy.js';
import type { Notification, NotificationPage } from './notify.types.js';

/**
 * Per-user in-app notifications: made from domain events by the policy in notification-policy.ts, stored,
 * listed and marked read by their recipient only, and pushed on the live stream (`notification.created`, which
 * the feed sends to the recipient alone).
 */
export class NotificationService {
  /**
   * `adminIds`: who hears what concerns admins (backups, the vector space); defaults to the active admin
   * accounts (the runtime adds the operator's account when sign-in is off).
   */
  constructor(
    private readonly repo: NotificationRepository,
    private readonly events: EventBus,
    private readonly adminIds: () => Promise<string[]> = () => repo.adminIds(),
  ) {}

  /** The caller's own notifications, newest first. Everyone has their own; admins see only theirs too. */
  list(
    access: Access,
    options: { unreadOnly?: boolean; limit?: number; cursor?: string } = {},
  ): Promise<NotificationPage> {
    requireUnrestricted(access);
    return this.repo.listNotifications(access.userId, options);
  }

  /** NOTIFICATION_NOT_FOUND unless the caller has this notification. */
  async markRead(access: Access, id: string): Promise<void> {
    requireUnrestricted(access);
    if (!(await this.repo.markRead(access.userId, id))) throw hidden('notification', id);
  }

  markAllRead(access: Access): Promise<number> {
    requireUnrestricted(access);
    return this.repo.markAllRead(access.userId);
  }

  /**
   * Stores the notifications `event` calls for and announces the new (or re-opened) ones. Returns them.
   * Idempotent: handling the same event again finds its notifications already there and announces nothing.
   */
  async handle(event: SiftEvent): Promise<Notification[]> {
    const drafts = await notificationDrafts(event, this.adminIds);
    const announced: Notification[] = [];
    for (const draft of drafts) {
      const { notification, outcome } = await this.repo.upsertNotification(draft);
      if (outcome !== 'created' && outcome !== 'reopened') continue;
      announced.push(notification);
      this.events.publish({
        type: 'notification.created',
        userId: notification.userId,
        notification: {
          id: notification.id,
          kind: notification.kind,
          title: notification.title,
          body: notification.body,
          link: notification.link,
          createdAt: notification.createdAt,
        },
      });
    }
    return announced;
  }
}

/**
 * Notifications name documents of any of the user's collections: a key restricted to some collections must
 * not read their titles.
 */
function requireUnrestricted(access: Access): void {
  if (access.principal.collectionIds) {
    throw new AppError(
      'FORBIDDEN',
      'forbidden',
      'an API key restricted to collections cannot read notifications',
    );
  }
}
