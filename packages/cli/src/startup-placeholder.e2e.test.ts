import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from './testing/mounts.js';
import { spawnSift, tempDirs } from './testing/run-sift.js';
import { createScaleOutBackends, scaleOutServices } from './testing/scale-out-backends.js';

/**
 * #14, "a backend that is down at start": `sift serve` and `sift worker` started before their Redis answer
 * probes at once (readiness 503 naming the queue, its engine and the error code; everything else 503
 * STARTING), then hand the port to the real listener when Redis comes up; past SIFT_BACKEND_WAIT_S the process
 * exits 1 with BACKEND_UNAVAILABLE naming SIFT_REDIS_URL. Redis is a real `redis-server` the test starts late.
 */
const services = await scaleOutServices();
const PASSWORD = 's3cret-startup';
const dirs = tempDirs();
const children: ChildProcess[] = [];

function track<T extends ChildProcess>(child: T): T {
  children.push(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}

/** The parts of the JSON bodies the test reads (readiness, problem). */
interface Json {
  detail?: string;
  starting?: unknown;
  checks?: Record<string, { ok?: boolean; error?: string } | undefined>;
}

async function getJson(url: string): Promise<{ status: number; type: string; body: Json } | null> {
  const response = await fetch(url).catch(() => null);
  if (!response) return null;
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: (await response.json()) as Json,
  };
}

