import { LOCAL_USER_ID } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalyticsRecorder } from './analytics.js';
import { RetentionSweeper } from './retention.js';
import { keepingLogger, tempSqliteStore } from './test-support.js';

const DAY = 86_400_000;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(clock: { now: number }) {
  const { store, db, cleanup } = await tempSqliteStore();
  cleanups.push(cleanup);
  const logger = keepingLogger();
  const analytics = new AnalyticsRecorder({ analytics: store.analytics, logger, now: () => clock.now });
  const sweeper = new RetentionSweeper({
    analytics,
    notifications: store.notifications,
    logger,
    now: () => clock.now,
  });
  return { store, db, sweeper, logger };
}

describe('RetentionSweeper', () => {
  it('prunes read notifications after 90 days, unread after a year, finished deliveries after 30 days', async () => {
    const clock = { now: Date.now() };
    const { store, sweeper } = await setUp(clock);
    const notify = store.notifications;
    const draft = { userId: LOCAL_USER_ID, kind: 'documents.processed' as const, item: 'd', title: 'T' };
    const read = await notify.upsertNotification({ ...draft, key: 'read', body: null, link: null });
    await notify.upsertNotification({ ...draft, key: 'unread', body: null, link: null });
    await notify.markRead(LOCAL_USER_ID, read.notification.id);
    const hook = await notify.createWebhook({
      ownerId: LOCAL_USER_ID,
      url: 'https://example.com/hook',
      description: null,
      events: ['document.processed'],
      secret: 's',
    });
    const delivery = { webhookId: hook.id, eventType: 'document.processed' as const, body: '{}' };
    const done = await notify.createDelivery({ ...delivery, eventKey: 'done' });
    const pending = await notify.createDelivery({ ...delivery, eventKey: 'pending' });
    const attempt = { at: new Date().toISOString(), statusCode: 200, latencyMs: 4, error: null };
    await notify.recordAttempt(done!.id, attempt, 'succeeded');
    await store.analytics.record({
      key: 'old-question',
      kind: 'question',
      occurredAt: new Date(clock.now - 10 * DAY).toISOString(),
      userId: null,
      documentId: null,
      typeFamily: null,
      stages: null,
      durationMs: 5,
      found: true,
      errorCode: null,
    });

    expect(await sweeper.sweep()).toEqual({ analytics: 0, notifications: 0, deliveries: 0 });
    clock.now += 31 * DAY;
    expect(await sweeper.sweep()).toEqual({ analytics: 0, notifications: 0, deliveries: 1 });
    expect(await notify.getDelivery(pending!.id)).toMatchObject({ status: 'pending' });
    clock.now += 60 * DAY;
    expect(await sweeper.sweep()).toEqual({ analytics: 0, notifications: 1, deliveries: 0 });
    expect((await notify.listNotifications(LOCAL_USER_ID)).items.map((n) => n.readAt)).toEqual([null]);
    clock.now += 300 * DAY;
    expect(await sweeper.sweep()).toEqual({ analytics: 1, notifications: 1, deliveries: 0 });
    expect((await notify.listNotifications(LOCAL_USER_ID)).items).toEqual([]);
  });

  it('logs a sweep the store refuses and goes on', async () => {
    const { db, sweeper, logger } = await setUp({ now: Date.now() });
    db.close();
    expect(await sweeper.sweep()).toEqual({ analytics: 0, notifications: 0, deliveries: 0 });
    expect(logger.warnings).toEqual([
      'could not prune analytics events',
      'could not prune notifications or webhook deliveries',
    ]);
    // start() sweeps at once, once however often it is called; stop() clears the timer.
    sweeper.start();
    sweeper.start();
    sweeper.stop();
    await expect.poll(() => logger.warnings.length).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logger.warnings).toHaveLength(4);
  });
});
