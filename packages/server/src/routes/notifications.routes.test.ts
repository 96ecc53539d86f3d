import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, openWs, type LiveClient, type LiveEventMessage } from '../testing/live-events.js';
import { call, PASSWORD, type Caller } from '../testing/principals.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const isReady = (m: LiveEventMessage) => m.type === 'ready';
const isNotification = (m: LiveEventMessage) => m.type === 'notification.created';

/** Creates an editor and signs it in. */
async function account(api: string, admin: Caller, name: string): Promise<Caller> {
  const email = `${name}@example.com`;
  await call({ api }, admin, 'POST', '/users', { email, role: 'editor', password: PASSWORD });
  const login = await call({ api }, null, 'POST', '/auth/login', { email, password: PASSWORD });
  return { name: 'owner', headers: { authorization: `Bearer ${login.body.access_token as string}` } };
}

async function uploadFile(api: string, caller: Caller, name: string, data: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([data], { type }), name);
  const reply = await call({ api }, caller, 'POST', '/documents', form);
  expect(reply.status).toBeLessThan(300);
  return (reply.body.items as { document_id: string }[])[0]!.document_id;
}

async function settled(api: string, caller: Caller, ids: string[]): Promise<Record<string, string>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const docs = await Promise.all(ids.map((id) => call({ api }, caller, 'GET', `/documents/${id}`)));
    const statuses = docs.map((d) => d.body.status as string);
    if (statuses.every((s) => s === 'processed' || s === 'failed'))
      return Object.fromEntries(ids.map((id, i) => [id, statuses[i]!]));
    if (Date.now() > deadline) throw new Error(`documents did not settle: ${statuses.join(', ')}`);
    await delay(100);
  }
}

