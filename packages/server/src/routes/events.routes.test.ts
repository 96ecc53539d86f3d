import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { openSse, openWs, type LiveClient, type LiveEventMessage } from '../testing/live-events.js';
import { call, PASSWORD, upload, type Caller } from '../testing/principals.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const ALLOWED_ORIGIN = 'https://app.example.com';

const isReady = (m: LiveEventMessage) => m.type === 'ready';
const processed = (id: string) => (m: LiveEventMessage) =>
  m.type === 'document.processed' && (m.document as { id: string }).id === id;
let uploads = 0;
/** Every upload new content: the same bytes again would be a duplicate, with no events. */
const note = (text: string) => `${text} (note ${++uploads})`;
const documentIdOf = (m: LiveEventMessage): string | undefined =>
  (m.document as { id: string } | undefined)?.id ?? (m.document_id as string | undefined);

/** Creates an editor and signs it in: its bearer caller and its access token. */
async function account(api: string, admin: Caller, name: string): Promise<Caller & { token: string }> {
  const email = `${name}@example.com`;
  await call({ api }, admin, 'POST', '/users', { email, role: 'editor', password: PASSWORD });
  const login = await call({ api }, null, 'POST', '/auth/login', { email, password: PASSWORD });
  const token = login.body.access_token as string;
  return { name: 'owner', headers: { authorization: `Bearer ${token}` }, token };
}

