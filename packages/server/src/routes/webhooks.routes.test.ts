import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { verifyWebhookSignature } from '@sift/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, PASSWORD, upload, type Caller } from '../testing/principals.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', headers: req.headers, body });
      res.writeHead(req.url === '/teapot' ? 418 : 200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function account(api: string, admin: Caller, name: string, role = 'editor'): Promise<Caller> {
  const email = `${name}@example.com`;
  await call({ api }, admin, 'POST', '/users', { email, role, password: PASSWORD });
  const login = await call({ api }, null, 'POST', '/auth/login', { email, password: PASSWORD });
  return { name: 'owner', headers: { authorization: `Bearer ${login.body.access_token as string}` } };
}

async function until<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await delay(50);
  }
}

type Delivery = {
  id: string;
  status: string;
  event_type: string;
  body: string;
  attempts: { status_code: number }[];
};

describe('webhooks over HTTP', { timeout: 120_000 }, () => {
  let t: TestServer;
  let api: string;
  let admin: Caller;
  let alice: Caller;
  let bob: Caller;
  let viewer: Caller;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestServer({
      startWorkers: true,
      env: {
        SIFT_AUTH: 'on',
        SIFT_EMBEDDER: 'none',
        SIFT_QUEUE_POLL_MS: '50',
        SIFT_JOB_BACKOFF_MS: '50',
        SIFT_WEBHOOK_ALLOW_PRIVATE: 'true',
      },
    });
    api = `${t.url}/api/v1`;
    const setup = await call({ api }, null, 'POST', '/auth/setup', {
      email: 'admin@example.com',
      password: PASSWORD,
    });
    admin = { name: 'admin', headers: { authorization: `Bearer ${setup.body.access_token as string}` } };
    alice = await account(api, admin, 'alice');
    bob = await account(api, admin, 'bob');
    viewer = await account(api, admin, 'viewer', 'viewer');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const deliveries = async (caller: Caller, id: string) =>
    (await call({ api }, caller, 'GET', `/webhooks/${id}/deliveries`)).body.items as Delivery[];

  it('registers a webhook (secret once), delivers the owner’s events signed, and not other users’ events', async () => {
    const created = await call({ api }, alice, 'POST', '/webhooks', {
      url: `${receiver.base}/alice`,
      events: ['document.processed'],
      description: 'alice’s hook',
    });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    const id = created.body.id as string;
    expect(secret).toMatch(/^whsec_/u);
    const read = await call({ api }, alice, 'GET', `/webhooks/${id}`);
    expect(read.body).toMatchObject({
      id,
      url: `${receiver.base}/alice`,
      events: ['document.processed'],
      active: true,
    });
    expect(read.body).not.toHaveProperty('secret');
    expect(JSON.stringify((await call({ api }, alice, 'GET', '/webhooks')).body)).not.toContain(secret);

    const bobs = await upload({ api }, bob, 'bob.txt', 'Bob’s own notes about the orchard.');
    const alices = await upload({ api }, alice, 'alice.txt', 'Alice’s notes about the hive.');
    const [delivery] = await until(async () => {
      const items = await deliveries(alice, id);
      return items.length > 0 && items[0]!.status === 'succeeded' ? items : null;
    });
    expect(delivery!.attempts.map((a) => a.status_code)).toEqual([200]);
    const [got] = receiver.at('/alice');
    const check = verifyWebhookSignature({
      secret,
      header: got!.headers['sift-signature'] as string,
      body: got!.body,
    });
    expect(check.valid).toBe(true);
    const body = JSON.parse(got!.body) as { type: string; data: { document: { id: string } } };
    expect(body).toMatchObject({ type: 'document.processed', data: { document: { id: alices } } });
    // Bob's document was processed too, and never reached Alice's webhook.
    await until(
      async () => (await call({ api }, bob, 'GET', `/documents/${bobs}`)).body.status === 'processed',
    );
    await delay(300);
    expect(receiver.at('/alice').some((r) => r.body.includes(bobs))).toBe(false);
    expect(await deliveries(alice, id)).toHaveLength(1);
  });

  it('keeps webhooks to their owner; admins see and manage all; read-only callers cannot register', async () => {
    const mine = await call({ api }, alice, 'POST', '/webhooks', {
      url: `${receiver.base}/second`,
      events: ['document.failed', 'task.dead'],
    });
    const id = mine.body.id as string;
    for (const [method, path, body] of [
      ['GET', `/webhooks/${id}`, undefined],
      ['PATCH', `/webhooks/${id}`, { active: false }],
      ['DELETE', `/webhooks/${id}`, undefined],
      ['GET', `/webhooks/${id}/deliveries`, undefined],
      ['POST', `/webhooks/${id}/test`, undefined],
    ] as const) {
      expect(await call({ api }, bob, method, path, body)).toMatchObject({
        status: 404,
        body: { code: 'WEBHOOK_NOT_FOUND' },
      });
    }
    expect((await call({ api }, bob, 'GET', '/webhooks')).body.items).toEqual([]);
    expect((await call({ api }, bob, 'GET', '/webhooks?all=true')).status).toBe(403);
    const everyone = await call({ api }, admin, 'GET', '/webhooks?all=true');
    expect((everyone.body.items as { id: string }[]).map((w) => w.id)).toContain(id);
    const patched = await call({ api }, admin, 'PATCH', `/webhooks/${id}`, {
      active: false,
      events: ['task.dead', 'document.failed'],
    });
    expect(patched.body).toMatchObject({ active: false, events: ['document.failed', 'task.dead'] });
    expect(
      (
        await call({ api }, viewer, 'POST', '/webhooks', {
          url: `${receiver.base}/v`,
          events: ['document.failed'],
        })
      ).status,
    ).toBe(403);
    expect(
      (await call({ api }, alice, 'POST', '/webhooks', { url: `${receiver.base}/x`, events: [] })).status,
    ).toBe(400);
    expect(
      (
        await call({ api }, alice, 'POST', '/webhooks', {
          url: `${receiver.base}/x`,
          events: ['no.such.event'],
        })
      ).status,
    ).toBe(400);
    expect((await call({ api }, admin, 'DELETE', `/webhooks/${id}`)).status).toBe(204);
    expect((await call({ api }, alice, 'GET', `/webhooks/${id}`)).status).toBe(404);
  });

  it('sends a test ping, logs a 4xx as failed at once, and redelivers it on request', async () => {
    const hook = await call({ api }, alice, 'POST', '/webhooks', {
      url: `${receiver.base}/teapot`,
      events: ['document.failed'],
    });
    const id = hook.body.id as string;
    const ping = await call({ api }, alice, 'POST', `/webhooks/${id}/test`);
    expect(ping).toMatchObject({ status: 202, body: { event_type: 'ping', status: 'pending' } });
    const [failed] = await until(async () => {
      const items = await deliveries(alice, id);
      return items[0]?.status === 'failed' ? items : null;
    });
    expect(failed!.attempts).toEqual([expect.objectContaining({ status_code: 418, error: 'HTTP 418' })]);
    expect(receiver.at('/teapot')).toHaveLength(1);

    const again = await call({ api }, alice, 'POST', `/webhooks/${id}/deliveries/${failed!.id}/redeliver`);
    expect(again).toMatchObject({ status: 202, body: { id: failed!.id, status: 'pending' } });
    await until(async () => {
      const items = await deliveries(alice, id);
      return items[0]?.status === 'failed' && items[0].attempts.length === 2;
    });
    expect((await call({ api }, alice, 'POST', `/webhooks/${id}/deliveries/no-such/redeliver`)).status).toBe(
      404,
    );
  });
});

