import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startTestServer, type TestServer } from './test-server.js';

/** Who calls: a name and the headers that authenticate it (none for anonymous). */
export interface Caller {
  name: PrincipalName;
  headers: Record<string, string>;
}

/** The principals every authorization test speaks as. Keys are the owner's. */
export const PRINCIPALS = [
  'anonymous',
  'viewer',
  'editor',
  'admin',
  'owner',
  'other',
  'readKey',
  'writeKey',
  'otherCollectionKey',
] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

export const PASSWORD = 'a long enough test password';

/** What the owner has, which the others may or may not reach. */
export interface World {
  t: TestServer;
  api: string;
  callers: Record<PrincipalName, Caller>;
  userIds: Record<'admin' | 'owner' | 'editor' | 'viewer' | 'other', string>;
  /** The owner's collection shared with the viewer (viewer) and the editor (editor). */
  c1: string;
  /** The owner's other collection, the one `otherCollectionKey` is restricted to. */
  c2: string;
  /** A processed document of the owner in c1, one in c2, one in no collection (private). */
  d1: string;
  d2: string;
  dPrivate: string;
  chunkOfD1: string;
  taskOfD1: string;
  folder: string;
  chatSession: string;
  source: string;
  groupId: string;
  /** The directory under SIFT_SOURCE_ROOTS where sources may be added. */
  sourceRoot: string;
}

