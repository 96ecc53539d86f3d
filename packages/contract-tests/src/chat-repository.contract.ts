import { LOCAL_USER_ID, type ChatMessage, type Citation } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshHandlePerTest, type ChatRepositoryFactory } from './identity-store.fixture.js';

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

/**
 * The behaviour every ChatRepository adapter must have: sessions with their scope, ordered by latest activity;
 * messages in the order they were added with citations, usage and timings; sessions going with their owner.
 * Each test gets a fresh store from `factory` with the local user in it, and `Date` faked (timestamps order the
 * sessions):
 *
 * ```ts
 * describeChatRepository('sqlite', async () => ({ chats: store.chats, addUser, deleteUser, cleanup }));
 * ```
 */
export function describeChatRepository(name: string, factory: ChatRepositoryFactory): void {
  describe(`ChatRepository contract: ${name}`, () => {
    const at = (ms: number) => vi.setSystemTime(ms);
    beforeEach(() => {
      // Only Date is faked: drivers keep their real timers.
      vi.useFakeTimers({ toFake: ['Date'] });
      at(T0);
    });
    afterEach(() => {
      vi.useRealTimers();
    });
    const handle = freshHandlePerTest(async () => {
      const opened = await factory();
      await opened.addUser(LOCAL_USER_ID);
      return opened;
    });
    const chats = () => handle().chats;

    it('creates a session with its scope and reads it back', async () => {
      const scope = { collections: ['garden'], tags: ['bees', 'ünïcode'], uploadedFrom: '2024-01-01' };
      const created = await chats().createSession({ ownerId: LOCAL_USER_ID, title: 'Orchards', scope });
      expect(created).toEqual({
        id: expect.any(String),
        ownerId: LOCAL_USER_ID,
        title: 'Orchards',
        scope,
        createdAt: '2025-03-01T10:00:00.000Z',
        updatedAt: '2025-03-01T10:00:00.000Z',
      });
      expect(await chats().getSession(created.id)).toEqual(created);
      expect(await chats().getSession('no-such-session')).toBeNull();
    });

    it('refuses a session for a user that does not exist', async () => {
      await expect(chats().createSession({ ownerId: 'ghost', title: 'x', scope: {} })).rejects.toMatchObject({
        code: 'USER_NOT_FOUND',
        category: 'not_found',
        details: { ownerId: 'ghost' },
      });
      // Nothing was written: the user, once it exists, has no session.
      await handle().addUser('ghost');
      expect(await chats().listSessions('ghost')).toEqual([]);
    });

    it('appends messages in order with citations, usage and timings, and touches the session', async () => {
      const session = await chats().createSession({ ownerId: LOCAL_USER_ID, title: 'New chat', scope: {} });
      at(T0 + 1000);
      const asked = await chats().addMessage(question(session.id, 'Who pollinates almonds?'));
      const answered = await chats().addMessage(answer(session.id, 'Bees do [1].'));
      expect(asked).toMatchObject({ role: 'user', citations: [], mode: null, usage: null, timings: null });
      expect(answered).toEqual({
        ...answer(session.id, 'Bees do [1].'),
        id: expect.any(String),
        createdAt: '2025-03-01T10:00:01.000Z',
      });
      // Same millisecond, still in the order they were added.
      expect(await chats().listMessages(session.id)).toEqual([asked, answered]);
      expect((await chats().getSession(session.id))!.updatedAt).toBe('2025-03-01T10:00:01.000Z');
    });

    it('keeps a usage with one count unknown, and none when both are', async () => {
      const session = await chats().createSession({ ownerId: LOCAL_USER_ID, title: 't', scope: {} });
      const partial = await chats().addMessage({
        ...answer(session.id, 'a'),
        usage: { promptTokens: null, completionTokens: 7 },
      });
      const none = await chats().addMessage({
        ...answer(session.id, 'b'),
        usage: { promptTokens: null, completionTokens: null },
      });
      const [p, n] = await chats().listMessages(session.id);
      expect(p!.usage).toEqual({ promptTokens: null, completionTokens: 7 });
      expect(n!.usage).toBeNull();
      expect([p!.id, n!.id]).toEqual([partial.id, none.id]);
    });

    it('lists the newest messages oldest first for the context of a follow-up', async () => {
      const session = await chats().createSession({ ownerId: LOCAL_USER_ID, title: 't', scope: {} });
      for (let i = 1; i <= 5; i++) await chats().addMessage(question(session.id, `q${i}`));
      const last = await chats().listMessages(session.id, { last: 2 });
      expect(last.map((m) => m.content)).toEqual(['q4', 'q5']);
      expect((await chats().listMessages(session.id, { last: 10 })).map((m) => m.content)).toEqual([
        'q1',
        'q2',
        'q3',
        'q4',
        'q5',
      ]);
      expect(await chats().listMessages(session.id, { last: 0 })).toEqual([]);
      expect(await chats().listMessages('no-such-session')).toEqual([]);
    });

    it('refuses a message for a missing session and writes nothing', async () => {
      await expect(chats().addMessage(question('gone', 'hello?'))).rejects.toMatchObject({
        code: 'CHAT_SESSION_NOT_FOUND',
        category: 'not_found',
        details: { sessionId: 'gone' },
      });
      expect(await chats().listMessages('gone')).toEqual([]);
    });

    it("lists an owner's sessions by latest activity, up to the limit", async () => {
      await handle().addUser('other');
      const first = await chats().createSession({ ownerId: LOCAL_USER_ID, title: 'first', scope: {} });
      at(T0 + 10);
      await chats().createSession({ ownerId: LOCAL_USER_ID, title: 'second', scope: {} });
      at(T0 + 20);
      await chats().createSession({ ownerId: 'other', title: 'theirs', scope: {} });
      const titles = async (options?: { limit?: number }) =>
        (await chats().listSessions(LOCAL_USER_ID, options)).map((s) => s.title);
      expect(await titles()).toEqual(['second', 'first']);
      // A new message brings the older session to the top.
      at(T0 + 30);
      await chats().addMessage(question(first.id, 'again'));
      expect(await titles()).toEqual(['first', 'second']);
      expect(await titles({ limit: 1 })).toEqual(['first']);
      expect((await chats().listSessions('other')).map((s) => s.title)).toEqual(['theirs']);
      expect(await chats().listSessions('nobody')).toEqual([]);
    });

    it('renames a session', async () => {
      const session = await chats().createSession({ ownerId: LOCAL_USER_ID, title: 'New chat', scope: {} });
      await chats().renameSession(session.id, 'Who pollinates almonds?');
      expect((await chats().getSession(session.id))!.title).toBe('Who pollinates almonds?');
    });

    it('deletes a session with its messages, once', async () => {
      const keep = await chats().createSession({ ownerId: LOCAL_USER_ID, title: 'keep', scope: {} });
      const drop = await chats().createSession({ ownerId: LOCAL_USER_ID, title: 'drop', scope: {} });
      await chats().addMessage(question(keep.id, 'k'));
      await chats().addMessage(question(drop.id, 'd'));
      await chats().addMessage(answer(drop.id, 'd [1]'));
      expect(await chats().deleteSession(drop.id)).toBe(true);
      expect(await chats().getSession(drop.id)).toBeNull();
      expect(await chats().listMessages(drop.id)).toEqual([]);
      expect(await chats().listMessages(keep.id)).toHaveLength(1);
      expect(await chats().deleteSession(drop.id)).toBe(false);
    });

    it("deletes a user's sessions with the user", async () => {
      await handle().addUser('leaver');
      const session = await chats().createSession({ ownerId: 'leaver', title: 't', scope: {} });
      await chats().addMessage(question(session.id, 'q'));
      await handle().deleteUser('leaver');
      expect(await chats().getSession(session.id)).toBeNull();
      expect(await chats().listMessages(session.id)).toEqual([]);
    });
  });
}