describe('webhook URLs on a server that keeps webhooks off private networks', { timeout: 60_000 }, () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { SIFT_EMBEDDER: 'none' } });
  });
  afterAll(() => t?.close());

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/hook',
    'http://localhost:3000/hook',
  ])('refuses %s with WEBHOOK_URL_FORBIDDEN', async (url) => {
    const reply = await call({ api: `${t.url}/api/v1` }, null, 'POST', '/webhooks', {
      url,
      events: ['document.processed'],
    });
    expect(reply).toMatchObject({ status: 400, body: { code: 'WEBHOOK_URL_FORBIDDEN' } });
  });

  it('refuses a private URL when a webhook is moved to one', async () => {
    const api = `${t.url}/api/v1`;
    // A public address (registration does not connect; this server runs no workers to deliver).
    const hook = await call({ api }, null, 'POST', '/webhooks', {
      url: 'http://93.184.216.34/hook',
      events: ['document.processed'],
    });
    expect(hook.status).toBe(201);
    const moved = await call({ api }, null, 'PATCH', `/webhooks/${hook.body.id as string}`, {
      url: 'http://192.168.0.1/hook',
    });
    expect(moved).toMatchObject({ status: 400, body: { code: 'WEBHOOK_URL_FORBIDDEN' } });
  });
});
