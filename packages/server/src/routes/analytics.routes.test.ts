import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, PASSWORD, upload, type Caller } from '../testing/principals.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/**
 * Analytics over real records, with accounts on: two users upload, search and ask through the API, the real
 * pipeline processes, and the store counts. The admin sees everyone's; each user only their own; active users
 * are the admin's alone.
 */
describe('GET /analytics/*', { timeout: 180_000 }, () => {
  let t: TestServer;
  let world: { api: string };
  let admin: Caller;
  let alice: Caller;
  let bob: Caller;
  const ids: Record<string, string> = {};
  const get = (caller: Caller | null, path: string) => call(world, caller, 'GET', `/analytics/${path}`);

  beforeAll(async () => {
    t = await startTestServer({
      startWorkers: true,
      env: { SIFT_AUTH: 'on', SIFT_QUEUE_POLL_MS: '50', SIFT_EMBEDDER: 'none' },
    });
    world = { api: `${t.url}/api/v1` };
    const setup = await call(world, null, 'POST', '/auth/setup', {
      email: 'admin@example.com',
      password: PASSWORD,
    });
    admin = { name: 'admin', headers: bearer(setup.body.access_token as string) };
    const account = async (name: 'owner' | 'other', email: string) => {
      const user = await call(world, admin, 'POST', '/users', { email, role: 'editor', password: PASSWORD });
      ids[email] = user.body.id as string;
      const login = await call(world, null, 'POST', '/auth/login', { email, password: PASSWORD });
      return { name, headers: bearer(login.body.access_token as string) } satisfies Caller;
    };
    alice = await account('owner', 'alice@example.com');
    bob = await account('other', 'bob@example.com');

    const docs = [
      await upload(world, alice, 'bees.md', '# Bees\n\nHoney bees pollinate almond orchards in spring.'),
      await upload(world, alice, 'tides.txt', 'The moon raises the ocean tides twice a day.'),
      // No word at all: processing fails with EMPTY_TEXT.
      await upload(world, alice, 'dashes.txt', '--- ... !!! ***\n\n   ;;;\n'),
    ];
    const form = new FormData();
    form.append(
      'file',
      new Blob(['<html><body><p>Wasps build paper nests.</p></body></html>']),
      'wasps.html',
    );
    const html = await call(world, bob, 'POST', '/documents', form);
    docs.push((html.body.items as { document_id: string }[])[0]!.document_id);
    const deadline = Date.now() + 90_000;
    for (;;) {
      const states = await Promise.all(docs.map((id) => call(world, admin, 'GET', `/documents/${id}`)));
      if (states.every((d) => d.body.status === 'processed' || d.body.status === 'failed')) break;
      if (Date.now() > deadline) throw new Error('documents still processing');
      await delay(100);
    }

    for (const [caller, query] of [
      [alice, 'honey bees'],
      [alice, 'ocean tides'],
      [alice, 'xyzzy plugh'],
      [bob, 'paper nests'],
      [bob, 'Paper Nests '],
    ] as const) {
      expect((await call(world, caller, 'POST', '/search', { query, mode: 'lexical' })).status).toBe(200);
    }
    for (const [caller, question, mode] of [
      [alice, 'What do honey bees pollinate?', 'extractive'],
      [alice, 'quokka xyzzy plugh?', 'not_found'],
      [bob, 'What do wasps build?', 'extractive'],
    ] as const) {
      const answer = await call(world, caller, 'POST', '/ask', { question });
      expect(answer.status).toBe(200);
      expect(answer.body.mode).toBe(mode);
    }
    await t.runtime.analytics.idle();
  }, 150_000);
  afterAll(() => t?.close());

  it('shows the admin everyone’s uploads, processing, searches, questions and active users', async () => {
    const { status, body } = await get(admin, 'overview?days=7');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      scope: 'all',
      days: 7,
      documents: { uploaded: 4, processed: 3, failed: 1 },
      // Five searches, and the one each of the three questions ran.
      search: { searches: 8, zero_results: 2 },
      questions: { asked: 3, not_found: 1, not_found_rate: 0.333 },
      active_users: { total: 2, weekly: 2 },
    });
    expect(Date.parse(body.to as string) - Date.parse(body.from as string)).toBe(7 * 86_400_000);
  });

  it('shows a user only their own figures, and no one else’s activity', async () => {
    const { status, body } = await get(alice, 'overview');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      scope: 'own',
      days: 30,
      documents: { uploaded: 3, processed: 2, failed: 1 },
      search: { searches: 5, zero_results: 2 },
      questions: { asked: 2, not_found: 1, not_found_rate: 0.5 },
      active_users: null,
    });
    const bobs = await get(bob, 'overview');
    expect(bobs.body).toMatchObject({
      documents: { uploaded: 1, processed: 1, failed: 0 },
      search: { searches: 3, zero_results: 0 },
      questions: { asked: 1, not_found: 0, not_found_rate: 0 },
    });
  });

  it('breaks documents down by day and type family, with processing time per stage', async () => {
    const { body } = await get(admin, 'documents?days=3');
    expect(body.by_type).toEqual([
      { type: 'text', uploaded: 3, processed: 2, failed: 1 },
      { type: 'html', uploaded: 1, processed: 1, failed: 0 },
    ]);
    const series = body.series as { start: string; uploaded: number; by_type: unknown[] }[];
    expect(series).toHaveLength(3);
    expect(series.at(-1)!.uploaded).toBe(4);
    const stages = body.stages as { stage: string; count: number; p50: number | null; p95: number | null }[];
    expect(stages.map((s) => s.stage)).toEqual(['extract', 'chunk', 'embed', 'index', 'total']);
    for (const stage of stages.filter((s) => s.stage !== 'embed')) {
      expect(stage.count).toBe(3);
      expect(stage.p50).not.toBeNull();
      expect(stage.p95!).toBeGreaterThanOrEqual(stage.p50!);
    }
    const mine = await get(bob, 'documents');
    expect(mine.body.by_type).toEqual([{ type: 'html', uploaded: 1, processed: 1, failed: 0 }]);
    expect((mine.body.stages as { stage: string; count: number }[])[0]).toMatchObject({ count: 1 });
  });

  it('gives searches per day, latency per mode and the top queries of the caller’s scope', async () => {
    const all = await get(admin, 'search?days=1&top=2');
    expect(all.body).toMatchObject({ searches: 8, zero_results: 2 });
    const modes = all.body.by_mode as { mode: string; count: number; zero_results: number }[];
    expect(modes.map((m) => [m.mode, m.count, m.zero_results])).toEqual([
      ['lexical', 5, 1],
      ['hybrid', 3, 1],
    ]);
    expect(all.body.top_queries).toEqual([
      { query: 'paper nests', count: 2, zero_results: 0, last_seen_at: expect.any(String) },
      expect.objectContaining({ count: 1 }),
    ]);
    const mine = await get(bob, 'search');
    expect((mine.body.top_queries as { query: string }[]).map((q) => q.query).sort()).toEqual([
      'paper nests',
      'what do wasps build?',
    ]);
    expect(mine.body.zero_result_queries).toEqual([]);
    expect((await get(alice, 'search')).body.zero_result_queries).toEqual([
      expect.objectContaining({ query: 'quokka xyzzy plugh?', count: 1 }),
      expect.objectContaining({ query: 'xyzzy plugh', count: 1 }),
    ]);
  });

  it('counts questions and those answered "not found", with the answer time', async () => {
    const { body } = await get(alice, 'questions?days=2');
    expect(body).toMatchObject({ scope: 'own', asked: 2, not_found: 1, not_found_rate: 0.5 });
    expect(body.latency_ms).toMatchObject({ count: 2 });
    expect((body.series as { asked: number; not_found: number }[]).at(-1)).toMatchObject({
      asked: 2,
      not_found: 1,
    });
  });

  it('lists active users to admins only', async () => {
    const { status, body } = await get(admin, 'users?days=7');
    expect(status).toBe(200);
    expect(body).toMatchObject({ scope: 'all', total: 2, weekly: 2 });
    expect((body.daily as { users: number }[]).at(-1)).toEqual({ start: expect.any(String), users: 2 });
    expect(body.top).toEqual([
      {
        user_id: ids['alice@example.com'],
        username: expect.any(String),
        searches: 5,
        questions: 2,
        uploads: 3,
        last_active_at: expect.any(String),
      },
      expect.objectContaining({ user_id: ids['bob@example.com'], searches: 3, questions: 1, uploads: 1 }),
    ]);
    const refused = await get(alice, 'users');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  });

  it('refuses callers without credentials', async () => {
    for (const path of ['overview', 'documents', 'search', 'questions', 'users']) {
      const reply = await get(null, path);
      expect(reply.status).toBe(401);
    }
  });

  it('takes from/to calendar days and refuses ranges it cannot resolve', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const dayRange = await get(admin, `overview?from=${today}&to=${today}`);
    expect(dayRange.body).toMatchObject({ days: 1, documents: { uploaded: 4 } });
    expect((await get(admin, 'overview?from=2020-01-01&to=2020-01-31')).body).toMatchObject({
      days: 31,
      documents: { uploaded: 0 },
      questions: { asked: 0, not_found_rate: null },
    });
    for (const [query, code] of [
      ['days=7&from=2025-01-01', 'ANALYTICS_RANGE_INVALID'],
      ['from=2025-02-01&to=2025-01-01', 'ANALYTICS_RANGE_INVALID'],
      ['from=2025-02-30&to=2025-03-01', 'ANALYTICS_RANGE_INVALID'],
      ['from=2020-01-01&to=2025-01-01', 'ANALYTICS_RANGE_INVALID'],
      ['days=0', 'VALIDATION_FAILED'],
      ['days=367', 'VALIDATION_FAILED'],
      ['from=yesterday', 'VALIDATION_FAILED'],
    ] as const) {
      const reply = await get(admin, `overview?${query}`);
      expect([query, reply.status, reply.body.code]).toEqual([query, 400, code]);
    }
  });
});
