import type { DocumentRecord, SiftEvent, Task } from '@sift/core';
import { waitFor } from '@sift/contract-tests';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisEventBus } from './redis-event-bus.adapter.js';
import { spawnFixture, stopFixture, type FixtureProcess } from './testing/child-process.js';
import { redisAvailable, testPrefix, TEST_REDIS_URL } from './testing/redis-test.js';

const available = await redisAvailable();

const task: Task = {
  id: 't-1',
  type: 'document.process',
  queue: 'default',
  priority: 0,
  status: 'running',
  attempts: 1,
  maxAttempts: 3,
  interruptions: 0,
  payload: { documentId: 'd-1', nested: { list: [1, 'two', null], ok: true } },
  result: null,
  error: { code: 'E', message: 'ünïcödé ✓', retryable: true },
  progress: 0.25,
  stage: 'extract',
  ownerId: 'u-1',
  documentId: 'd-1',
  uniqueKey: 'process:d-1',
  workerId: 'w-1',
  runAfter: '2026-01-02T03:04:05.678Z',
  leaseUntil: '2026-01-02T03:05:05.678Z',
  createdAt: '2026-01-02T03:04:05.678Z',
  updatedAt: '2026-01-02T03:04:06.000Z',
  startedAt: '2026-01-02T03:04:05.900Z',
  finishedAt: null,
};

const document: DocumentRecord = {
  id: 'd-1',
  ownerId: 'u-1',
  collectionId: null,
  folderId: null,
  parentDocumentId: null,
  sourceId: null,
  sourcePath: null,
  sourceMtimeMs: 1_767_322_245_678,
  filename: 'report.pdf',
  originalFilename: 'Report (final).pdf',
  contentType: 'application/pdf',
  category: 'document',
  size: 12_345,
  sha256: 'ab'.repeat(32),
  status: 'processed',
  stage: null,
  progress: 1,
  errorCode: null,
  errorMessage: null,
  metadata: { author: 'A. Writer', pages: 3, created: '2025-12-31T23:59:59.000Z' },
  tags: ['q4', 'finance'],
  title: 'Report',
  language: 'en',
  chunkCount: 7,
  processingMs: 1234,
  taskId: 't-1',
  uploadedAt: '2026-01-02T03:04:05.678Z',
  processedAt: '2026-01-02T03:04:09.000Z',
  createdAt: '2026-01-02T03:04:05.678Z',
  updatedAt: '2026-01-02T03:04:09.000Z',
};

const events: SiftEvent[] = [
  { type: 'task.started', task },
  { type: 'task.progress', taskId: 't-1', ownerId: null, progress: 0.5, stage: null },
  { type: 'document.processed', document },
  {
    type: 'source.scanned',
    sourceId: 's',
    ownerId: 'u-1',
    collectionId: 'c',
    summary: { added: 1, changed: 0, removed: 0, unchanged: 2, failed: 0 },
  },
];

/** Collects what a bus delivers. */
function collect(bus: RedisEventBus): SiftEvent[] {
  const seen: SiftEvent[] = [];
  bus.subscribe((event) => seen.push(event));
  return seen;
}

describe.skipIf(!available)('RedisEventBus (needs Redis, #14)', () => {
  const buses: RedisEventBus[] = [];
  const peers: FixtureProcess[] = [];
  const connect = async (channel: string, options: Parameters<typeof RedisEventBus.connect>[1] = {}) => {
    const bus = await RedisEventBus.connect(TEST_REDIS_URL, { channel, ...options });
    buses.push(bus);
    return bus;
  };

  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
    for (const peer of peers.splice(0)) await stopFixture(peer);
  });

  it('delivers every event, equal and in order, to the subscribers of every connection, the publisher included', async () => {
    const channel = `${testPrefix()}:events`;
    const a = await connect(channel);
    const b = await connect(channel);
    const [seenByA, seenByB] = [collect(a), collect(b)];
    for (const event of events) a.publish(event);
    await waitFor(() => seenByA.length === events.length && seenByB.length === events.length, {
      what: 'both buses to receive every event',
    });
    expect(seenByA).toEqual(events);
    expect(seenByB).toEqual(events);
  });

  it('keeps delivering to the other listeners when one throws, and stops one that unsubscribed', async () => {
    const channel = `${testPrefix()}:events`;
    const errors: unknown[] = [];
    const publisher = await connect(channel);
    const bus = await connect(channel, { onListenerError: (err) => errors.push(err) });
    bus.subscribe(() => {
      throw new Error('a closed socket');
    });
    const seen = collect(bus);
    const gone: SiftEvent[] = [];
    const unsubscribe = bus.subscribe((event) => gone.push(event));
    publisher.publish(events[1] as SiftEvent);
    await waitFor(() => seen.length === 1, { what: 'the first event' });
    unsubscribe();
    publisher.publish(events[0] as SiftEvent);
    await waitFor(() => seen.length === 2, { what: 'the second event' });
    expect(gone).toHaveLength(1);
    expect(errors).toEqual([expect.objectContaining({ message: 'a closed socket' }), expect.anything()]);
  });

  it('does not cross channels, and publishing after close is a no-op', async () => {
    const mine = await connect(`${testPrefix()}:events`);
    const other = await connect(`${testPrefix()}:events`);
    const seen = collect(mine);
    other.publish(events[1] as SiftEvent);
    await mine.close();
    mine.publish(events[1] as SiftEvent);
    const probe = collect(other);
    other.publish(events[0] as SiftEvent);
    // events[1], published by `other` before the probe listened, may reach it too: wait for events[0] itself.
    const sent = JSON.stringify(events[0]);
    await waitFor(() => probe.some((e) => JSON.stringify(e) === sent), {
      what: 'the other channel to deliver',
    });
    expect(seen).toEqual([]);
  });

  it('carries events between processes both ways', async () => {
    const channel = `${testPrefix()}:events`;
    const listener = spawnFixture('event-bus-peer.fixture.ts', [TEST_REDIS_URL, channel, 'listen']);
    peers.push(listener);
    await listener.waitForLine(/^READY$/);
    const here = await connect(channel);
    const seenHere = collect(here);

    here.publish(events[2] as SiftEvent);
    const [, json] = await listener.waitForLine(/^EVENT (.*)$/);
    expect(JSON.parse(json ?? '')).toEqual(events[2]);

    const publisher = spawnFixture('event-bus-peer.fixture.ts', [
      TEST_REDIS_URL,
      channel,
      'publish',
      ...events.map((e) => JSON.stringify(e)),
    ]);
    peers.push(publisher);
    expect((await publisher.exited).code).toBe(0);
    await waitFor(() => seenHere.length === 1 + events.length, { what: 'the events of the other process' });
    expect(seenHere).toEqual([events[2], ...events]);
  });
});
