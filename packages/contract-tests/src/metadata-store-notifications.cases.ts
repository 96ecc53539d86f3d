import type { NotificationDraft } from '@sift/core';
import { expect, it } from 'vitest';
import { OTHER_OWNER, OWNER, type StoreFixture } from './metadata-store.fixture.js';

const draft = (overrides: Partial<NotificationDraft> = {}): NotificationDraft => ({
  userId: OWNER,
  kind: 'documents.processed',
  key: 'documents.processed:0',
  item: 'doc-1',
  title: 'Documents processed',
  body: 'Latest: a.pdf',
  link: '/documents',
  ...overrides,
});

/** notifications (aggregation by key, paging, read state per user), webhooks (owner scoping) and deliveries. */
export function notificationCases(f: StoreFixture): void {
  const repo = () => f.store.notifications;

  it('creates a notification, adds each new item of the same key once, and re-opens it when read', async () => {
    const first = await repo().upsertNotification(draft());
    expect(first.outcome).toBe('created');
    expect(first.notification).toMatchObject({
      userId: OWNER,
      count: 1,
      readAt: null,
      body: 'Latest: a.pdf',
    });
    expect((await repo().upsertNotification(draft())).outcome).toBe('unchanged');
    const added = await repo().upsertNotification(draft({ item: 'doc-2', body: 'Latest: b.pdf' }));
    expect(added).toMatchObject({ outcome: 'added', notification: { id: first.notification.id, count: 2 } });
    expect(added.notification.body).toBe('Latest: b.pdf');
    expect(await repo().markRead(OWNER, first.notification.id)).toBe(true);
    const reopened = await repo().upsertNotification(draft({ item: 'doc-3' }));
    expect(reopened).toMatchObject({ outcome: 'reopened', notification: { count: 3, readAt: null } });
    // The same key for another user is another notification.
    expect((await repo().upsertNotification(draft({ userId: OTHER_OWNER }))).outcome).toBe('created');
  });

  it('creates one notification when the same key is stored concurrently', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => repo().upsertNotification(draft({ item: `doc-${i}` }))),
    );
    expect(outcomes.filter((o) => o.outcome === 'created')).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.notification.id)).size).toBe(1);
    const page = await repo().listNotifications(OWNER);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.count).toBe(8);
  });

  it('refuses a notification for an unknown user with USER_NOT_FOUND', async () => {
    await expect(repo().upsertNotification(draft({ userId: 'no-such-user' }))).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
    });
  });

  it('lists a user’s notifications newest first in pages, with the unread count and an unread filter', async () => {
    for (let i = 0; i < 5; i++) await repo().upsertNotification(draft({ key: `k${i}`, item: `i${i}` }));
    await repo().upsertNotification(draft({ userId: OTHER_OWNER, key: 'theirs' }));
    const first = await repo().listNotifications(OWNER, { limit: 2 });
    expect(first.unreadCount).toBe(5);
    expect(first.items.map((n) => n.userId)).toEqual([OWNER, OWNER]);
    const second = await repo().listNotifications(OWNER, { limit: 2, cursor: first.nextCursor! });
    const third = await repo().listNotifications(OWNER, { limit: 2, cursor: second.nextCursor! });
    expect(third.nextCursor).toBeNull();
    const all = [...first.items, ...second.items, ...third.items];
    expect(all).toHaveLength(5);
    expect(new Set(all.map((n) => n.id)).size).toBe(5);
    const times = all.map((n) => n.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);

    expect(await repo().markRead(OWNER, all[0]!.id)).toBe(true);
    const unread = await repo().listNotifications(OWNER, { unreadOnly: true });
    expect(unread.unreadCount).toBe(4);
    expect(unread.items.map((n) => n.id)).not.toContain(all[0]!.id);
    expect(await repo().markAllRead(OWNER)).toBe(4);
    expect((await repo().listNotifications(OWNER)).unreadCount).toBe(0);
    // The other user's are untouched, and cannot be marked by this one.
    const theirs = await repo().listNotifications(OTHER_OWNER);
    expect(theirs.unreadCount).toBe(1);
    expect(await repo().markRead(OWNER, theirs.items[0]!.id)).toBe(false);
    await expect(repo().listNotifications(OWNER, { cursor: 'nonsense' })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
  });

  it('names the active admins', async () => {
    expect(await repo().adminIds()).toContain(OWNER);
    expect(await repo().adminIds()).not.toContain(OTHER_OWNER);
  });

  it('keeps webhooks per owner: reads, updates and deletes only with the owner (or without one, for admins)', async () => {
    const mine = await repo().createWebhook({
      ownerId: OWNER,
      url: 'https://example.com/hook',
      description: 'mine',
      events: ['document.processed', 'document.failed'],
      secret: 'whsec_test',
    });
    expect(mine).toMatchObject({
      ownerId: OWNER,
      active: true,
      events: ['document.processed', 'document.failed'],
    });
    expect(mine).not.toHaveProperty('secret');
    const theirs = await repo().createWebhook({
      ownerId: OTHER_OWNER,
      url: 'https://example.org/hook',
      description: null,
      events: ['document.failed'],
      secret: 'whsec_other',
    });
    expect(await repo().getWebhook(mine.id, OWNER)).toMatchObject({ id: mine.id, secret: 'whsec_test' });
    expect(await repo().getWebhook(mine.id, OTHER_OWNER)).toBeNull();
    expect(await repo().getWebhook(theirs.id)).toMatchObject({ id: theirs.id });
    expect((await repo().listWebhooks(OWNER)).map((w) => w.id)).toEqual([mine.id]);
    expect((await repo().listWebhooks(null)).map((w) => w.id).sort()).toEqual([mine.id, theirs.id].sort());

    expect((await repo().webhooksFor('document.failed')).map((w) => w.id).sort()).toEqual(
      [mine.id, theirs.id].sort(),
    );
    expect((await repo().webhooksFor('document.processed')).map((w) => w.secret)).toEqual(['whsec_test']);
    expect(await repo().updateWebhook(mine.id, OTHER_OWNER, { active: false })).toBeNull();
    const off = await repo().updateWebhook(mine.id, OWNER, { active: false, description: null });
    expect(off).toMatchObject({ active: false, description: null, url: 'https://example.com/hook' });
    expect((await repo().webhooksFor('document.processed')).map((w) => w.id)).toEqual([]);
    const moved = await repo().updateWebhook(mine.id, null, {
      url: 'https://example.net/x',
      events: ['backup.failed'],
    });
    expect(moved).toMatchObject({ url: 'https://example.net/x', events: ['backup.failed'], active: false });

    expect(await repo().deleteWebhook(mine.id, OTHER_OWNER)).toBe(false);
    expect(await repo().deleteWebhook(mine.id, OWNER)).toBe(true);
    expect(await repo().getWebhook(mine.id)).toBeNull();
    await expect(
      repo().createWebhook({
        ownerId: 'nobody',
        url: 'https://x.test',
        description: null,
        events: [],
        secret: 's',
      }),
    ).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('stores one delivery per webhook and event key, logs its attempts and pages the log newest first', async () => {
    const hook = await repo().createWebhook({
      ownerId: OWNER,
      url: 'https://example.com/hook',
      description: null,
      events: ['document.processed'],
      secret: 's',
    });
    const input = {
      webhookId: hook.id,
      eventKey: 'e1',
      eventType: 'document.processed' as const,
      body: '{"a":1}',
    };
    const delivery = await repo().createDelivery(input);
    expect(delivery).toMatchObject({ ...input, status: 'pending', attempts: [] });
    expect(await repo().createDelivery(input)).toBeNull();
    expect(await repo().createDelivery({ ...input, webhookId: 'no-such-webhook' })).toBeNull();

    const attempt = { at: new Date().toISOString(), statusCode: 500, latencyMs: 12, error: 'HTTP 500' };
    await repo().recordAttempt(delivery!.id, attempt, 'pending');
    const done = await repo().recordAttempt(
      delivery!.id,
      { ...attempt, statusCode: 200, error: null },
      'succeeded',
    );
    expect(done).toMatchObject({ status: 'succeeded' });
    expect(done!.attempts.map((a) => a.statusCode)).toEqual([500, 200]);
    expect(await repo().getDelivery(delivery!.id)).toEqual(done);
    expect(await repo().setDeliveryStatus(delivery!.id, 'pending')).toMatchObject({ status: 'pending' });
    expect(await repo().recordAttempt('no-such-delivery', attempt, 'failed')).toBeNull();

    for (let i = 2; i <= 4; i++) await repo().createDelivery({ ...input, eventKey: `e${i}` });
    const first = await repo().listDeliveries(hook.id, { limit: 3 });
    expect(first.items.map((d) => d.eventKey)).toEqual(['e4', 'e3', 'e2']);
    const rest = await repo().listDeliveries(hook.id, { limit: 3, cursor: first.nextCursor! });
    expect(rest).toMatchObject({ nextCursor: null, items: [{ eventKey: 'e1' }] });

    // Deleting the webhook deletes its log.
    await repo().deleteWebhook(hook.id, null);
    expect(await repo().getDelivery(delivery!.id)).toBeNull();
  });

  it('prunes read notifications, then any, and finished deliveries past their cutoffs; never pending ones', async () => {
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const read = await repo().upsertNotification(draft({ key: 'k-read' }));
    const unread = await repo().upsertNotification(draft({ key: 'k-unread' }));
    await repo().markRead(OWNER, read.notification.id);
    // Cutoffs in the past keep everything; a read cutoff in the future takes only the read one.
    expect(await repo().pruneNotifications({ readBefore: past, unreadBefore: past })).toBe(0);
    expect(await repo().pruneNotifications({ readBefore: future, unreadBefore: past })).toBe(1);
    const left = await repo().listNotifications(OWNER);
    expect(left.items.map((n) => n.id)).toEqual([unread.notification.id]);
    expect(await repo().pruneNotifications({ readBefore: past, unreadBefore: future })).toBe(1);
    expect((await repo().listNotifications(OWNER)).items).toEqual([]);

    const hook = await repo().createWebhook({
      ownerId: OWNER,
      url: 'https://example.com/hook',
      description: null,
      events: ['document.processed'],
      secret: 's',
    });
    const input = { webhookId: hook.id, eventType: 'document.processed' as const, body: '{}' };
    const pending = await repo().createDelivery({ ...input, eventKey: 'p' });
    const finished = await repo().createDelivery({ ...input, eventKey: 'f' });
    const attempt = { at: new Date().toISOString(), statusCode: 410, latencyMs: 3, error: 'HTTP 410' };
    await repo().recordAttempt(finished!.id, attempt, 'dead');
    expect(await repo().pruneDeliveries(past)).toBe(0);
    expect(await repo().pruneDeliveries(future)).toBe(1);
    expect(await repo().getDelivery(finished!.id)).toBeNull();
    expect(await repo().getDelivery(pending!.id)).toMatchObject({ status: 'pending' });

    await expect(repo().pruneDeliveries('last tuesday')).rejects.toMatchObject({
      code: 'RETENTION_CUTOFF_INVALID',
    });
    await expect(
      repo().pruneNotifications({ readBefore: 'soon', unreadBefore: future }),
    ).rejects.toMatchObject({ code: 'RETENTION_CUTOFF_INVALID' });
  });
}
