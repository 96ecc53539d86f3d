import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, openWs, type LiveClient, type LiveEventMessage } from '../testing/live-events.js';
import { createWorld, PRINCIPALS, upload, type PrincipalName, type World } from '../testing/principals.js';

interface Doc {
  id: string;
  owner_id: string;
  collection_id: string | null;
}

const PRIVATE = '(none)';

/**
 * Every principal of the authorization tests listens to the live events while the owner, and another user,
 * upload into a shared collection, a second collection and no collection: each receives the events of exactly
 * the documents and tasks it may read — live, and in the replay of everything since the server started. The
 * admin's stream, which sees everything, is the oracle of who owns what.
 */
describe('isolation of live events', { timeout: 300_000 }, () => {
  let w: World;
  const live = {} as Record<Exclude<PrincipalName, 'anonymous'>, LiveClient>;
  const replayed = {} as Record<Exclude<PrincipalName, 'anonymous'>, LiveClient>;
  let uploaded: string[] = [];

  /** Which documents (by owner and collection) and whose tasks each principal may see. */
  function visible(name: PrincipalName) {
    const { owner, other, editor, viewer } = w.userIds;
    const rules: Record<
      PrincipalName,
      { doc: (d: Doc) => boolean; taskOwner: (id: string | null) => boolean }
    > = {
      anonymous: { doc: () => false, taskOwner: () => false },
      admin: { doc: () => true, taskOwner: () => true },
      owner: { doc: (d) => d.owner_id === owner, taskOwner: (id) => id === owner },
      readKey: { doc: (d) => d.owner_id === owner, taskOwner: (id) => id === owner },
      writeKey: { doc: (d) => d.owner_id === owner, taskOwner: (id) => id === owner },
      otherCollectionKey: { doc: (d) => d.collection_id === w.c2, taskOwner: () => false },
      editor: { doc: (d) => d.collection_id === w.c1, taskOwner: (id) => id === editor },
      viewer: { doc: (d) => d.collection_id === w.c1, taskOwner: (id) => id === viewer },
      other: { doc: (d) => d.owner_id === other, taskOwner: (id) => id === other },
    };
    return rules[name];
  }

  beforeAll(async () => {
    w = await createWorld();
    const names = PRINCIPALS.filter((n) => n !== 'anonymous');
    // The first of the streams learns where the feed stands; `<epoch>-0` then replays all since the start.
    const probe = await openSse(w.api, w.callers.admin.headers);
    const start = (await probe.waitFor((m) => m.type === 'ready')).id.replace(/-\d+$/u, '-0');
    await probe.close();
    for (const [i, name] of names.entries()) {
      const headers = w.callers[name].headers;
      // Half of them over WebSocket, half over server-sent events: both transports filter alike.
      live[name] = await (i % 2 === 0 ? openWs(w.api, headers) : openSse(w.api, headers));
      await live[name].waitFor((m) => m.type === 'ready');
    }
    const owner = w.callers.owner;
    uploaded = [
      await upload(w, owner, 'live-c1.txt', 'Queen bees lay the eggs of the colony in summer.', w.c1),
      await upload(w, owner, 'live-c2.txt', 'Drones leave the hive in the afternoon to mate.', w.c2),
      await upload(w, owner, 'live-private.txt', 'My private notes on swarming in late spring.'),
      await upload(w, w.callers.other, 'live-other.txt', 'Another user writes about wax moths and comb.'),
    ];
    for (const id of uploaded) {
      await live.admin.waitFor(
        (m) => m.type === 'document.processed' && (m.document as Doc).id === id,
        60_000,
      );
    }
    for (const name of names) {
      replayed[name] = await openSse(w.api, { ...w.callers[name].headers, 'last-event-id': start });
      await replayed[name].waitFor((m) => m.type === 'ready');
    }
  }, 240_000);
  afterAll(async () => {
    await Promise.all([...Object.values(live), ...Object.values(replayed)].map((c) => c.close()));
    await w?.t.close();
  });

  /** The documents and task owners the admin's stream has seen, to tell whose each event is. */
  function oracle() {
    const docs = new Map<string, Doc>();
    const tasks = new Map<string, string | null>();
    for (const m of [...replayed.admin.messages, ...live.admin.messages]) {
      if (m.document) docs.set((m.document as Doc).id, m.document as Doc);
      if (m.task) tasks.set((m.task as { id: string }).id, (m.task as { owner_id: string | null }).owner_id);
    }
    return { docs, tasks };
  }

  /** Whose document or task a message is about; null for events about no one's data. */
  function subjectOf(
    m: LiveEventMessage,
    o: ReturnType<typeof oracle>,
  ): { doc: Doc } | { taskOwner: string | null } | null {
    const docId = (m.document as Doc | undefined)?.id ?? (m.document_id as string | undefined);
    if (docId) return { doc: o.docs.get(docId) ?? { id: docId, owner_id: '?', collection_id: PRIVATE } };
    const taskId = (m.task as { id: string } | undefined)?.id ?? (m.task_id as string | undefined);
    if (taskId) return { taskOwner: o.tasks.has(taskId) ? o.tasks.get(taskId)! : '?' };
    return null;
  }

  it.each(PRINCIPALS.filter((n) => n !== 'anonymous'))(
    'streams %s the events of what it may read, and of nothing else, live and replayed',
    (name) => {
      const o = oracle();
      const rule = visible(name);
      for (const client of [live[name], replayed[name]]) {
        const leaks = client.messages.filter((m) => {
          const subject = subjectOf(m, o);
          if (!subject) return false;
          return 'doc' in subject ? !rule.doc(subject.doc) : !rule.taskOwner(subject.taskOwner);
        });
        expect(leaks.map((m) => `${m.type} ${m.id}`)).toEqual([]);
        // The owner's directory source in c1: its scans are the owner's (and its keys'), not the readers' of c1.
        if (!['admin', 'owner', 'readKey', 'writeKey'].includes(name))
          expect(client.messages.filter((m) => m.type === 'source.scanned')).toEqual([]);
      }
      // And it misses none: the uploads it may read reached it as processed, live and in the replay.
      const expected = uploaded.filter((id) => rule.doc(o.docs.get(id)!)).sort();
      for (const client of [live[name], replayed[name]]) {
        const processed = client.messages
          .filter((m) => m.type === 'document.processed' && uploaded.includes((m.document as Doc).id))
          .map((m) => (m.document as Doc).id);
        expect(processed.sort()).toEqual(expected);
      }
    },
  );

  it('refuses anonymous listeners on both transports', async () => {
    expect((await openSse(w.api)).status).toBe(401);
    expect((await openWs(w.api)).status).toBe(401);
  });
});
