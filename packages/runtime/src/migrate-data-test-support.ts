import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createPgPool } from '@sift/adapter-postgres';
import { postgresAvailable, TEST_POSTGRES_URL } from '@sift/adapter-postgres/testing';
import { createRedisConnection } from '@sift/adapter-redis';
import { loadConfig } from '@sift/config';
import { AppError } from '@sift/core';
import { createRuntime, type SiftRuntime } from './runtime.js';
import { until } from './test-support.js';

/** The repository root: its docs are real Markdown to ingest. */
const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const FIXTURES = '/work/shared/fixtures';

/**
 * True when PostgreSQL and Redis answer (the targets of every migrate-data test); throws instead when
 * services are required (CI, SIFT_TEST_REQUIRE_SERVICES=1).
 */
export async function migrateTargetsAvailable(): Promise<boolean> {
  if (!(await postgresAvailable())) return false;
  try {
    (await createRedisConnection('redis://127.0.0.1:6379', { connectTimeoutMs: 2_000 })).disconnect();
    return true;
  } catch (err) {
    if (process.env.SIFT_TEST_REQUIRE_SERVICES === '1') throw err;
    return false;
  }
}

/** A PostgreSQL database of its own (CREATE DATABASE as the test role), dropped by `cleanup`. */
export async function createTestPgTarget(): Promise<{ url: string; cleanup(): Promise<void> }> {
  const name = `sift_md_${randomBytes(5).toString('hex')}`;
  const admin = createPgPool(TEST_POSTGRES_URL, { max: 1 });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    cleanup: async () => {
      const drop = createPgPool(TEST_POSTGRES_URL, { max: 1 });
      try {
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await drop.end();
      }
    },
  };
}

/**
 * An empty Redis database of its own (numbers 8–15, which the other suites leave alone: they use key prefixes
 * in database 0), flushed by `cleanup`.
 */
export async function createTestRedisDb(
  base = 'redis://127.0.0.1:6379',
): Promise<{ url: string; cleanup(): Promise<void> }> {
  const start = 8 + Math.floor(Math.random() * 8);
  for (let i = 0; i < 8; i += 1) {
    const url = `${base}/${8 + ((start - 8 + i) % 8)}`;
    const redis = await createRedisConnection(url);
    // SETNX claims the database against a parallel test file that picked the same number.
    const claimed = (await redis.dbsize()) === 0 && (await redis.setnx('sift-test-claim', '1')) === 1;
    if (claimed) {
      return {
        url,
        cleanup: async () => {
          await redis.flushdb();
          redis.disconnect();
        },
      };
    }
    redis.disconnect();
  }
  throw new Error('no free Redis database among 8–15');
}

/** What the embedded source holds besides its documents, for assertions on the target. */
export interface SourceFacts {
  userId: string;
  collectionId: string;
  groupId: string;
  chatSessionId: string;
  documentIds: string[];
  pendingTaskId: string;
}

/**
 * A real embedded data dir built through the runtime: real files ingested by the workers (fixtures, the
 * repository's README and ARCHITECTURE, a few Markdown notes) with USE-lite vectors, an account, a group, a
 * collection shared with both, an API key, a chat session with messages, a search in the log, and one task
 * left pending (queued after the workers stopped) for the Redis queue to take over.
 */
export async function buildEmbeddedSource(dataDir: string): Promise<SourceFacts> {
  const config = loadConfig({
    SIFT_DATA_DIR: dataDir,
    SIFT_LOG_LEVEL: 'silent',
    SIFT_ALLOW_MODEL_DOWNLOADS: 'false',
    SIFT_EMBEDDER: 'use-lite',
    SIFT_QUEUE_POLL_MS: '20',
  });
  const runtime = await createRuntime(config);
  let facts: Omit<SourceFacts, 'pendingTaskId'>;
  try {
    await runtime.startWorkers();
    facts = await fill(runtime);
  } finally {
    await runtime.close();
  }
  // Workers stopped: this task stays pending in the embedded queue.
  const idle = await createRuntime(config);
  try {
    const task = await idle.tasks.enqueue('system.noop', { sleepMs: 1 });
    return { ...facts, pendingTaskId: task.id };
  } finally {
    await idle.close();
  }
}

