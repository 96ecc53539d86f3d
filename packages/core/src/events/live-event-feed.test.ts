import { describe, expect, it } from 'vitest';
import { Access, type CollectionReach } from '../auth/access.js';
import type { Principal } from '../auth/auth.types.js';
import type { DocumentRecord } from '../ingest/document.types.js';
import type { Task } from '../jobs/job.types.js';
import type { SiftEvent } from '../ports/event-bus.port.js';
import { InProcessEventBus } from './in-process-event-bus.js';
import { LiveEventFeed, type LiveMessage } from './live-event-feed.js';

const principal = (userId: string, extra: Partial<Principal> = {}): Principal => ({
  kind: 'user',
  userId,
  role: 'editor',
  scopes: ['read', 'write'],
  ...extra,
});
const access = (userId: string, reach: [string, CollectionReach][] = [], extra: Partial<Principal> = {}) =>
  Access.of(principal(userId, extra), new Map(reach));

const doc = (id: string, ownerId: string, collectionId: string | null = null) =>
  ({ id, ownerId, collectionId }) as DocumentRecord;
const task = (id: string, ownerId: string | null) => ({ id, ownerId }) as Task;
const progress = (documentId: string, ownerId: string, collectionId: string | null = null): SiftEvent => ({
  type: 'document.progress',
  documentId,
  ownerId,
  collectionId,
  stage: 'extract',
  progress: 0.5,
});

/** A feed over a fresh bus, and a client that records what it is sent. */
function setup(replaySize?: number) {
  const bus = new InProcessEventBus();
  const feed = new LiveEventFeed(bus, replaySize === undefined ? {} : { replaySize });
  const client = (a: Access, lastEventId?: string | null, keepUp: () => boolean = () => true) => {
    const received: LiveMessage[] = [];
    const subscription = feed.subscribe(a, { lastEventId: lastEventId ?? null }, (m) => {
      received.push(m);
      return keepUp();
    });
    const types = () => received.map((m) => m.event.type);
    return { received, subscription, types };
  };
  return { bus, feed, client };
}

