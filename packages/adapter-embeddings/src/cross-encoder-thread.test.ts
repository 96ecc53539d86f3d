import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrossEncoderThread } from './cross-encoder-thread.js';
import { TINY_CROSS_ENCODER_SEP_BONUS, writeTinyCrossEncoder } from './tiny-cross-encoder-model.fixture.js';

const logit = (matches: number) => matches + 2 * TINY_CROSS_ENCODER_SEP_BONUS;

let root: string;
let thread: CrossEncoderThread;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-cross-encoder-thread-'));
  writeTinyCrossEncoder(path.join(root, 'sift-test', 'tiny-cross-encoder'));
  thread = new CrossEncoderThread({ model: 'sift-test/tiny-cross-encoder', modelsDir: root });
  await thread.ready;
}, 120_000);
afterAll(async () => {
  await thread.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('CrossEncoderThread', () => {
  it('answers requests in order, and drops one given up on without mixing up the others', async () => {
    const giveUp = new AbortController();
    const reason = new Error('out of time');
    const first = thread.score('cat', ['cat', 'dog']);
    const dropped = thread.score('cat', ['cat cat'], giveUp.signal);
    giveUp.abort(reason);
    const last = thread.score('mat', ['mat mat', 'cat']);
    await expect(dropped).rejects.toBe(reason);
    expect(await first).toEqual([logit(1), logit(0)]);
    expect(await last).toEqual([logit(2), logit(0)]);
    await expect(thread.score('cat', ['cat'], AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('fails what is pending, and everything after, with RERANK_FAILED once closed', async () => {
    const other = new CrossEncoderThread({ model: 'sift-test/tiny-cross-encoder', modelsDir: root });
    await other.ready;
    const pending = expect(other.score('cat', ['cat'])).rejects.toMatchObject({
      code: 'RERANK_FAILED',
      category: 'system',
    });
    await other.close();
    await pending;
    expect(other.alive).toBe(false);
    await expect(other.score('cat', ['cat'])).rejects.toMatchObject({ code: 'RERANK_FAILED' });
  }, 120_000);
});
