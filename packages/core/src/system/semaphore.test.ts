import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.js';

/** A task the test finishes by hand, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    open: () => open(),
    task: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
      return name;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once and starts waiters in arrival order', async () => {
    const log: string[] = [];
    const semaphore = new Semaphore(2);
    const gates = ['a', 'b', 'c', 'd'].map((name) => gate(log, name));
    const runs = gates.map((g) => semaphore.run(g.task));
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    expect([semaphore.active, semaphore.waiting]).toEqual([2, 2]);
    gates[1]!.open();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    gates[0]!.open();
    gates[2]!.open();
    gates[3]!.open();
    expect(await Promise.all(runs)).toEqual(['a', 'b', 'c', 'd']);
    expect([semaphore.active, semaphore.waiting]).toEqual([0, 0]);
  });

  it('frees the slot when a task fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await semaphore.run(async () => 'next')).toBe('next');
    expect(semaphore.active).toBe(0);
  });

  it('drops a waiter whose signal aborts, and lets the others through', async () => {
    const log: string[] = [];
    const semaphore = new Semaphore(1);
    const first = gate(log, 'first');
    const running = semaphore.run(first.task);
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const abandoned = semaphore.run(async () => 'never', controller.signal);
    const later = semaphore.run(async () => 'later');
    await tick();
    controller.abort(reason);
    await expect(abandoned).rejects.toBe(reason);
    expect(semaphore.waiting).toBe(1);
    first.open();
    expect(await Promise.all([running, later])).toEqual(['first', 'later']);
  });

  it('refuses an already aborted signal and a limit below one', async () => {
    const reason = new Error('gone');
    await expect(new Semaphore(1).run(async () => 1, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
