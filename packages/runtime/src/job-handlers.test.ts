import type { JobContext, Task } from '@sift/core';
import { describe, expect, it } from 'vitest';
import { noopHandler } from './job-handlers.js';

function context<P>(payload: P, signal: AbortSignal): JobContext<P> {
  return { task: { id: 't1' } as Task<P>, payload, signal, progress: async () => {} };
}

describe('system.noop', () => {
  const noop = noopHandler;

  it('sleeps as asked and reports how long', async () => {
    await expect(noop(context({ sleepMs: 5 }, new AbortController().signal))).resolves.toEqual({
      sleptMs: 5,
    });
    await expect(noop(context({}, new AbortController().signal))).resolves.toEqual({ sleptMs: 0 });
  });

  it('stops sleeping as soon as its signal aborts', async () => {
    const controller = new AbortController();
    const running = noop(context({ sleepMs: 60_000 }, controller.signal));
    controller.abort(new Error('cancelled'));
    await expect(running).rejects.toThrow();
  });
});
