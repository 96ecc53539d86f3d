#!/usr/bin/env node
// The `sift` binary. Sift ships TypeScript sources and runs them through tsx, so there is no build step
// between `npm install` and a working CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
