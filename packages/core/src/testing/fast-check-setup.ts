// Vitest setup file (registered in the root vitest.config.ts): every fast-check property in the repo runs
// with the seed the config chose from FC_SEED, so a run is reproducible and CI is never red by chance.
// Properties must not pass their own `seed`; `numRuns` and other per-call parameters merge over this.
import fc from 'fast-check';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Seed for every fast-check property: FC_SEED, a fresh one for FC_SEED=random, else a fixed default. */
    fcSeed: number;
  }
}

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: inject('fcSeed') });