async function fill(runtime: SiftRuntime): Promise<Omit<SourceFacts, 'pendingTaskId'>> {
  const operator = runtime.identity.operator();
  const user = await runtime.identity.accounts.create(operator, {
    email: 'ada@example.org',
    displayName: 'Ada',
    role: 'editor',
    password: 'correct horse battery staple',
  });
  const group = await runtime.identity.accounts.createGroup(operator, 'analysts', [user.id]);
  const collection = await runtime.collections.create(operator, { name: 'Handbook' });
  await runtime.collections.share(operator, collection.id, {
    principalType: 'user',
    principalId: user.id,
    role: 'viewer',
  });
  await runtime.collections.share(operator, collection.id, {
    principalType: 'group',
    principalId: group.id,
    role: 'editor',
  });
  await runtime.identity.apiKeys.create(operator, { name: 'ci', scopes: ['read'] });

  const files: { name: string; bytes: Buffer; collection?: boolean }[] = [
    { name: 'README.md', bytes: await readFile(path.join(REPO_ROOT, 'README.md')), collection: true },
    { name: 'ARCHITECTURE.md', bytes: await readFile(path.join(REPO_ROOT, 'docs', 'ARCHITECTURE.md')) },
    { name: 'testocr.txt', bytes: await readFile(path.join(FIXTURES, 'ocr', 'testocr.txt')) },
    { name: 'jfk.txt', bytes: await readFile(path.join(FIXTURES, 'audio', 'jfk.txt')) },
    ...NOTES.map((text, i) => ({
      name: `note-${i + 1}.md`,
      bytes: Buffer.from(text),
      collection: i % 2 === 0,
    })),
  ];
  const documentIds: string[] = [];
  for (const file of files) {
    const { document } = await runtime.documents.upload({
      access: operator,
      filename: file.name,
      source: file.bytes,
      collectionId: file.collection ? collection.id : null,
      tags: file.collection ? ['handbook'] : [],
    });
    documentIds.push(document.id);
  }
  for (const id of documentIds) {
    await until(async () => {
      const doc = await runtime.metadata.documents.get(id);
      if (doc?.status === 'failed')
        throw new AppError('TEST_INGEST_FAILED', 'system', `${id}: ${doc.errorMessage}`);
      return doc?.status === 'processed';
    }, 120_000);
  }
  await runtime.search.service.search({ query: 'vector outbox', mode: 'hybrid', filter: {}, limit: 5 });
  const session = await runtime.chat.sessions.create(operator, { title: 'Questions' });
  await runtime.metadata.chats.addMessage({
    sessionId: session.id,
    role: 'user',
    content: 'How do workers share the queue?',
    citations: [],
    mode: null,
    model: null,
    usage: null,
    timings: null,
  });
  return {
    userId: user.id,
    collectionId: collection.id,
    groupId: group.id,
    chatSessionId: session.id,
    documentIds,
  };
}

const NOTES = [
  `# Lighthouse survey\n\nThe keepers counted ships passing the northern harbour every night.\n\n## Findings\n\nFog horns were heard from the breakwater; the lantern needed new wicks in October.`,
  `# Bee keeping\n\nHoney bees pollinate almond orchards in spring. Hives are moved by truck at night.\n\n## Varroa\n\nMites are counted on sticky boards under the brood frames.`,
  `# Umowa najmu\n\nNajemca płaci czynsz do dziesiątego dnia miesiąca. Kaucja wynosi dwa czynsze.\n\n## Wypowiedzenie\n\nUmowę można wypowiedzieć z trzymiesięcznym okresem.`,
  `# Orbital mechanics\n\nA Hohmann transfer moves a satellite between two circular orbits with two engine burns.\n\n## Delta-v\n\nThe budget depends on the ratio of the orbit radii.`,
];
