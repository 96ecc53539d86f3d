import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';

describe('fast-check global configuration', () => {
  it('runs every property with the seed chosen in vitest.config.ts', () => {
    expect(Number.isSafeInteger(inject('fcSeed'))).toBe(true);
    expect(fc.readConfigureGlobal().seed).toBe(inject('fcSeed'));
  });

  it('reports the seed and replay path of a counterexample, so a failure can be replayed', () => {
    const failing = fc.property(fc.integer(), (n) => n < 1000);
    const error = (() => {
      try {
        fc.assert(failing);
      } catch (err) {
        return err as Error;
      }
      throw new Error('expected the property to fail');
    })();
    expect(error.message).toContain(`seed: ${inject('fcSeed')}`);
    const path = /path: "([\d:]+)"/u.exec(error.message)?.[1];
    expect(path).toBeDefined();
    // Replaying the reported seed and path finds the same shrunk counterexample straight away.
    const replay = fc.check(failing, { path: path!, endOnFailure: true });
    expect(replay.failed).toBe(true);
    expect(replay.counterexample).toEqual([1000]);
    expect(error.message).toContain('Counterexample: [1000]');
  });
});
