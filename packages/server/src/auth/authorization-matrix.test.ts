import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createWorld,
  PASSWORD,
  upload,
  type Caller,
  type Reply,
  type World,
} from '../testing/principals.js';
import { callLiveEvents, openWs } from '../testing/live-events.js';
import { EXPECTED, ORDER } from './authorization-matrix.table.js';

/** A request of one operation: the path with its parameters filled in, and a body. */
interface Request {
  path: string;
  body?: unknown;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

/** Asks for a backup as `admin` and waits until its archive is written; resolves to its id. */
async function completedBackup(w: World, admin: Caller): Promise<string> {
  const id = (await call(w, admin, 'POST', '/admin/backups')).body.backup_id as string;
  for (let i = 0; i < 600; i += 1) {
    const items = (await call(w, admin, 'GET', '/admin/backups')).body.items as {
      id: string;
      status: string;
    }[];
    if (items.some((b) => b.id === id && b.status === 'completed')) return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`backup ${id} did not complete`);
}

// A public address literal: registration checks it without DNS, and nothing here ever answers it.
const HOOK_URL = 'http://93.184.216.34/sift-hook';

/** A webhook of `owner`'s; resolves to its id. */
async function ownersWebhook(w: World, owner: Caller): Promise<string> {
  const reply = await call(w, owner, 'POST', '/webhooks', { url: HOOK_URL, events: ['document.processed'] });
  return reply.body.id as string;
}

/**
 * How to call each operation. Reads and harmless writes aim at the owner's standing things; deletes (and
 * other changes that would disturb later calls) get a fresh thing of the owner's per call.
 */
function requests(w: World): Record<string, (caller: Caller) => Promise<Request>> {
  const owner = w.callers.owner;
  const admin = w.callers.admin;
  let backup: Promise<string> | undefined;
  let webhook: Promise<string> | undefined;
  let delivery: Promise<{ hook: string; id: string }> | undefined;
  const hook = () => (webhook ??= ownersWebhook(w, owner));
  const ping = () =>
    (delivery ??= (async () => {
      const id = await hook();
      return { hook: id, id: (await call(w, owner, 'POST', `/webhooks/${id}/test`)).body.id as string };
    })());
  const fresh = {
    document: async () => upload(w, owner, `${unique('doc')}.txt`, 'A throwaway note.', w.c1),
    collection: async () =>
      (await call(w, owner, 'POST', '/collections', { name: unique('throwaway') })).body.id as string,
    folder: async () =>
      (await call(w, owner, 'POST', '/folders', { name: unique('folder') })).body.id as string,
    chat: async () =>
      (await call(w, owner, 'POST', '/chat/sessions', { title: 'throwaway' })).body.id as string,
    user: async () =>
      (
        await call(w, admin, 'POST', '/users', {
          email: `${unique('reset')}@example.com`,
          role: 'viewer',
          password: PASSWORD,
        })
      ).body.id as string,
    group: async () => (await call(w, admin, 'POST', '/groups', { name: unique('group') })).body.id as string,
    key: async () =>
      (await call(w, owner, 'POST', '/api-keys', { name: unique('key'), scopes: ['read'] })).body
        .id as string,
    source: async () => {
      const dir = path.join(w.sourceRoot, unique('dir'));
      await mkdir(dir);
      const reply = await call(w, owner, 'POST', `/collections/${w.c1}/sources`, { path: dir });
      return (reply.body.source as { id: string }).id;
    },
    refreshToken: async () =>
      (await call(w, null, 'POST', '/auth/login', { email: 'owner@example.com', password: PASSWORD })).body
        .refresh_token,
    uploadForm: () => {
      const form = new FormData();
      form.append('collection_id', w.c1);
      form.append('file', new Blob(['An uploaded note.'], { type: 'text/plain' }), `${unique('up')}.txt`);
      return form;
    },
  };
  const on = (p: string, body?: unknown) => async (): Promise<Request> => ({
    path: p,
    ...(body !== undefined ? { body } : {}),
  });
  return {
    'GET /api/v1/auth/status': on('/auth/status'),
    'POST /api/v1/auth/setup': on('/auth/setup', { email: 'late@example.com', password: PASSWORD }),
    'POST /api/v1/auth/login': on('/auth/login', { email: 'owner@example.com', password: PASSWORD }),
    'POST /api/v1/auth/refresh': async () => ({
      path: '/auth/refresh',
      body: { refresh_token: await fresh.refreshToken() },
    }),
    // Signing out must not end the sessions the other calls use: a fresh sign-in of the caller's own.
    'POST /api/v1/auth/logout': on('/auth/logout'),
    'GET /api/v1/auth/me': on('/auth/me'),
    'POST /api/v1/auth/password': on('/auth/password', {
      current_password: 'not the password',
      new_password: `${PASSWORD} 2`,
    }),
    'GET /api/v1/auth/oidc/login': on('/auth/oidc/login'),
    'GET /api/v1/auth/oidc/callback': on('/auth/oidc/callback?code=x&state=y'),
    'GET /api/v1/users': on('/users'),
    'POST /api/v1/users': async () => ({
      path: '/users',
      body: { email: `${unique('u')}@example.com`, role: 'viewer', password: PASSWORD },
    }),
    'GET /api/v1/users/{id}': on(`/users/${w.userIds.owner}`),
    'PATCH /api/v1/users/{id}': on(`/users/${w.userIds.owner}`, { display_name: 'Owner' }),
    // A fresh account's: resetting ends its sessions, which must not be the ones the matrix signs in with.
    'POST /api/v1/users/{id}/password': async () => ({
      path: `/users/${await fresh.user()}/password`,
      body: { new_password: 'a fresh passphrase nobody guesses' },
    }),
    'GET /api/v1/groups': on('/groups'),
    'POST /api/v1/groups': async () => ({ path: '/groups', body: { name: unique('g') } }),
    'PATCH /api/v1/groups/{id}': async () => ({
      path: `/groups/${await fresh.group()}`,
      body: { name: unique('renamed') },
    }),
    'DELETE /api/v1/groups/{id}': async () => ({ path: `/groups/${await fresh.group()}` }),
    'GET /api/v1/api-keys': on('/api-keys'),
    'POST /api/v1/api-keys': async () => ({
      path: '/api-keys',
      body: { name: unique('k'), scopes: ['read'] },
    }),
    'DELETE /api/v1/api-keys/{id}': async () => ({ path: `/api-keys/${await fresh.key()}` }),
    'GET /api/v1/audit': on('/audit'),
    // An endless stream: the matrix opens it, reads its first bytes and closes it (see callLiveEvents).
    'GET /api/v1/events': on('/events'),
    'GET /api/v1/system/status': on('/system/status'),
    'GET /api/v1/system/limits': on('/system/limits'),
    // No switch is pending in this world: the overrides answer 409 to whoever gets past authorization.
    'GET /api/v1/system/embeddings': on('/system/embeddings'),
    'POST /api/v1/system/embeddings/swap': on('/system/embeddings/swap'),
    'POST /api/v1/system/embeddings/discard': on('/system/embeddings/discard'),
    'POST /api/v1/system/embeddings/recheck': on('/system/embeddings/recheck'),
    'PUT /api/v1/system/embeddings/hybrid-alpha': on('/system/embeddings/hybrid-alpha', { alpha: 0.2 }),
    'GET /api/v1/stats': on('/stats?range=7d'),
    'GET /api/v1/analytics/overview': on('/analytics/overview?days=7'),
    'GET /api/v1/analytics/documents': on('/analytics/documents?days=7'),
    'GET /api/v1/analytics/search': on('/analytics/search?days=7'),
    'GET /api/v1/analytics/questions': on('/analytics/questions?days=7'),
    'GET /api/v1/analytics/users': on('/analytics/users?days=7'),
    'POST /api/v1/admin/backups': on('/admin/backups'),
    'GET /api/v1/admin/backups': on('/admin/backups'),
    // One completed backup of the world, made by the admin the first time it is needed.
    'GET /api/v1/admin/backups/{id}/archive': async () => ({
      path: `/admin/backups/${await (backup ??= completedBackup(w, admin))}/archive`,
    }),
    'GET /api/v1/notifications': on('/notifications'),
    // The owner's notification of its processed documents (made while the world was set up).
    'POST /api/v1/notifications/{id}/read': async () => {
      const items = (await call(w, owner, 'GET', '/notifications')).body.items as { id: string }[];
      if (!items[0]) throw new Error('the owner has no notification');
      return { path: `/notifications/${items[0].id}/read` };
    },
    'POST /api/v1/notifications/read-all': on('/notifications/read-all'),
    'GET /api/v1/webhooks': on('/webhooks'),
    'POST /api/v1/webhooks': on('/webhooks', { url: HOOK_URL, events: ['document.failed'] }),
    'GET /api/v1/webhooks/{id}': async () => ({ path: `/webhooks/${await hook()}` }),
    'PATCH /api/v1/webhooks/{id}': async () => ({
      path: `/webhooks/${await hook()}`,
      body: { description: unique('hook') },
    }),
    'DELETE /api/v1/webhooks/{id}': async () => ({ path: `/webhooks/${await ownersWebhook(w, owner)}` }),
    'GET /api/v1/webhooks/{id}/deliveries': async () => ({ path: `/webhooks/${await hook()}/deliveries` }),
    'POST /api/v1/webhooks/{id}/test': async () => ({ path: `/webhooks/${await hook()}/test` }),
    'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': async () => {
      const { hook: id, id: deliveryId } = await ping();
      return { path: `/webhooks/${id}/deliveries/${deliveryId}/redeliver` };
    },
    'POST /api/v1/collections': async () => ({ path: '/collections', body: { name: unique('c') } }),
    'GET /api/v1/collections': on('/collections'),
    'GET /api/v1/collections/{id}': on(`/collections/${w.c1}`),
    'PATCH /api/v1/collections/{id}': on(`/collections/${w.c1}`, { description: 'shared notes' }),
    'DELETE /api/v1/collections/{id}': async () => ({ path: `/collections/${await fresh.collection()}` }),
    'GET /api/v1/collections/{id}/shares': on(`/collections/${w.c1}/shares`),
    'PUT /api/v1/collections/{id}/shares': on(`/collections/${w.c1}/shares`, {
      principal_type: 'group',
      principal_id: w.groupId,
      role: 'viewer',
    }),
    'DELETE /api/v1/collections/{id}/shares/{principal_type}/{principal_id}': async () => {
      const c = await fresh.collection();
      await call(w, owner, 'PUT', `/collections/${c}/shares`, {
        principal_type: 'group',
        principal_id: w.groupId,
        role: 'viewer',
      });
      return { path: `/collections/${c}/shares/group/${w.groupId}` };
    },
    'POST /api/v1/collections/{id}/sources': async () => {
      const dir = path.join(w.sourceRoot, unique('dir'));
      await mkdir(dir);
      return { path: `/collections/${w.c1}/sources`, body: { path: dir } };
    },
    'GET /api/v1/collections/{id}/sources': on(`/collections/${w.c1}/sources`),
    'POST /api/v1/sources/{id}/scan': on(`/sources/${w.source}/scan`),
    'DELETE /api/v1/sources/{id}': async () => ({ path: `/sources/${await fresh.source()}` }),
    'POST /api/v1/documents': async () => ({ path: '/documents', body: fresh.uploadForm() }),
    'GET /api/v1/documents': on('/documents'),
    'GET /api/v1/documents/{id}': on(`/documents/${w.d1}`),
    'PATCH /api/v1/documents/{id}': on(`/documents/${w.d1}`, { tags: ['bees'] }),
    'DELETE /api/v1/documents/{id}': async () => ({ path: `/documents/${await fresh.document()}` }),
    'GET /api/v1/documents/{id}/file': on(`/documents/${w.d1}/file`),
    'GET /api/v1/documents/{id}/text': on(`/documents/${w.d1}/text`),
    'GET /api/v1/documents/{id}/chunks': on(`/documents/${w.d1}/chunks`),
    // Reprocessing d1 would give it new chunks while other rows read them.
    'POST /api/v1/documents/{id}/reprocess': async () => ({
      path: `/documents/${await fresh.document()}/reprocess`,
    }),
    'GET /api/v1/documents/{id}/similar': on(`/documents/${w.d1}/similar`),
    'GET /api/v1/chunks/{id}/context': on(`/chunks/${w.chunkOfD1}/context`),
    'GET /api/v1/tasks': on('/tasks'),
    'GET /api/v1/tasks/{id}': on(`/tasks/${w.taskOfD1}`),
    'POST /api/v1/tasks/{id}/cancel': on(`/tasks/${w.taskOfD1}/cancel`),
    'POST /api/v1/tasks/{id}/retry': on(`/tasks/${w.taskOfD1}/retry`),
    'POST /api/v1/folders': async () => ({ path: '/folders', body: { name: unique('f') } }),
    'GET /api/v1/folders': on('/folders'),
    'GET /api/v1/folders/tree': on('/folders/tree'),
    'GET /api/v1/folders/{id}': on(`/folders/${w.folder}`),
    'PATCH /api/v1/folders/{id}': async () => ({
      path: `/folders/${await fresh.folder()}`,
      body: { name: unique('renamed') },
    }),
    'DELETE /api/v1/folders/{id}': async () => ({ path: `/folders/${await fresh.folder()}` }),
    'POST /api/v1/search': on('/search', { query: 'honey bees' }),
    'GET /api/v1/search/queries': on('/search/queries'),
    'POST /api/v1/ask': on('/ask', { question: 'What do honey bees do?' }),
    'POST /api/v1/chat/sessions': on('/chat/sessions', { title: 'mine' }),
    'GET /api/v1/chat/sessions': on('/chat/sessions'),
    'GET /api/v1/chat/sessions/{id}': on(`/chat/sessions/${w.chatSession}`),
    'PATCH /api/v1/chat/sessions/{id}': on(`/chat/sessions/${w.chatSession}`, { title: 'renamed' }),
    'DELETE /api/v1/chat/sessions/{id}': async () => ({ path: `/chat/sessions/${await fresh.chat()}` }),
    'POST /api/v1/chat/sessions/{id}/messages': on(`/chat/sessions/${w.chatSession}/messages`, {
      content: 'What do bees do?',
    }),
  };
}

/** The live events: an endless stream, over server-sent events or a WebSocket. */
const LIVE = 'GET /api/v1/events';

/** The operations that answer as a stream of server-sent events when asked to. */
const STREAMED = ['POST /api/v1/ask', 'POST /api/v1/chat/sessions/{id}/messages'] as const;

/** Past authorization: anything but 401, 403 and the 404 of a thing hidden from the caller. */
function allowed(reply: Reply): boolean {
  if (reply.status === 401 || reply.status === 403) return false;
  return !(reply.status === 404 && reply.body.code !== 'SSO_NOT_CONFIGURED');
}

/**
 * The authorization matrix: every operation of the OpenAPI document, called as every principal, compared with
 * one expectations table. An operation without a row fails, so no route ships unguarded.
 */
describe('authorization matrix', { timeout: 600_000 }, () => {
  let world: World;
  let operations: { key: string; method: string; permission: string | undefined }[] = [];
  beforeAll(async () => {
    world = await createWorld();
    const doc = (await (await fetch(`${world.t.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { 'x-permission'?: string }>>;
    };
    operations = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/v1/'))
      .flatMap(([p, ops]) =>
        Object.entries(ops).map(([method, op]) => ({
          key: `${method.toUpperCase()} ${p}`,
          method: method.toUpperCase(),
          permission: op['x-permission'],
        })),
      );
  }, 180_000);
  afterAll(() => world?.t.close());

  it('guards the streamed answers (server-sent events) as their JSON operations', async () => {
    const build = requests(world);
    const mismatches: string[] = [];
    for (const key of STREAMED) {
      for (const [i, name] of ORDER.entries()) {
        const caller = world.callers[name];
        const streaming = { name, headers: { ...caller.headers, accept: 'text/event-stream' } };
        const request = await build[key]!(caller);
        const reply = await call(world, streaming, key.split(' ')[0]!, request.path, request.body);
        const got = allowed(reply) ? 'A' : 'D';
        if (got !== EXPECTED[key]![i]) mismatches.push(`${key} (stream) as ${name}: got ${reply.status}`);
        if (got === 'A') expect(reply.contentType).toMatch(/^text\/event-stream/u);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('guards the live events over a WebSocket as over server-sent events', async () => {
    const mismatches: string[] = [];
    for (const [i, name] of ORDER.entries()) {
      const ws = await openWs(world.api, world.callers[name].headers);
      const got = ws.status === 101 ? 'A' : 'D';
      if (got === 'A') await ws.waitFor((m) => m.type === 'ready', 10_000);
      await ws.close();
      if (got !== EXPECTED[LIVE]![i]) mismatches.push(`${LIVE} (WebSocket) as ${name}: got ${ws.status}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('lists every operation with its permission, and has an expectation for each', () => {
    expect(operations.length).toBeGreaterThan(60);
    expect(operations.filter((o) => !o.permission).map((o) => o.key)).toEqual([]);
    expect(operations.filter((o) => !(o.key in EXPECTED)).map((o) => o.key)).toEqual([]);
  });

  it('answers every operation as the table says, for every principal', async () => {
    const build = requests(world);
    const mismatches: string[] = [];
    let calls = 0;
    for (const op of operations) {
      const expected = EXPECTED[op.key];
      const builder = build[op.key];
      if (!expected || !builder) {
        mismatches.push(`${op.key}: no expectation or no request builder`);
        continue;
      }
      for (const [i, name] of ORDER.entries()) {
        let caller = world.callers[name];
        if (
          op.key === 'POST /api/v1/auth/logout' &&
          caller.headers.authorization &&
          !caller.headers.authorization.includes('sift_')
        ) {
          // Its own throwaway sign-in, so the caller's standing session survives.
          const email = name === 'admin' ? 'admin@example.com' : `${name}@example.com`;
          const login = await call(world, null, 'POST', '/auth/login', { email, password: PASSWORD });
          caller = { name, headers: { authorization: `Bearer ${login.body.access_token as string}` } };
        }
        const request = await builder(caller);
        const reply =
          op.key === LIVE
            ? await callLiveEvents(world.api, caller.headers)
            : await call(world, caller, op.method, request.path, request.body);
        calls += 1;
        const got = allowed(reply) ? 'A' : 'D';
        if (got !== expected[i]) {
          mismatches.push(
            `${op.key} as ${name}: expected ${expected[i]}, got ${reply.status} ${String(reply.body.code ?? '')}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    // Operations × principals, for the record.
    expect(calls).toBe(operations.length * ORDER.length);
    console.log(
      `authorization matrix: ${operations.length} operations × ${ORDER.length} principals = ${calls} calls`,
    );
  });
});
