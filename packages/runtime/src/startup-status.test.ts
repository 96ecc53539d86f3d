import { AppError } from '@sift/core';
import { afterEach, describe, expect, it } from 'vitest';
import { errorCodes, StartupStatus } from './startup-status.js';
import { tempConfig } from './test-support.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function status(env: Record<string, string>): Promise<StartupStatus> {
  const { config, cleanup } = await tempConfig(env);
  cleanups.push(cleanup);
  return new StartupStatus(config);
}

const refused = () =>
  new AppError('REDIS_UNAVAILABLE', 'system', 'Redis at redis://:***@cache:6379 did not answer', {
    cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:6379'), { code: 'ECONNREFUSED' }),
  });

describe('StartupStatus', () => {
  it('names the backends not up yet with their engine and error codes, never a URL', async () => {
    const startup = await status({
      SIFT_DATABASE_URL: 'postgres://sift:pw-db@db:5432/sift',
      SIFT_REDIS_URL: 'redis://:pw-redis@cache:6379',
      SIFT_VECTOR_URL: 'http://chroma:8000',
      SIFT_BLOB_DIR: '/tmp/sift-startup-status-blobs',
    });
    let body = await startup.readiness();
    expect(body.checks.database).toMatchObject({ ok: false, engine: 'postgres', error: 'not checked yet' });
    expect(body.starting.waiting_for).toEqual(['database', 'queue', 'vectors']);

    startup.reporter('database')({ ok: true });
    startup.reporter('vectors')({ ok: true });
    startup.reporter('queue')({ ok: false, error: refused(), attempt: 2 });
    body = await startup.readiness();
    expect(body).toMatchObject({
      status: 'not_ready',
      checks: {
        database: { ok: true, engine: 'postgres' },
        vectors: { ok: true, engine: 'chroma' },
        queue: {
          ok: false,
          engine: 'redis',
          error: 'not reachable yet (REDIS_UNAVAILABLE: ECONNREFUSED; attempt 2; check SIFT_REDIS_URL)',
        },
        workers: { ok: false, detail: 'not started: waiting for queue' },
      },
      starting: { waiting_for: ['queue'] },
    });
    expect(startup.describe()).toBe('Sift is starting: waiting for redis (SIFT_REDIS_URL) to answer');
    const raw = JSON.stringify(body);
    for (const secret of ['pw-db', 'pw-redis', 'cache', '10.0.0.9']) expect(raw).not.toContain(secret);

    startup.reporter('queue')({ ok: true });
    expect(startup.waitingFor()).toEqual([]);
    expect((await startup.readiness()).checks.workers.detail).toBe('not started: opening the stores');
  });

  it('lets backends without a server of their own follow the metadata database', async () => {
    const startup = await status({
      SIFT_DATABASE_URL: 'postgres://sift:pw@db:5432/sift',
      SIFT_REDIS_URL: 'redis://cache:6379',
      SIFT_BLOB_DIR: '/tmp/sift-startup-status-blobs',
    });
    startup.reporter('database')({
      ok: false,
      error: Object.assign(new Error('x'), { code: '28P01' }),
      attempt: 1,
    });
    const { checks } = await startup.readiness();
    expect(checks.vectors).toMatchObject({
      ok: false,
      engine: 'postgres',
      error: expect.stringContaining('28P01'),
    });
    expect(checks.queue).toMatchObject({ ok: false, engine: 'redis', error: 'not checked yet' });
  });

  it('reports a data dir it cannot read as a failed disk check', async () => {
    const startup = await status({ SIFT_REDIS_URL: 'redis://cache:6379' });
    await cleanups.pop()!(); // removes the data dir
    expect((await startup.readiness()).checks.disk).toMatchObject({ ok: false, error: 'ENOENT' });
  });
});

describe('errorCodes', () => {
  it('follows causes and aggregate errors, falling back to the error name', () => {
    const aggregate = Object.assign(
      new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]),
      {
        code: 'ECONNREFUSED',
      },
    );
    expect(errorCodes(aggregate)).toBe('ECONNREFUSED');
    expect(errorCodes(new AggregateError([Object.assign(new Error('a'), { code: 'EHOSTUNREACH' })]))).toBe(
      'EHOSTUNREACH',
    );
    expect(errorCodes(new TypeError('no code'))).toBe('TypeError');
    expect(errorCodes('a string')).toBe('unknown');
  });
});