describe('GET /api/v1/events', { timeout: 120_000 }, () => {
  let t: TestServer;
  let api: string;
  let alice: Caller & { token: string };
  const open: LiveClient[] = [];
  const track = (client: LiveClient) => (open.push(client), client);

  beforeAll(async () => {
    t = await startTestServer({
      startWorkers: true,
      env: {
        SIFT_AUTH: 'on',
        SIFT_EMBEDDER: 'none',
        SIFT_QUEUE_POLL_MS: '50',
        SIFT_CORS_ORIGINS: ALLOWED_ORIGIN,
      },
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
  }, 60_000);
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await t?.close();
  });

  it.each([
    ['server-sent events', openSse],
    ['a WebSocket', openWs],
  ])(
    'streams an upload’s progress and processing to its owner over %s, shaped as the REST API shows them',
    async (_name, openStream) => {
      const stream = track(await openStream(api, alice.headers));
      expect(stream.status).toBe(openStream === openWs ? 101 : 200);
      await stream.waitFor(isReady);
      const id = await upload(
        { api },
        alice,
        'bees.txt',
        note('Honey bees pollinate almond orchards in the spring.'),
      );
      const done = await stream.waitFor(processed(id));
      const mine = stream.messages.filter((m) => documentIdOf(m) === id).map((m) => m.type);
      expect(mine[0]).toBe('document.created');
      expect(mine).toContain('document.progress');
      expect(mine.indexOf('document.progress')).toBeLessThan(mine.indexOf('document.processed'));

      const rest = await call({ api }, alice, 'GET', `/documents/${id}`);
      const document = done.document as Record<string, unknown>;
      expect(Object.keys(document).sort()).toEqual(Object.keys(rest.body).sort());
      expect(document).toMatchObject({ id, status: 'processed', owner_id: rest.body.owner_id });
      const taskId = rest.body.task_id as string;
      const succeeded = await stream.waitFor(
        (m) => m.type === 'task.succeeded' && (m.task as { id: string }).id === taskId,
      );
      const task = await call({ api }, alice, 'GET', `/tasks/${taskId}`);
      expect(Object.keys(succeeded.task as object).sort()).toEqual(Object.keys(task.body).sort());
      expect(stream.messages.some((m) => m.type === 'task.progress' && m.task_id === taskId)).toBe(true);
    },
  );

  it.each([
    [
      'server-sent events with Last-Event-ID',
      (id: string) => openSse(api, { ...alice.headers, 'last-event-id': id }),
    ],
    [
      'a WebSocket with ?last_event_id',
      (id: string) => openWs(api, alice.headers, `?last_event_id=${encodeURIComponent(id)}`),
    ],
  ])('resumes over %s right after the last event, without duplicates or gaps', async (_name, reopen) => {
    const first = track(await openSse(api, alice.headers));
    await first.waitFor(isReady);
    const a = await upload({ api }, alice, `a-${Date.now()}.txt`, note('Bumblebees nest in the ground.'));
    await first.waitFor(processed(a));
    const lastSeen = first.messages.find((m) => m.type === 'document.created')!;
    await first.close();

    const again = track(await reopen(lastSeen.id));
    await again.waitFor(isReady);
    const replayed = again.messages.filter((m) => !isReady(m));
    expect(replayed.length).toBeGreaterThan(0);
    // A second stream from now on, to compare what both see next.
    const witness = track(await openSse(api, alice.headers));
    await witness.waitFor(isReady);
    const b = await upload({ api }, alice, `b-${Date.now()}.txt`, note('Mason bees nest in hollow stems.'));
    await Promise.all([again.waitFor(processed(b)), witness.waitFor(processed(b))]);

    // The replay is exactly what the first stream got after the last id (and what happened after it closed).
    const afterSeen = first.messages.slice(first.messages.indexOf(lastSeen) + 1).map((m) => m.id);
    expect(replayed.map((m) => m.id).slice(0, afterSeen.length)).toEqual(afterSeen);
    // Then live: no event twice, and what a fresh stream saw next is what the resumed one saw last.
    const upTo = (client: LiveClient) =>
      client.messages.slice(0, client.messages.findIndex(processed(b)) + 1).filter((m) => !isReady(m));
    const ids = upTo(again).map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const live = upTo(witness).map((m) => m.id);
    expect(live.length).toBeGreaterThan(0);
    expect(ids.slice(-live.length)).toEqual(live);
  });

  it('asks a client whose last id it does not know to resync', async () => {
    const stream = track(await openSse(api, { ...alice.headers, 'last-event-id': 'from-another-server-1' }));
    const first = await stream.waitFor(() => true);
    expect(first).toMatchObject({ type: 'resync', reason: 'unknown' });
  });

  it('refuses anonymous callers with 401, on both transports', async () => {
    const sse = await openSse(api);
    expect(sse.status).toBe(401);
    const ws = await openWs(api);
    expect(ws.status).toBe(401);
  });

  it('refuses a cookie-authenticated WebSocket opened by a foreign page, and lets its own pages in', async () => {
    const cookie = { cookie: `sift_access=${alice.token}` };
    expect((await openWs(api, { ...cookie, origin: 'https://evil.example' })).status).toBe(403);
    for (const origin of [t.url, ALLOWED_ORIGIN]) {
      const ws = track(await openWs(api, { ...cookie, origin }));
      expect(ws.status).toBe(101);
      await ws.waitFor(isReady);
    }
    // A bearer token is no ambient credential: a page that holds it may use it from anywhere.
    expect(track(await openWs(api, { ...alice.headers, origin: 'https://evil.example' })).status).toBe(101);
  });

  it('ends streams whose sign-in has ended', async () => {
    const login = await call({ api }, null, 'POST', '/auth/login', {
      email: 'alice@example.com',
      password: PASSWORD,
    });
    const headers = { authorization: `Bearer ${login.body.access_token as string}` };
    const ws = track(await openWs(api, headers));
    const sse = track(await openSse(api, headers));
    await Promise.all([ws.waitFor(isReady), sse.waitFor(isReady)]);
    expect((await call({ api }, { name: 'owner', headers }, 'POST', '/auth/logout')).status).toBeLessThan(
      300,
    );
    expect(await ws.ended).toBe(4401);
    await sse.ended;
  });
});

