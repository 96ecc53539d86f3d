import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { redactUrl, withDataDir } from './scale-out.js';

const PG = 'postgres://sift:s3cret@db.internal:5432/sift';
const REDIS = 'redis://:hunter2@cache.internal:6379/0';

function issuesOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env, '/srv');
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('scale-out backends', () => {
  it('are all embedded by default, blobs under the data dir', () => {
    const config = loadConfig({ SIFT_DATA_DIR: 'data' }, '/srv');
    expect(config.backends).toEqual({
      database: null,
      redis: null,
      vector: null,
      blobDir: path.join('/srv', 'data', 'blobs'),
    });
  });

  it('take PostgreSQL, Redis, Chroma and a shared blob directory from their variables', () => {
    const config = loadConfig(
      {
        SIFT_DATABASE_URL: PG,
        SIFT_DATABASE_POOL_MAX: '25',
        SIFT_REDIS_URL: REDIS,
        SIFT_VECTOR_URL: 'http://chroma:8000',
        SIFT_BLOB_DIR: 'shared/blobs',
      },
      '/srv',
    );
    expect(config.backends).toEqual({
      database: { url: PG, poolMax: 25 },
      redis: { url: REDIS },
      vector: { url: 'http://chroma:8000' },
      blobDir: '/srv/shared/blobs',
    });
  });

  it('allow Redis beside the embedded database (one machine, several processes)', () => {
    expect(loadConfig({ SIFT_REDIS_URL: REDIS }, '/srv').backends.redis).toEqual({ url: REDIS });
  });

  it('refuse PostgreSQL with the embedded queue, naming SIFT_REDIS_URL', () => {
    const [issue] = issuesOf({ SIFT_DATABASE_URL: PG });
    expect(issue!.variable).toBe('SIFT_REDIS_URL');
    expect(issue!.message).toMatch(/required with SIFT_DATABASE_URL/);
  });

  it('refuse Chroma without PostgreSQL, naming SIFT_DATABASE_URL', () => {
    const [issue] = issuesOf({ SIFT_VECTOR_URL: 'http://chroma:8000', SIFT_REDIS_URL: REDIS });
    expect(issue!.variable).toBe('SIFT_DATABASE_URL');
  });

  it('refuse a URL of the wrong kind without echoing it (it may hold a password)', () => {
    const issues = issuesOf({ SIFT_DATABASE_URL: 'mysql://root:topsecret@db/sift', SIFT_REDIS_URL: REDIS });
    expect(issues.map((i) => i.variable)).toEqual(['SIFT_DATABASE_URL']);
    expect(issues[0]!.message).toMatch(/postgres:\/\//);
    expect(JSON.stringify(issues)).not.toContain('topsecret');
  });

  it('redact the password of a URL for logs', () => {
    expect(redactUrl(PG)).toBe('postgres://sift:***@db.internal:5432/sift');
    expect(redactUrl('http://chroma:8000')).toBe('http://chroma:8000/');
    expect(redactUrl('not a url')).toBe('(unparseable URL)');
  });
});

describe('withDataDir', () => {
  it('moves the default blob store with the data dir, and leaves a chosen SIFT_BLOB_DIR where it is', () => {
    const moved = withDataDir(loadConfig({ SIFT_DATA_DIR: 'data' }, '/srv'), '/tmp/eval');
    expect(moved.dataDir).toBe('/tmp/eval');
    expect(moved.backends.blobDir).toBe(path.join('/tmp/eval', 'blobs'));
    const shared = withDataDir(loadConfig({ SIFT_BLOB_DIR: '/mnt/blobs' }, '/srv'), '/tmp/eval');
    expect(shared.backends.blobDir).toBe('/mnt/blobs');
  });
});
