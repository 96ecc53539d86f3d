import { afterAll, describe, expect, it } from 'vitest';
import { spawnSift, tempDirs } from '../testing/run-sift.js';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

/** Starts `sift serve` with warnings logged and resolves with its log lines up to the first that matches. */
async function warnsWith(env: Record<string, string>, pattern: RegExp): Promise<string> {
  const child = spawnSift(['serve'], await dirs.make('sift-serve-warn-'), {
    SIFT_PORT: '0',
    SIFT_WORKERS: 'false',
    SIFT_LOG_LEVEL: 'warn',
    ...env,
  });
  let out = '';
  try {
    return await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        if (pattern.test(out)) resolve(out);
      });
      child.once('exit', (code) => reject(new Error(`sift serve exited ${code} before warning:\n${out}`)));
    });
  } finally {
    child.kill('SIGTERM');
  }
}

describe('sift serve start-up warnings', { timeout: 60_000 }, () => {
  it('warns loudly when accounts are off', async () => {
    const log = await warnsWith({ SIFT_AUTH: 'off' }, /SIFT_AUTH=off/u);
    expect(log).toMatch(/"level":40.*every request acts as the operator/u);
  });

  it('tells how to create the first admin while no account exists', async () => {
    const log = await warnsWith({ SIFT_AUTH: 'on' }, /no account exists yet/u);
    expect(log).toMatch(/\/api\/v1\/auth\/setup.*sift users add --role admin/u);
  });

  it('refuses to start without accounts on an address others can reach', async () => {
    const child = spawnSift(['serve'], await dirs.make('sift-serve-warn-'), {
      SIFT_AUTH: 'off',
      SIFT_HOST: '0.0.0.0',
      SIFT_PORT: '0',
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(err).toMatch(/SIFT_AUTH.*off is allowed only when SIFT_HOST is a loopback address/u);
  });
});
