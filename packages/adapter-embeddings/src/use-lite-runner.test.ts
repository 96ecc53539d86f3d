import { describe, expect, it } from 'vitest';
import { coalescing, type UseLiteRunner } from './use-lite-runner.js';

/** A runner that answers each text with its length, after a tick, recording the batches it was given. */
function recordingRunner(fail?: (texts: string[]) => boolean) {
  const calls: string[][] = [];
  const runner: UseLiteRunner = {
    async embed(texts) {
      calls.push(texts);
      await new Promise((r) => setTimeout(r, 5));
      if (fail?.(texts)) throw new Error('model failed');
      return texts.map((t) => [t.length]);
    },
    async dispose() {},
  };
  return { runner, calls };
}

describe('coalescing', () => {
  it('runs a lone call at once, and joins the calls that arrive meanwhile into the next model call', async () => {
    const { runner, calls } = recordingRunner();
    const batched = coalescing(runner, 64);
    const texts = ['a', 'bb', 'ccc', 'dddd', 'eeeee'];
    const results = await Promise.all(texts.map((t) => batched.embed([t])));
    expect(results).toEqual(texts.map((t) => [[t.length]]));
    expect(calls).toEqual([['a'], ['bb', 'ccc', 'dddd', 'eeeee']]);
  });

  it('keeps each caller’s texts in one call and never passes the size limit', async () => {
    const { runner, calls } = recordingRunner();
    const batched = coalescing(runner, 4);
    const results = await Promise.all([
      batched.embed(['x']),
      batched.embed(['a', 'b', 'c']),
      batched.embed(['d', 'e']),
      batched.embed(['f', 'g', 'h', 'i', 'j']),
    ]);
    expect(results.map((r) => r.length)).toEqual([1, 3, 2, 5]);
    expect(calls).toEqual([['x'], ['a', 'b', 'c'], ['d', 'e'], ['f', 'g', 'h', 'i', 'j']]);
  });

  it('rejects every caller of a failed batch and goes on with the next', async () => {
    const { runner } = recordingRunner((texts) => texts.includes('bad'));
    const batched = coalescing(runner);
    const [first, second, third] = await Promise.allSettled([
      batched.embed(['ok']),
      batched.embed(['bad']),
      batched.embed(['also in the failed batch']),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    expect(third.status).toBe('rejected');
    expect(await batched.embed(['later'])).toEqual([[5]]);
  });
});
