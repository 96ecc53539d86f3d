import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Access,
  LOCAL_USER_ID,
  ROLE_SCOPES,
  verifyWebhookSignature,
  type DocumentRecord,
  type SiftEvent,
  type WebhookDelivery,
} from '@sift/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseScrape, valueOf } from '@sift/adapter-prometheus/testing';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { tempConfig, until } from './test-support.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A webhook receiver: answers each path with the statuses queued for it, then 200; records everything. */
async function startReceiver() {
  const received: Received[] = [];
  const script = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body, at: Date.now() });
      res.writeHead(script.get(path)?.shift() ?? 200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    on: (path: string, statuses: number[]) => script.set(path, statuses),
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let docs = 0;
function documentOf(ownerId: string, overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  docs += 1;
  const now = new Date().toISOString();
  return {
    id: `doc-${docs}-${Math.random().toString(36).slice(2)}`,
    ownerId,
    collectionId: null,
    folderId: null,
    parentDocumentId: null,
    sourceId: null,
    sourcePath: null,
    sourceMtimeMs: null,
    filename: `file-${docs}.txt`,
    originalFilename: `file-${docs}.txt`,
    contentType: 'text/plain',
    category: 'document',
    size: 10,
    sha256: 'a'.repeat(64),
    status: 'processed',
    stage: null,
    progress: 1,
    errorCode: null,
    errorMessage: null,
    metadata: {},
    tags: [],
    title: null,
    language: 'en',
    chunkCount: 1,
    processingMs: 5,
    taskId: null,
    uploadedAt: now,
    processedAt: now,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/**
 * Notifications and webhooks on a real runtime (SQLite stores, in-process workers) against a local HTTP
 * receiver: signed deliveries, retries with the queue's backoff, the delivery log, permanent failures, the
 * SSRF guard at registration and at delivery, the owner's visibility, and the notification policy.
 */
describe('notifications and webhooks', { timeout: 60_000 }, () => {
  let runtime: SiftRuntime;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let cleanup: () => Promise<void>;
  const operator = Access.operator(LOCAL_USER_ID);
  let userId: string;
  let user: Access;

  beforeAll(async () => {
    receiver = await startReceiver();
    const t = await tempConfig({
      // Sign-in off: the operator is admin and owns its webhooks (the local user); accounts still count.
      SIFT_AUTH: 'off',
      SIFT_EMBEDDER: 'none',
      SIFT_QUEUE_POLL_MS: '20',
      SIFT_JOB_BACKOFF_MS: '40',
      SIFT_WEBHOOK_ALLOW_PRIVATE: 'true',
      SIFT_WEBHOOK_TIMEOUT_MS: '2000',
    });
    cleanup = t.cleanup;
    runtime = await createRuntime(t.config);
    await runtime.startWorkers();
    const account = await runtime.metadata.identity.accounts.create({
      email: 'user@example.com',
      displayName: 'User',
      role: 'editor',
      passwordHash: null,
    });
    userId = account.id;
    user = Access.of({ kind: 'user', userId, role: 'editor', scopes: ROLE_SCOPES.editor }, new Map());
  });
  afterAll(async () => {
    await runtime?.close();
    await receiver?.close();
    await cleanup?.();
  });
  afterEach(async () => {
    for (const hook of await runtime.notify.webhooks.list(operator, { all: true }))
      await runtime.notify.webhooks.delete(operator, hook.id);
  });

  const publish = async (event: SiftEvent) => {
    runtime.events.publish(event);
    await runtime.notify.idle();
  };
  const deliveriesOf = async (webhookId: string) =>
    (await runtime.notify.webhooks.deliveries(operator, webhookId)).items;
  const settled = (webhookId: string, count = 1) =>
    until(async () => {
      const items = await deliveriesOf(webhookId);
      return items.length >= count && items.every((d) => d.status !== 'pending') ? items : null;
    }, 20_000);
  const backup = (backupId: string): SiftEvent => ({
    type: 'backup.completed',
    backupId,
    file: `/backups/${backupId}.tar`,
    bytes: 1234,
    durationMs: 50,
  });

  it('delivers a signed event that the receiver verifies; a tampered body or an old timestamp does not verify', async () => {
    const { webhook, secret } = await runtime.notify.webhooks.create(operator, {
      url: `${receiver.base}/signed`,
      events: ['backup.completed'],
    });
    expect(secret).toMatch(/^whsec_/u);
    await publish(backup('b-signed'));
    const [delivery] = await settled(webhook.id);
    expect(delivery).toMatchObject({ status: 'succeeded', eventType: 'backup.completed' });
    expect(delivery!.attempts).toEqual([
      { at: expect.any(String), statusCode: 200, latencyMs: expect.any(Number), error: null },
    ]);
    const [got] = receiver.at('/signed');
    expect(got!.headers['sift-event']).toBe('backup.completed');
    expect(got!.headers['sift-delivery']).toBe(delivery!.id);
    expect(got!.headers['content-type']).toBe('application/json');
    const header = got!.headers['sift-signature'] as string;
    expect(verifyWebhookSignature({ secret, header, body: got!.body })).toMatchObject({ valid: true });
    expect(verifyWebhookSignature({ secret, header, body: got!.body.replace('1234', '9999') })).toEqual({
      valid: false,
      reason: 'mismatch',
    });
    expect(
      verifyWebhookSignature({ secret, header, body: got!.body, now: Date.now() + 10 * 60_000 }),
    ).toEqual({ valid: false, reason: 'expired' });
    const body = JSON.parse(got!.body) as { type: string; data: Record<string, unknown> };
    expect(body).toMatchObject({
      type: 'backup.completed',
      data: { backup_id: 'b-signed', bytes: 1234, duration_ms: 50 },
    });
    // The same event again (another process, a job run twice) is not delivered twice.
    await publish(backup('b-signed'));
    expect(await deliveriesOf(webhook.id)).toHaveLength(1);
  });

  it('retries a 500 and a 429 with the queue’s backoff, then succeeds; the log has every status code', async () => {
    receiver.on('/flaky', [500, 429]);
    const { webhook } = await runtime.notify.webhooks.create(operator, {
      url: `${receiver.base}/flaky`,
      events: ['backup.completed'],
    });
    await publish(backup('b-flaky'));
    const [delivery] = await until(async () => {
      const items = await deliveriesOf(webhook.id);
      return items[0]?.status === 'succeeded' ? items : null;
    }, 20_000);
    expect(delivery!.attempts.map((a) => [a.statusCode, a.error])).toEqual([
      [500, 'HTTP 500'],
      [429, 'HTTP 429'],
      [200, null],
    ]);
    const times = receiver.at('/flaky').map((r) => r.at);
    // Backoff 40 ms then 80 ms (±20 % jitter).
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(30);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(60);
  });

  it('fails a 4xx at once, and gives up (dead) after the last attempt of 503s', async () => {
    receiver.on('/gone', [410]);
    receiver.on('/down', [503, 503, 503, 503, 503, 503]);
    const gone = await runtime.notify.webhooks.create(operator, {
      url: `${receiver.base}/gone`,
      events: ['backup.failed'],
    });
    const down = await runtime.notify.webhooks.create(operator, {
      url: `${receiver.base}/down`,
      events: ['backup.failed'],
    });
    await publish({ type: 'backup.failed', backupId: 'b-fail', code: 'DISK_FULL', message: 'no space' });
    const [failed] = await settled(gone.webhook.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: [{ statusCode: 410, error: 'HTTP 410' }] });
    const [dead] = await settled(down.webhook.id);
    expect(dead!.status).toBe('dead');
    expect(dead!.attempts.map((a) => a.statusCode)).toEqual([503, 503, 503, 503, 503, 503]);
    const tasks = await runtime.queue.list({ type: ['webhook.deliver'], status: ['failed', 'dead'] });
    const statusOf = (d: WebhookDelivery) =>
      tasks.items.find((t) => (t.payload as { deliveryId: string }).deliveryId === d.id)?.status;
    expect(statusOf(failed!)).toBe('failed');
    expect(statusOf(dead!)).toBe('dead');
    expect(receiver.at('/gone')).toHaveLength(1);
    // Every attempt is counted by event and outcome, and its response time observed.
    const scrape = parseScrape(await runtime.telemetry.exposition!.render());
    const attempts = (outcome: string) =>
      valueOf(scrape, 'sift_webhook_deliveries_total', { event: 'backup.failed', outcome });
    expect([attempts('failed'), attempts('retry'), attempts('dead')]).toEqual([1, 5, 1]);
    expect(valueOf(scrape, 'sift_webhook_response_seconds')).toBeGreaterThanOrEqual(7);
  });

  it('ends a delivery whose job died without recording it (a lost lease) as dead', async () => {
    const { webhook } = await runtime.notify.webhooks.create(operator, {
      url: `${receiver.base}/abandoned`,
      events: ['backup.completed'],
    });
    const delivery = await runtime.metadata.notifications.createDelivery({
      webhookId: webhook.id,
      eventKey: 'abandoned',
      eventType: 'backup.completed',
      body: '{}',
    });
    const task = await runtime.queue.enqueue({
      type: 'webhook.deliver',
      queue: 'low',
      payload: { deliveryId: delivery!.id },
      runAfter: new Date(Date.now() + 3_600_000),
    });
    await publish({
      type: 'task.dead',
      task: {
        ...task,
        status: 'dead',
        error: { code: 'TASK_LEASE_EXPIRED', message: 'lost', retryable: true },
      },
    });
    expect((await runtime.metadata.notifications.getDelivery(delivery!.id))?.status).toBe('dead');
    await runtime.queue.cancel(task.id);
  });

  it('sends a ping and redelivers a finished delivery', async () => {
    const { webhook } = await runtime.notify.webhooks.create(operator, {
      url: `${receiver.base}/ping`,
      events: ['backup.completed'],
    });
    const ping = await runtime.notify.webhooks.ping(operator, webhook.id);
    expect(ping.eventType).toBe('ping');
    await settled(webhook.id);
    const again = await runtime.notify.webhooks.redeliver(operator, webhook.id, ping.id);
    expect(again.status).toBe('pending');
    const [done] = await until(async () => {
      const items = await deliveriesOf(webhook.id);
      return items[0]?.attempts.length === 2 && items[0].status === 'succeeded' ? items : null;
    });
    expect(done!.id).toBe(ping.id);
    expect(receiver.at('/ping')).toHaveLength(2);
    expect(JSON.parse(receiver.at('/ping')[0]!.body)).toMatchObject({ type: 'ping' });
  });

  it('delivers to a user’s webhook only the events that user may see', async () => {
    const { webhook } = await runtime.notify.webhooks.create(user, {
      url: `${receiver.base}/user`,
      events: ['document.processed', 'backup.completed'],
    });
    const own = documentOf(userId);
    await publish({ type: 'document.processed', document: documentOf(LOCAL_USER_ID) });
    await publish(backup('b-user'));
    await publish({ type: 'document.processed', document: own });
    const items = await settled(webhook.id);
    expect(items.map((d) => d.eventType)).toEqual(['document.processed']);
    expect(JSON.parse(items[0]!.body)).toMatchObject({
      data: { document: { id: own.id, owner_id: userId } },
    });
    // And only its owner (or an admin) sees it.
    expect(await runtime.notify.webhooks.list(user)).toHaveLength(1);
    await expect(
      runtime.notify.webhooks.get(
        Access.of({ kind: 'user', userId: LOCAL_USER_ID, role: 'editor', scopes: ['read'] }, new Map()),
        webhook.id,
      ),
    ).rejects.toMatchObject({ code: 'WEBHOOK_NOT_FOUND' });
  });

  it('refuses a private URL at registration and at delivery when private targets are not allowed', async () => {
    const t = await tempConfig({ SIFT_AUTH: 'off', SIFT_EMBEDDER: 'none', SIFT_QUEUE_POLL_MS: '20' });
    const strict = await createRuntime(t.config);
    try {
      await strict.startWorkers();
      for (const url of [
        'http://127.0.0.1/x',
        'http://[::1]/x',
        'http://localhost/x',
        `${receiver.base}/x`,
      ]) {
        await expect(
          strict.notify.webhooks.create(operator, { url, events: ['backup.completed'] }),
        ).rejects.toMatchObject({ code: 'WEBHOOK_URL_FORBIDDEN', category: 'user' });
      }
      // Registered while it resolved elsewhere (here: written straight to the store), refused at delivery.
      const hook = await strict.metadata.notifications.createWebhook({
        ownerId: LOCAL_USER_ID,
        url: `${receiver.base}/strict`,
        description: null,
        events: ['backup.completed'],
        secret: 'whsec_x',
      });
      strict.events.publish(backup('b-strict'));
      await strict.notify.idle();
      const [delivery] = await until(async () => {
        const page = await strict.metadata.notifications.listDeliveries(hook.id);
        return page.items[0]?.status === 'failed' ? page.items : null;
      });
      expect(delivery!.attempts).toEqual([
        expect.objectContaining({ statusCode: null, error: expect.stringContaining('loopback') }),
      ]);
      expect(receiver.at('/strict')).toHaveLength(0);
    } finally {
      await strict.close();
      await t.cleanup();
    }
  });

  it('aggregates processed documents into one notification, notifies each failure, and tells admins of backups', async () => {
    // A user of its own: earlier tests processed documents of `user` in the same window.
    const account = await runtime.metadata.identity.accounts.create({
      email: 'reader@example.com',
      displayName: 'Reader',
      role: 'editor',
      passwordHash: null,
    });
    const userId = account.id;
    const user = Access.of({ kind: 'user', userId, role: 'editor', scopes: ROLE_SCOPES.editor }, new Map());
    const created: SiftEvent[] = [];
    const stop = runtime.events.subscribe((e) => e.type === 'notification.created' && created.push(e));
    for (let i = 0; i < 5; i++) await publish({ type: 'document.processed', document: documentOf(userId) });
    // Archive members count with their parent only.
    await publish({
      type: 'document.processed',
      document: documentOf(userId, { parentDocumentId: 'parent' }),
    });
    await publish({
      type: 'document.failed',
      document: documentOf(userId, {
        status: 'failed',
        errorCode: 'EXTRACT_FAILED',
        errorMessage: 'bad PDF',
      }),
    });
    await publish(backup('b-notify'));
    stop();
    const mine = await runtime.notify.notifications.list(user);
    expect(mine.unreadCount).toBe(2);
    expect(mine.items.map((n) => [n.kind, n.count])).toEqual([
      ['document.failed', 1],
      ['documents.processed', 5],
    ]);
    expect(mine.items[0]).toMatchObject({ body: 'bad PDF' });
    const admin = await runtime.notify.notifications.list(operator);
    expect(admin.items.map((n) => n.kind)).toContain('backup.completed');
    expect(admin.items.every((n) => n.userId === LOCAL_USER_ID)).toBe(true);
    // One announcement per new notification, to its recipient: not one per processed document.
    const announced = created.map((e) => (e as Extract<SiftEvent, { type: 'notification.created' }>).userId);
    expect(announced.filter((id) => id === userId)).toHaveLength(2);

    await runtime.notify.notifications.markRead(user, mine.items[0]!.id);
    expect((await runtime.notify.notifications.list(user, { unreadOnly: true })).items).toHaveLength(1);
    await expect(runtime.notify.notifications.markRead(operator, mine.items[1]!.id)).rejects.toMatchObject({
      code: 'NOTIFICATION_NOT_FOUND',
    });
    expect(await runtime.notify.notifications.markAllRead(user)).toBe(1);
    expect((await runtime.notify.notifications.list(user)).unreadCount).toBe(0);
  });
});