describe('live events on shutdown', { timeout: 60_000 }, () => {
  it('ends open streams, and drops refused handshakes, so that closing the server does not wait', async () => {
    const t = await startTestServer({ env: { SIFT_AUTH: 'on' }, liveEvents: { heartbeatMs: 60_000 } });
    const api = `${t.url}/api/v1`;
    const setup = await call({ api }, null, 'POST', '/auth/setup', {
      email: 'admin@example.com',
      password: PASSWORD,
    });
    const headers = { authorization: `Bearer ${setup.body.access_token as string}` };
    // Refused before it is known to be an upgrade: its socket must not outlive the refusal.
    expect((await openWs(api)).status).toBe(401);
    const ws = await openWs(api, headers);
    const sse = await openSse(api, headers);
    await Promise.all([ws.waitFor(isReady), sse.waitFor(isReady)]);
    // Would hang (and the test time out) if an open stream or a refused handshake kept the server alive.
    await t.close();
    expect(await ws.ended).toBe(1001);
    await sse.ended;
  });
});

describe('live events for a client that does not keep up', { timeout: 60_000 }, () => {
  it.each(['a WebSocket', 'server-sent events'])(
    'drops what does not fit over %s, then sends one resync and goes on',
    async (transport) => {
      const t = await startTestServer({ liveEvents: { maxBufferedBytes: 64 * 1024, replaySize: 16 } });
      const api = `${t.url}/api/v1`;
      const messages: LiveEventMessage[] = [];
      let resume: () => void;
      if (transport === 'a WebSocket') {
        const socket = new WebSocket(`${api.replace(/^http/u, 'ws')}/events`);
        socket.on('message', (data) => messages.push(JSON.parse(String(data)) as LiveEventMessage));
        await once(socket, 'open');
        socket.pause();
        resume = () => socket.resume();
      } else {
        const res = await fetch(`${api}/events`);
        let paused = true;
        let wake = () => {};
        resume = () => ((paused = false), wake());
        void (async () => {
          let buffer = '';
          for await (const chunk of res.body!.pipeThrough(new TextDecoderStream())) {
            while (paused) await new Promise<void>((r) => (wake = r));
            buffer += chunk;
            for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
              const data = buffer
                .slice(0, end)
                .split('\n')
                .find((l) => l.startsWith('data: '));
              buffer = buffer.slice(end + 2);
              if (data) messages.push(JSON.parse(data.slice(6)) as LiveEventMessage);
            }
          }
        })().catch(() => {});
      }
      // Far more than the socket buffers hold (their kernel limits here are tens of MB): 2,000 events of 25 kB,
      // while the client reads nothing. Those dropped are never even serialized.
      const big = 'x'.repeat(25_000);
      for (let i = 0; i < 2000; i++)
        t.runtime.events.publish({ type: 'search.space_switched', from: `${i}`, to: big });
      resume();
      await vi.waitFor(() => expect(messages.some((m) => m.type === 'resync')).toBe(true), {
        timeout: 20_000,
      });
      t.runtime.events.publish({ type: 'search.space_switched', from: null, to: 'after' });
      // Not necessarily the last message: admins are also told of each switch (notification.created).
      await vi.waitFor(
        () =>
          expect(messages.findLast((m) => m.type === 'search.space_switched')).toMatchObject({ to: 'after' }),
        { timeout: 20_000 },
      );

      const switched = messages.filter((m) => m.type === 'search.space_switched');
      expect(switched.length).toBeLessThan(2001);
      expect(messages.filter((m) => m.type === 'resync')).toEqual([
        expect.objectContaining({ reason: 'overflow' }),
      ]);
      // Nothing arrives out of order: what was sent before falling behind, the resync, then live events.
      const resyncAt = messages.findIndex((m) => m.type === 'resync');
      const live = messages.slice(resyncAt + 1);
      expect(live.filter((m) => m.type === 'search.space_switched').map((m) => m.to)).toEqual(['after']);
      expect(live.filter((m) => m.type !== 'search.space_switched').map((m) => m.type)).toEqual(
        live.length > 1 ? ['notification.created'] : [],
      );
      await t.close();
    },
  );
});