export interface Reply {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

/** One HTTP call as `caller`; JSON in and out (a FormData body is sent as multipart). */
export async function call(
  world: { api: string },
  caller: Caller | null,
  method: string,
  pathname: string,
  body?: unknown,
): Promise<Reply> {
  const headers: Record<string, string> = { ...(caller?.headers ?? {}) };
  let payload: FormData | string | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${world.api}${pathname}`, {
    method,
    headers,
    ...(payload ? { body: payload } : {}),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: parsed };
}

function must(reply: Reply, what: string): Record<string, unknown> {
  if (reply.status >= 400) throw new Error(`${what} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** Uploads one text file as `caller`, into `collectionId` when given; returns the document id. */
export async function upload(
  world: { api: string },
  caller: Caller,
  name: string,
  text: string,
  collectionId?: string,
): Promise<string> {
  const form = new FormData();
  if (collectionId) form.append('collection_id', collectionId);
  form.append('file', new Blob([text], { type: 'text/plain' }), name);
  const body = must(await call(world, caller, 'POST', '/documents', form), `upload ${name}`);
  return (body.items as { document_id: string }[])[0]!.document_id;
}

async function waitProcessed(world: { api: string }, caller: Caller, ids: string[]): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const docs = await Promise.all(ids.map((id) => call(world, caller, 'GET', `/documents/${id}`)));
    if (docs.every((d) => d.body.status === 'processed')) return;
    const failed = docs.find((d) => d.body.status === 'failed');
    if (failed) throw new Error(`a fixture document failed: ${JSON.stringify(failed.body)}`);
    if (Date.now() > deadline) throw new Error('fixture documents were not processed in time');
    await delay(100);
  }
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/**
 * A server with accounts on, and the world the authorization tests run in: an admin (first-run setup), an
 * owner (editor) with two collections, documents in each and a private one, a folder, a chat session, a
 * directory source and three API keys; an editor and a viewer the first collection is shared with; another
 * editor nothing is shared with; and a group. Everything is created through the API, as users would.
 */
export async function createWorld(env: Record<string, string> = {}): Promise<World> {
  const sourceRoot = await mkdtemp(path.join(tmpdir(), 'sift-sources-'));
  await mkdir(path.join(sourceRoot, 'c1'), { recursive: true });
  const t = await startTestServer({
    startWorkers: true,
    env: {
      SIFT_AUTH: 'on',
      SIFT_QUEUE_POLL_MS: '50',
      SIFT_EMBEDDER: 'none',
      SIFT_SOURCE_ROOTS: sourceRoot,
      ...env,
    },
  });
  const world = { api: `${t.url}/api/v1` };
  const setup = must(
    await call(world, null, 'POST', '/auth/setup', { email: 'admin@example.com', password: PASSWORD }),
    'setup',
  );
  const admin: Caller = { name: 'admin', headers: bearer(setup.access_token as string) };
  const userIds = { admin: (setup.user as { id: string }).id } as World['userIds'];
  const sessions: Partial<Record<PrincipalName, Caller>> = { admin };
  for (const [name, role] of [
    ['owner', 'editor'],
    ['editor', 'editor'],
    ['viewer', 'viewer'],
    ['other', 'editor'],
  ] as const) {
    const email = `${name}@example.com`;
    const user = must(
      await call(world, admin, 'POST', '/users', { email, role, password: PASSWORD }),
      `create ${name}`,
    );
    userIds[name] = user.id as string;
    const login = must(
      await call(world, null, 'POST', '/auth/login', { email, password: PASSWORD }),
      `login ${name}`,
    );
    sessions[name] = { name, headers: bearer(login.access_token as string) };
  }
  const owner = sessions.owner!;
  const collection = async (name: string) =>
    must(await call(world, owner, 'POST', '/collections', { name }), `collection ${name}`).id as string;
  const c1 = await collection('shared');
  const c2 = await collection('second');
  for (const [name, role] of [
    ['viewer', 'viewer'],
    ['editor', 'editor'],
  ] as const) {
    must(
      await call(world, owner, 'PUT', `/collections/${c1}/shares`, {
        principal_type: 'user',
        principal_id: userIds[name],
        role,
      }),
      `share with ${name}`,
    );
  }
  const d1 = await upload(world, owner, 'd1.txt', 'Honey bees pollinate almond orchards in the spring.', c1);
  const d2 = await upload(world, owner, 'd2.txt', 'Honey bees overwinter as a cluster inside the hive.', c2);
  const dPrivate = await upload(
    world,
    owner,
    'private.txt',
    'Honey bees in my private notes about the garden.',
  );
  await waitProcessed(world, owner, [d1, d2, dPrivate]);
  const key = async (name: string, scopes: string[], collectionIds: string[] | null = null) => {
    const created = must(
      await call(world, owner, 'POST', '/api-keys', { name, scopes, collection_ids: collectionIds }),
      `key ${name}`,
    );
    return bearer(created.key as string);
  };
  const chunks = must(await call(world, owner, 'GET', `/documents/${d1}/chunks`), 'chunks').items as {
    id: string;
  }[];
  const d1Body = must(await call(world, owner, 'GET', `/documents/${d1}`), 'd1');
  const folder = must(await call(world, owner, 'POST', '/folders', { name: 'mine' }), 'folder').id as string;
  const chat = must(await call(world, owner, 'POST', '/chat/sessions', { title: 'bees' }), 'chat')
    .id as string;
  const source = must(
    await call(world, owner, 'POST', `/collections/${c1}/sources`, { path: path.join(sourceRoot, 'c1') }),
    'source',
  ).source as { id: string };
  const group = must(await call(world, admin, 'POST', '/groups', { name: 'beekeepers' }), 'group');
  return {
    t,
    api: world.api,
    callers: {
      anonymous: { name: 'anonymous', headers: {} },
      viewer: sessions.viewer!,
      editor: sessions.editor!,
      admin,
      owner,
      other: sessions.other!,
      readKey: { name: 'readKey', headers: await key('read', ['read']) },
      writeKey: { name: 'writeKey', headers: await key('write', ['read', 'write']) },
      otherCollectionKey: {
        name: 'otherCollectionKey',
        headers: await key('c2 only', ['read', 'write'], [c2]),
      },
    },
    userIds,
    c1,
    c2,
    d1,
    d2,
    dPrivate,
    chunkOfD1: chunks[0]!.id,
    taskOfD1: d1Body.task_id as string,
    folder,
    chatSession: chat,
    source: source.id,
    groupId: group.id as string,
    sourceRoot,
  };
}
