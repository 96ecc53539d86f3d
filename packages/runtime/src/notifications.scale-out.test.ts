import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Access, LOCAL_USER_ID, type SiftEvent } from '@sift/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPgTarget,
  createTestRedisDb,
  migrateTargetsAvailable,
} from './migrate-data-test-support.js';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { tempConfig, until } from './test-support.js';

const available = await migrateTargetsAvailable();

/**
 * The scale-out shape: two nodes on one PostgreSQL and one Redis, where every node hears every event over
 * Redis pub/sub. An event makes its notifications and webhook deliveries once — on the node that published it
 * — not once per node, and a second publication of the same occurrence (a job run again elsewhere) adds nothing.
 */
describe.skipIf(!available)(
  'notifications and webhooks across nodes (needs PostgreSQL and Redis, #15)',
  () => {
    const cleanups: (() => Promise<void>)[] = [];
    const nodes: SiftRuntime[] = [];
    const received: string[] = [];
    let base = '';

    beforeAll(async () => {
      const server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => (received.push(body), res.writeHead(200).end()));
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
      const pg = await createTestPgTarget();
      cleanups.push(() => pg.cleanup());
      const redis = await createTestRedisDb();
      cleanups.push(() => redis.cleanup());
      const shared = await mkdtemp(path.join(tmpdir(), 'sift-notify-blobs-'));
      cleanups.push(() => rm(shared, { recursive: true, force: true }));
      for (let i = 0; i < 2; i++) {
        const t = await tempConfig({
          SIFT_AUTH: 'off',
          SIFT_EMBEDDER: 'none',
          SIFT_DATABASE_URL: pg.url,
          SIFT_REDIS_URL: redis.url,
          SIFT_BLOB_DIR: shared,
          SIFT_QUEUE_POLL_MS: '50',
          SIFT_SHUTDOWN_GRACE_MS: '0',
          SIFT_WEBHOOK_ALLOW_PRIVATE: 'true',
        });
        const node = await createRuntime(t.config);
        cleanups.push(t.cleanup);
        nodes.push(node);
        await node.startWorkers();
      }
    }, 120_000);
    afterAll(async () => {
      await Promise.all(nodes.map((n) => n.close()));
      for (const cleanup of cleanups.reverse()) await cleanup();
    }, 120_000);

    it(
      'makes one delivery and one notification per event, whichever node published it',
      { timeout: 60_000 },
      async () => {
        const [a, b] = nodes as [SiftRuntime, SiftRuntime];
        const operator = Access.operator(LOCAL_USER_ID);
        const { webhook } = await a.notify.webhooks.create(operator, {
          url: `${base}/hook`,
          events: ['backup.completed'],
        });
        const announced: string[] = [];
        for (const node of nodes) {
          node.events.subscribe((e) => {
            if (e.type === 'notification.created') announced.push(e.notification.id);
          });
        }
        const event: SiftEvent = {
          type: 'backup.completed',
          backupId: 'b-scale',
          file: '/backups/b-scale.tar',
          bytes: 42,
          durationMs: 7,
        };
        a.events.publish(event);
        await a.notify.idle();
        // The same occurrence published again on the other node (a backup job that ran twice).
        b.events.publish(event);
        await b.notify.idle();

        const [delivery] = await until(async () => {
          const page = await b.notify.webhooks.deliveries(operator, webhook.id);
          return page.items[0]?.status === 'succeeded' ? page.items : null;
        }, 30_000);
        await delay(500);
        expect((await a.notify.webhooks.deliveries(operator, webhook.id)).items).toHaveLength(1);
        expect(delivery!.attempts).toHaveLength(1);
        expect(received).toHaveLength(1);

        const mine = await b.notify.notifications.list(operator);
        expect(mine.items.filter((n) => n.kind === 'backup.completed')).toHaveLength(1);
        // Heard by both nodes over Redis, announced once.
        expect(announced).toHaveLength(2);
        expect(new Set(announced).size).toBe(1);
      },
    );
  },
);