async function until<T>(what: string, fn: () => Promise<T | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function output(child: ReturnType<typeof spawnSift>): () => string {
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (text += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (text += s));
  return () => text;
}

afterEach(async () => {
  await Promise.all(children.splice(0).map(stop));
});
afterAll(() => dirs.cleanup());

describe.skipIf(!services.postgres)(
  'start-up placeholder while a backend is down (needs PostgreSQL, #14)',
  () => {
    it(
      'answers readiness 503 naming Redis until it comes up, then serves for real',
      { timeout: 180_000 },
      async () => {
        const backends = await createScaleOutBackends({ vectors: false });
        try {
          const redisPort = await freePort();
          const [apiPort, metricsPort] = [await freePort(), await freePort()];
          const env = {
            ...backends.env,
            SIFT_REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${redisPort}`,
            SIFT_BACKEND_WAIT_S: '120',
            SIFT_EMBEDDER: 'none',
            SIFT_LOG_LEVEL: 'info',
          };
          const api = track(
            spawnSift(['serve', '--no-workers'], await dirs.make('sift-startup-api-'), {
              ...env,
              SIFT_PORT: String(apiPort),
            }),
          );
          const apiLog = output(api);
          track(
            spawnSift(['worker'], await dirs.make('sift-startup-worker-'), {
              ...env,
              SIFT_METRICS_PORT: String(metricsPort),
            }),
          );
          const base = `http://127.0.0.1:${apiPort}`;

          // PostgreSQL answered; Redis has been tried and refused at least once.
          const starting = await until('the placeholder to name Redis', async () => {
            const r = await getJson(`${base}/health/ready`);
            return r?.body.checks?.queue?.error?.includes('ECONNREFUSED') ? r : null;
          });
          expect(starting.status).toBe(503);
          expect(starting.body).toMatchObject({
            status: 'not_ready',
            checks: {
              database: { ok: true, engine: 'postgres' },
              queue: { ok: false, engine: 'redis', error: expect.stringContaining('SIFT_REDIS_URL') },
              vectors: { ok: true, engine: 'postgres' },
              workers: { ok: false, detail: 'not started: waiting for queue' },
              disk: { ok: true },
            },
            starting: { waiting_for: ['queue'] },
          });
          const raw = JSON.stringify(starting.body);
          expect(raw).not.toContain(PASSWORD);
          expect(raw).not.toContain('sift_test@');
          expect(raw).not.toContain(String(redisPort));

          expect((await getJson(`${base}/health/live`))?.status).toBe(200);
          expect((await getJson(`${base}/health`))?.body).toMatchObject({ status: 'ok' });
          const other = await getJson(`${base}/api/v1/documents`);
          expect(other?.status).toBe(503);
          expect(other?.type).toBe('application/problem+json');
          expect(other?.body).toMatchObject({
            code: 'STARTING',
            retryable: true,
            instance: '/api/v1/documents',
          });
          expect(other?.body.detail).toContain('SIFT_REDIS_URL');

          // The worker started beside the API and may not have reached PostgreSQL yet under load: wait until
          // it has, then it too names only the queue.
          const metricsReady = await until('the worker placeholder to wait for Redis only', async () => {
            const r = await getJson(`http://127.0.0.1:${metricsPort}/health/ready`);
            return r?.body.checks?.database?.ok ? r : null;
          });
          expect(metricsReady.status).toBe(503);
          expect(metricsReady.body.starting).toMatchObject({ waiting_for: ['queue'] });
          expect((await getJson(`http://127.0.0.1:${metricsPort}/metrics`))?.body).toMatchObject({
            code: 'STARTING',
          });

          // Redis comes up: the real server takes the port; probes polled tightly see few refusals, if any.
          track(
            spawn('redis-server', [
              '--port',
              String(redisPort),
              '--bind',
              '127.0.0.1',
              '--save',
              '',
              '--appendonly',
              'no',
              '--requirepass',
              PASSWORD,
            ]),
          );
          let refused = 0;
          const ready = await until(
            'the real server to be ready',
            async () => {
              const r = await getJson(`${base}/health/ready`);
              if (!r) refused++;
              return r?.status === 200 ? r : null;
            },
            90_000,
          );
          expect(ready.body).toMatchObject({
            status: 'ready',
            checks: { database: { engine: 'postgres' }, queue: { ok: true, engine: 'redis' } },
          });
          expect(ready.body.starting).toBeUndefined();
          // At most a few 50 ms polls land in the moment between placeholder and real listener.
          expect(refused).toBeLessThanOrEqual(3);
          expect(apiLog()).toContain('"backend":"Redis"');

          const metrics = await until('the worker metrics listener', async () => {
            const r = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).catch(() => null);
            return r?.status === 200 ? r : null;
          });
          expect(await metrics.text()).toContain('# TYPE');
        } finally {
          await Promise.all(children.splice(0).map(stop));
          await backends.cleanup();
        }
      },
    );

    it(
      'exits 1 with BACKEND_UNAVAILABLE naming SIFT_REDIS_URL once the wait runs out',
      { timeout: 60_000 },
      async () => {
        const [redisPort, apiPort] = [await freePort(), await freePort()];
        const api = track(
          spawnSift(['serve'], await dirs.make('sift-startup-timeout-'), {
            SIFT_REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${redisPort}`,
            SIFT_BACKEND_WAIT_S: '3',
            SIFT_EMBEDDER: 'none',
            SIFT_PORT: String(apiPort),
          }),
        );
        const log = output(api);
        const exited = new Promise<number | null>((resolve) => api.once('exit', resolve));
        // Redis beside the embedded database: the database opened at once, only the queue is awaited.
        const starting = await until('the placeholder to name Redis', async () => {
          const r = await getJson(`http://127.0.0.1:${apiPort}/health/ready`);
          return r?.body.checks?.queue?.error?.includes('ECONNREFUSED') ? r : null;
        });
        expect(starting).toMatchObject({
          status: 503,
          body: {
            checks: { database: { ok: true, engine: 'sqlite' }, queue: { ok: false, engine: 'redis' } },
          },
        });
        expect(await exited).toBe(1);
        expect(log()).toMatch(/did not answer.*check SIFT_REDIS_URL.*\[BACKEND_UNAVAILABLE\]/);
        expect(log()).not.toContain(PASSWORD);
        // The placeholder let go of the port.
        expect(await getJson(`http://127.0.0.1:${apiPort}/health/live`)).toBeNull();
      },
    );
  },
);
