import { NOTIFICATION_KINDS, type Notification } from '@sift/core';
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });

export const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    body: z.string().nullable(),
    link: z.string().nullable().describe('Where in the web UI it leads (a path)'),
    count: z
      .number()
      .int()
      .positive()
      .describe(
        'Occurrences it stands for: processed documents of one 15-minute window share one notification',
      ),
    read: z.boolean(),
    read_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp.describe('When its last occurrence was added'),
  })
  .meta({ id: 'Notification' });

export const NotificationListQuerySchema = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Only unread notifications'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().optional().describe('`next_cursor` of the previous page'),
});

export const NotificationPageSchema = z.object({
  items: z.array(NotificationSchema),
  next_cursor: z.string().nullable(),
  unread_count: z.number().int().nonnegative().describe('All unread notifications of the caller'),
});

export const NotificationIdParamsSchema = z.object({ id: z.string().min(1) });

export function toNotificationResponse(n: Notification): z.infer<typeof NotificationSchema> {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    count: n.count,
    read: n.readAt !== null,
    read_at: n.readAt,
    created_at: n.createdAt,
    updated_at: n.updatedAt,
  };
}