describe('LiveEventFeed', () => {
  it('numbers events in order and delivers live ones after `ready`', () => {
    const { bus, feed, client } = setup();
    const me = client(access('me'));
    bus.publish(progress('d1', 'me'));
    bus.publish({ type: 'document.created', document: doc('d2', 'me') });
    expect(me.types()).toEqual(['ready', 'document.progress', 'document.created']);
    expect(me.received.map((m) => m.id)).toEqual([`${feed.epoch}-0`, `${feed.epoch}-1`, `${feed.epoch}-2`]);
    expect(feed.lastId).toBe(`${feed.epoch}-2`);
  });

  it('replays the buffered events after the last id, then goes on live without duplicates', () => {
    const { bus, client } = setup();
    const first = client(access('me'));
    for (const id of ['a', 'b', 'c']) bus.publish(progress(id, 'me'));
    const seenB = first.received[2]!.id;
    first.subscription.close();
    bus.publish(progress('d', 'me'));

    const again = client(access('me'), seenB);
    bus.publish(progress('e', 'me'));
    const ids = again.received.flatMap((m) =>
      m.event.type === 'document.progress' ? [m.event.documentId] : [],
    );
    expect(ids).toEqual(['c', 'd', 'e']);
    expect(again.types()).toEqual(['document.progress', 'document.progress', 'ready', 'document.progress']);
  });

  it('asks for a resync when the last id fell out of the buffer', () => {
    const { bus, feed, client } = setup(3);
    const first = client(access('me'));
    bus.publish(progress('a', 'me'));
    const seenA = first.received.at(-1)!.id;
    for (const id of ['b', 'c', 'd', 'e']) bus.publish(progress(id, 'me'));

    const late = client(access('me'), seenA);
    expect(late.received).toEqual([
      { id: feed.lastId, event: { type: 'resync', reason: 'expired' } },
      { id: feed.lastId, event: { type: 'ready' } },
    ]);
    // The last buffered position still replays: b fell out, c, d and e did not.
    const fromB = client(access('me'), `${feed.epoch}-2`);
    expect(fromB.types()).toEqual(['document.progress', 'document.progress', 'document.progress', 'ready']);
  });

  it.each([
    ['another process or run', 'zzz-1'],
    ['a position ahead of the feed', 'EPOCH-99'],
    ['something that is no id', 'hello'],
  ])('asks for a resync for an id of %s', (_what, id) => {
    const { bus, feed, client } = setup();
    bus.publish(progress('a', 'me'));
    const c = client(access('me'), id.replace('EPOCH', feed.epoch));
    expect(c.received[0]).toEqual({ id: feed.lastId, event: { type: 'resync', reason: 'unknown' } });
    expect(c.types()).toEqual(['resync', 'ready']);
  });

  it('replays and delivers only what the access may see', () => {
    const { bus, client } = setup();
    const owner = client(access('owner', [['c1', 'owner']]));
    bus.publish({ type: 'document.created', document: doc('shared', 'owner', 'c1') });
    bus.publish({ type: 'document.created', document: doc('private', 'owner') });
    bus.publish({ type: 'task.created', task: task('t1', 'owner') });
    const start = owner.received[0]!.id;

    const viewer = client(access('viewer', [['c1', 'viewer']]), start);
    const stranger = client(access('stranger'), start);
    const admin = client(Access.of(principal('root', { role: 'admin' }), new Map()), start);
    bus.publish({ type: 'document.deleted', documentId: 'shared', ownerId: 'owner', collectionId: 'c1' });
    bus.publish({ type: 'task.progress', taskId: 't1', ownerId: 'owner', progress: 0.5, stage: null });
    bus.publish({ type: 'search.space_switched', from: null, to: 'space-2' });

    expect(viewer.types()).toEqual([
      'document.created',
      'ready',
      'document.deleted',
      'search.space_switched',
    ]);
    expect(stranger.types()).toEqual(['ready', 'search.space_switched']);
    expect(admin.types()).toEqual([
      'document.created',
      'document.created',
      'task.created',
      'ready',
      'document.deleted',
      'task.progress',
      'search.space_switched',
    ]);
  });

  it('gives a collection-restricted key its collection’s documents and none of its owner’s tasks', () => {
    const { bus, client } = setup();
    const key = client(
      access(
        'owner',
        [
          ['c1', 'owner'],
          ['c2', 'owner'],
        ],
        { kind: 'api_key', collectionIds: ['c2'] },
      ),
    );
    bus.publish({ type: 'document.created', document: doc('in-c1', 'owner', 'c1') });
    bus.publish({ type: 'document.created', document: doc('in-c2', 'owner', 'c2') });
    bus.publish({ type: 'document.created', document: doc('private', 'owner') });
    bus.publish({ type: 'task.created', task: task('t', 'owner') });
    const docs = key.received.flatMap((m) =>
      m.event.type === 'document.created' ? [m.event.document.id] : [],
    );
    expect(docs).toEqual(['in-c2']);
    expect(key.types()).not.toContain('task.created');
  });

  it('shows a source’s scans to its owner while it reaches the collection', () => {
    const { bus, client } = setup();
    const owner = client(access('owner', [['c1', 'owner']]));
    const viewer = client(access('viewer', [['c1', 'viewer']]));
    const summary = { added: 1, changed: 0, removed: 0, unchanged: 0, failed: 0 };
    bus.publish({ type: 'source.scanned', sourceId: 's', ownerId: 'owner', collectionId: 'c1', summary });
    expect(owner.types()).toContain('source.scanned');
    expect(viewer.types()).not.toContain('source.scanned');
  });

  it('decides with the access set last (a share granted after connecting)', () => {
    const { bus, client } = setup();
    const viewer = client(access('viewer'));
    bus.publish({ type: 'document.created', document: doc('before', 'owner', 'c1') });
    viewer.subscription.setAccess(access('viewer', [['c1', 'viewer']]));
    bus.publish({ type: 'document.created', document: doc('after', 'owner', 'c1') });
    const docs = viewer.received.flatMap((m) =>
      m.event.type === 'document.created' ? [m.event.document.id] : [],
    );
    expect(docs).toEqual(['after']);
  });

  it('drops events for a client that is behind and sends one resync once it has drained', () => {
    const { bus, feed, client } = setup();
    let keepingUp = true;
    const slow = client(access('me'), null, () => keepingUp);
    keepingUp = false;
    bus.publish(progress('a', 'me')); // accepted, but the buffer is now over its limit
    keepingUp = true;
    bus.publish(progress('b', 'me'));
    bus.publish(progress('c', 'me'));
    expect(slow.types()).toEqual(['ready', 'document.progress']);

    slow.subscription.resume();
    expect(slow.received.at(-1)).toEqual({ id: feed.lastId, event: { type: 'resync', reason: 'overflow' } });
    bus.publish(progress('d', 'me'));
    expect(slow.types()).toEqual(['ready', 'document.progress', 'resync', 'document.progress']);
    // Resuming again without anything dropped sends nothing.
    slow.subscription.resume();
    expect(slow.received).toHaveLength(4);
  });

  it('sends no resync to a client that was behind but missed nothing it may see', () => {
    const { bus, client } = setup();
    let keepingUp = false;
    const slow = client(access('me'), null, () => keepingUp);
    bus.publish(progress('theirs', 'someone else'));
    keepingUp = true;
    slow.subscription.resume();
    expect(slow.types()).toEqual(['ready']);
  });

  it('cuts a replay short when the client falls behind, and resyncs it after', () => {
    const { bus, client, feed } = setup();
    const first = client(access('me'));
    for (let i = 0; i < 10; i++) bus.publish(progress(`d${i}`, 'me'));
    let sent = 0;
    const c = client(access('me'), first.received[0]!.id, () => ++sent < 3);
    expect(c.types()).toEqual(['document.progress', 'document.progress', 'document.progress']);
    c.subscription.resume();
    expect(c.received.at(-1)!.event).toEqual({ type: 'resync', reason: 'overflow' });
    expect(c.received.at(-1)!.id).toBe(feed.lastId);
  });

  it('closes a subscription whose transport throws, and keeps delivering to the others', () => {
    const bus = new InProcessEventBus();
    const errors: unknown[] = [];
    const feed = new LiveEventFeed(bus, { onSendError: (err) => errors.push(err) });
    let broken = false;
    feed.subscribe(access('me'), {}, () => {
      if (broken) throw new Error('socket closed');
      return true;
    });
    const fine: LiveMessage[] = [];
    feed.subscribe(access('me'), {}, (m) => fine.push(m) > 0);
    broken = true;
    bus.publish(progress('a', 'me'));
    bus.publish(progress('b', 'me'));
    expect(errors).toHaveLength(1);
    expect(feed.subscriberCount).toBe(1);
    expect(fine).toHaveLength(3);
  });

  it('stops listening to the bus and ends subscriptions when closed', () => {
    const { bus, feed, client } = setup();
    const me = client(access('me'));
    feed.close();
    bus.publish(progress('a', 'me'));
    expect(me.types()).toEqual(['ready']);
    expect(feed.subscriberCount).toBe(0);
  });

  it('refuses a replay size that is not a positive integer', () => {
    expect(() => new LiveEventFeed(new InProcessEventBus(), { replaySize: 0 })).toThrow(RangeError);
  });
});
