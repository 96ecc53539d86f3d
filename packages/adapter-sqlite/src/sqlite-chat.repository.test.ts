import { LOCAL_USER_ID, type ChatMessage, type Citation } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');

const CITATION: Citation = {
  n: 1,
  documentId: 'doc-1',
  title: 'Pollination',
  filename: 'bees.md',
  chunkId: 'chunk-1',
  pageFrom: 2,
  pageTo: 3,
  startChar: 13,
  endChar: 77,
  quote: 'Honey bees pollinate almond orchards in California every spring — “always”.',
};

function question(sessionId: string, content: string): Omit<ChatMessage, 'id' | 'createdAt'> {
  return {
    sessionId,
    role: 'user',
    content,
    citations: [],
    mode: null,
    model: null,
    usage: null,
    timings: null,
  };
}

function answer(sessionId: string, content: string): Omit<ChatMessage, 'id' | 'createdAt'> {
  return {
    sessionId,
    role: 'assistant',
    content,
    citations: [CITATION],
    mode: 'llm',
    model: 'fake-model',
    usage: { promptTokens: 120, completionTokens: 9 },
    timings: { retrievalMs: 12.5, generationMs: 80.1, totalMs: 92.6, firstTokenMs: 30.2 },
  };
}

/** Chat sessions and messages on a real SQLite file (migration 005). */
describe('SqliteChatRepository', () => {
  let temp: TempDatabase;
  let store: SqliteMetadataStore;
  const count = (sql: string, ...params: unknown[]) =>
    (temp.db.prepare(sql).get(...params) as { n: number }).n;
  const at = (ms: number) => vi.setSystemTime(ms);

  beforeEach(async () => {
    // Only Date is faked: timestamps are what the ordering of sessions is about.
    vi.useFakeTimers({ toFake: ['Date'] });
    at(T0);
    temp = createTempDatabase();
    store = new SqliteMetadataStore(temp.db);
    await store.ensureLocalUser();
  });

  afterEach(() => {
    vi.useRealTimers();
    temp.cleanup();
  });

  it('creates a session with its scope and reads it back', async () => {
    const scope = { collections: ['garden'], tags: ['bees', 'ünïcode'], uploadedFrom: '2024-01-01' };
    const created = await store.chats.createSession({ ownerId: LOCAL_USER_ID, title: 'Orchards', scope });
    expect(created).toEqual({
      id: expect.any(String),
      ownerId: LOCAL_USER_ID,
      title: 'Orchards',
      scope,
      createdAt: '2025-03-01T10:00:00.000Z',
      updatedAt: '2025-03-01T10:00:00.000Z',
    });
    expect(await store.chats.getSession(created.id)).toEqual(created);
    expect(await store.chats.getSession('no-such-session')).toBeNull();
  });

  it('refuses a session for a user that does not exist', async () => {
    await expect(
      store.chats.createSession({ ownerId: 'ghost', title: 'x', scope: {} }),
    ).rejects.toMatchObject({ code: 'USER_NOT_FOUND', category: 'not_found', details: { ownerId: 'ghost' } });
    expect(count('SELECT count(*) AS n FROM chat_sessions')).toBe(0);
  });

  it('appends messages in order with citations, usage and timings, and touches the session', async () => {
    const session = await store.chats.createSession({ ownerId: LOCAL_USER_ID, title: 'New chat', scope: {} });
    at(T0 + 1000);
    const asked = await store.chats.addMessage(question(session.id, 'Who pollinates almonds?'));
    const answered = await store.chats.addMessage(answer(session.id, 'Bees do [1].'));
    expect(asked).toMatchObject({ role: 'user', citations: [], mode: null, usage: null, timings: null });
    expect(answered).toEqual({
      ...answer(session.id, 'Bees do [1].'),
      id: expect.any(String),
      createdAt: '2025-03-01T10:00:01.000Z',
    });
    // Same millisecond, still in the order they were added.
    expect(await store.chats.listMessages(session.id)).toEqual([asked, answered]);
    expect((await store.chats.getSession(session.id))!.updatedAt).toBe('2025-03-01T10:00:01.000Z');
  });

  it('keeps a usage with one count unknown, and none when both are', async () => {
    const session = await store.chats.createSession({ ownerId: LOCAL_USER_ID, title: 't', scope: {} });
    const partial = await store.chats.addMessage({
      ...answer(session.id, 'a'),
      usage: { promptTokens: null, completionTokens: 7 },
    });
    const none = await store.chats.addMessage({
      ...answer(session.id, 'b'),
      usage: { promptTokens: null, completionTokens: null },
    });
    const [p, n] = await store.chats.listMessages(session.id);
    expect(p!.usage).toEqual({ promptTokens: null, completionTokens: 7 });
    expect(n!.usage).toBeNull();
    expect([p!.id, n!.id]).toEqual([partial.id, none.id]);
  });

  it('lists the newest messages oldest first for the context of a follow-up', async () => {
    const session = await store.chats.createSession({ ownerId: LOCAL_USER_ID, title: 't', scope: {} });
    for (let i = 1; i <= 5; i++) await store.chats.addMessage(question(session.id, `q${i}`));
    const last = await store.chats.listMessages(session.id, { last: 2 });
    expect(last.map((m) => m.content)).toEqual(['q4', 'q5']);
    expect((await store.chats.listMessages(session.id, { last: 10 })).map((m) => m.content)).toEqual([
      'q1',
      'q2',
      'q3',
      'q4',
      'q5',
    ]);
    expect(await store.chats.listMessages(session.id, { last: 0 })).toEqual([]);
    expect(await store.chats.listMessages('no-such-session')).toEqual([]);
  });

  it('refuses a message for a missing session and writes nothing', async () => {
    await expect(store.chats.addMessage(question('gone', 'hello?'))).rejects.toMatchObject({
      code: 'CHAT_SESSION_NOT_FOUND',
      category: 'not_found',
      details: { sessionId: 'gone' },
    });
    expect(count('SELECT count(*) AS n FROM chat_messages')).toBe(0);
  });

  it("lists an owner's sessions by latest activity, up to the limit", async () => {
    temp.db
      .prepare(
        `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
         VALUES ('other', 'o@x.test', 'other', 'Other', 0, 0)`,
      )
      .run();
    const first = await store.chats.createSession({ ownerId: LOCAL_USER_ID, title: 'first', scope: {} });
    at(T0 + 10);
    await store.chats.createSession({ ownerId: LOCAL_USER_ID, title: 'second', scope: {} });
    at(T0 + 20);
    await store.chats.createSession({ ownerId: 'other', title: 'theirs', scope: {} });
    const titles = async (options?: { limit?: number }) =>
      (await store.chats.listSessions(LOCAL_USER_ID, options)).map((s) => s.title);
    expect(await titles()).toEqual(['second', 'first']);
    // A new message brings the older session to the top.
    at(T0 + 30);
    await store.chats.addMessage(question(first.id, 'again'));
    expect(await titles()).toEqual(['first', 'second']);
    expect(await titles({ limit: 1 })).toEqual(['first']);
    expect((await store.chats.listSessions('other')).map((s) => s.title)).toEqual(['theirs']);
    expect(await store.chats.listSessions('nobody')).toEqual([]);
  });

  it('renames a session', async () => {
    const session = await store.chats.createSession({ ownerId: LOCAL_USER_ID, title: 'New chat', scope: {} });
    await store.chats.renameSession(session.id, 'Who pollinates almonds?');
    expect((await store.chats.getSession(session.id))!.title).toBe('Who pollinates almonds?');
  });

  it('deletes a session with its messages, once', async () => {
    const keep = await store.chats.createSession({ ownerId: LOCAL_USER_ID, title: 'keep', scope: {} });
    const drop = await store.chats.createSession({ ownerId: LOCAL_USER_ID, title: 'drop', scope: {} });
    await store.chats.addMessage(question(keep.id, 'k'));
    await store.chats.addMessage(question(drop.id, 'd'));
    await store.chats.addMessage(answer(drop.id, 'd [1]'));
    expect(await store.chats.deleteSession(drop.id)).toBe(true);
    expect(await store.chats.getSession(drop.id)).toBeNull();
    expect(count('SELECT count(*) AS n FROM chat_messages WHERE session_id = ?', drop.id)).toBe(0);
    expect(await store.chats.listMessages(keep.id)).toHaveLength(1);
    expect(await store.chats.deleteSession(drop.id)).toBe(false);
  });

  it("deletes a user's sessions with the user", async () => {
    temp.db
      .prepare(
        `INSERT INTO users (id, email, username, display_name, created_at, updated_at)
         VALUES ('leaver', 'l@x.test', 'leaver', 'Leaver', 0, 0)`,
      )
      .run();
    const session = await store.chats.createSession({ ownerId: 'leaver', title: 't', scope: {} });
    await store.chats.addMessage(question(session.id, 'q'));
    temp.db.prepare(`DELETE FROM users WHERE id = 'leaver'`).run();
    expect(await store.chats.getSession(session.id)).toBeNull();
    expect(count('SELECT count(*) AS n FROM chat_messages')).toBe(0);
  });
});