describe('notifications over HTTP', { timeout: 120_000 }, () => {
  let t: TestServer;
  let api: string;
  let alice: Caller;
  let bob: Caller;
  const open: LiveClient[] = [];

  beforeAll(async () => {
    t = await startTestServer({
      startWorkers: true,
      env: { SIFT_AUTH: 'on', SIFT_EMBEDDER: 'none', SIFT_QUEUE_POLL_MS: '50' },
      liveEvents: { recheckMs: 200, heartbeatMs: 1000 },
    });
    api = `${t.url}/api/v1`;
    const setup = await call({ api }, null, 'POST', '/auth/setup', {
      email: 'admin@example.com',
      password: PASSWORD,
    });
    const admin: Caller = {
      name: 'admin',
      headers: { authorization: `Bearer ${setup.body.access_token as string}` },
    };
    alice = await account(api, admin, 'alice');
    bob = await account(api, admin, 'bob');
  }, 60_000);
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await t?.close();
  });

  it('makes one notification for a batch of processed documents and one per failure, pushed to the recipient only', async () => {
    const aliceSse = await openSse(api, alice.headers);
    const aliceWs = await openWs(api, alice.headers);
    const bobSse = await openSse(api, bob.headers);
    open.push(aliceSse, aliceWs, bobSse);
    await Promise.all([aliceSse, aliceWs, bobSse].map((s) => s.waitFor(isReady)));

    const ok = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        uploadFile(api, alice, `note-${i}.txt`, `Honey bees, note number ${i}.`, 'text/plain'),
      ),
    );
    const broken = await uploadFile(
      api,
      alice,
      'broken.pdf',
      '%PDF-1.7\nthis is not a PDF',
      'application/pdf',
    );
    const statuses = await settled(api, alice, [...ok, broken]);
    expect(ok.map((id) => statuses[id])).toEqual(['processed', 'processed', 'processed', 'processed']);
    expect(statuses[broken]).toBe('failed');

    const page = await call({ api }, alice, 'GET', '/notifications');
    expect(page.status).toBe(200);
    const items = page.body.items as {
      id: string;
      kind: string;
      count: number;
      read: boolean;
      link: string;
    }[];
    const processed = items.filter((n) => n.kind === 'documents.processed');
    // One per 15-minute window: a batch spans at most two.
    expect(processed.length).toBeGreaterThanOrEqual(1);
    expect(processed.length).toBeLessThanOrEqual(2);
    expect(processed.reduce((sum, n) => sum + n.count, 0)).toBe(4);
    const failed = items.filter((n) => n.kind === 'document.failed');
    expect(failed).toEqual([
      expect.objectContaining({ count: 1, read: false, link: `/documents/${broken}` }),
    ]);
    expect(page.body.unread_count).toBe(items.length);

    // Pushed on both transports, once per notification (not once per document), to Alice only.
    for (const stream of [aliceSse, aliceWs]) {
      await stream.waitFor(
        (m) => isNotification(m) && (m.notification as { id: string }).id === failed[0]!.id,
      );
      const pushed = stream.messages.filter(isNotification);
      expect(pushed).toHaveLength(items.length);
      expect(pushed[0]).toMatchObject({
        notification: { id: expect.any(String), kind: expect.any(String), title: expect.any(String) },
      });
    }
    await delay(300);
    expect(bobSse.messages.filter(isNotification)).toEqual([]);
    expect((await call({ api }, bob, 'GET', '/notifications')).body).toMatchObject({
      items: [],
      unread_count: 0,
    });
  });

  it('marks one read (only its recipient may), lists unread only, and marks all read', async () => {
    const before = await call({ api }, alice, 'GET', '/notifications?unread=true');
    const items = before.body.items as { id: string }[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    const first = items[0]!.id;

    const foreign = await call({ api }, bob, 'POST', `/notifications/${first}/read`);
    expect(foreign).toMatchObject({ status: 404, body: { code: 'NOTIFICATION_NOT_FOUND' } });
    expect((await call({ api }, alice, 'POST', `/notifications/${first}/read`)).status).toBe(204);
    // Again is fine (idempotent).
    expect((await call({ api }, alice, 'POST', `/notifications/${first}/read`)).status).toBe(204);

    const unread = await call({ api }, alice, 'GET', '/notifications?unread=true');
    expect((unread.body.items as { id: string }[]).map((n) => n.id)).not.toContain(first);
    expect(unread.body.unread_count).toBe(items.length - 1);

    const all = await call({ api }, alice, 'POST', '/notifications/read-all');
    expect(all).toMatchObject({ status: 200, body: { marked: items.length - 1 } });
    const after = await call({ api }, alice, 'GET', '/notifications');
    expect(after.body.unread_count).toBe(0);
    expect((after.body.items as { read: boolean }[]).every((n) => n.read)).toBe(true);
  });

  it('pages with a cursor and refuses a bad one, anonymous callers and collection-restricted keys', async () => {
    const firstPage = await call({ api }, alice, 'GET', '/notifications?limit=1');
    expect(firstPage.body.items).toHaveLength(1);
    const next = firstPage.body.next_cursor as string;
    expect(next).toEqual(expect.any(String));
    const second = await call({ api }, alice, 'GET', `/notifications?limit=1&cursor=${next}`);
    expect((second.body.items as { id: string }[])[0]!.id).not.toBe(
      (firstPage.body.items as { id: string }[])[0]!.id,
    );
    expect((await call({ api }, alice, 'GET', '/notifications?cursor=bogus')).status).toBe(400);
    expect((await call({ api }, null, 'GET', '/notifications')).status).toBe(401);

    const collection = await call({ api }, alice, 'POST', '/collections', { name: 'restricted' });
    const key = await call({ api }, alice, 'POST', '/api-keys', {
      name: 'restricted',
      scopes: ['read'],
      collection_ids: [collection.body.id],
    });
    const restricted: Caller = {
      name: 'readKey',
      headers: { authorization: `Bearer ${key.body.key as string}` },
    };
    expect(await call({ api }, restricted, 'GET', '/notifications')).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
  });
});
