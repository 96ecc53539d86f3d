import { describe, expect, it } from 'vitest';
import { ConfigError, describeSettings, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults on an empty environment', () => {
    const config = loadConfig({}, '/srv');
    expect(config.dataDir).toBe('/srv/data');
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.log.level).toBe('info');
    expect(config.queue.maxAttempts).toBe(3);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('coerces numbers and reads every variable', () => {
    const config = loadConfig({
      SIFT_PORT: '9090',
      SIFT_DATA_DIR: '/tmp/x',
      SIFT_WORKERS: 'false',
      SIFT_QUEUE_CONCURRENCY_LOW: '4',
    });
    expect(config.port).toBe(9090);
    expect(config.dataDir).toBe('/tmp/x');
    expect(config.workers.enabled).toBe(false);
    expect(config.workers.concurrency.low).toBe(4);
  });

  it('reads the trusted proxies as Fastify takes them, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ SIFT_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ SIFT_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(() => loadConfig({ SIFT_TRUST_PROXY: 'proxy.example.com' })).toThrow(/SIFT_TRUST_PROXY/u);
  });

  it('names the variable and the bad value when a value is invalid', () => {
    expect(() => loadConfig({ SIFT_PORT: 'eighty' })).toThrow(ConfigError);
    try {
      loadConfig({ SIFT_PORT: 'eighty', SIFT_LOG_LEVEL: 'loud' });
    } catch (err) {
      const e = err as ConfigError;
      expect(e.issues.map((i) => i.variable).sort()).toEqual(['SIFT_LOG_LEVEL', 'SIFT_PORT']);
      expect(e.message).toContain('SIFT_PORT');
      expect(e.message).toContain('"eighty"');
      expect(e.message).toMatch(/SIFT_LOG_LEVEL: .*"fatal".*"silent"/);
    }
  });

  it('rejects out-of-range ports', () => {
    expect(() => loadConfig({ SIFT_PORT: '70000' })).toThrow(/SIFT_PORT/);
  });

  it('ignores variables outside the SIFT_ prefix and treats empty values as unset', () => {
    expect(loadConfig({ PORT: 'x', SIFT_PORT: '' }).port).toBe(8080);
  });
});

describe('describeSettings', () => {
  it('lists every variable with its default and meaning', () => {
    const rows = describeSettings();
    expect(rows.find((r) => r.variable === 'SIFT_PORT')).toEqual({
      variable: 'SIFT_PORT',
      default: '8080',
      meaning: expect.stringContaining('HTTP port'),
    });
    expect(rows.every((r) => r.meaning.length > 0)).toBe(true);
  });
});
