export { writeZip, type ZipEntrySpec } from './zip-writer.js';
export { writeTar, type TarEntrySpec } from './tar-writer.js';
export { characterErrorRate, wordErrorRate, normaliseWords } from './error-rates.js';
export { expectConsistentOffsets } from './expect-consistent-offsets.js';
