import { splitRecursive } from './src/chunking/recursive-splitter.js';
import { splitByStructure } from './src/chunking/structure-splitter.js';
import { splitByTokens } from './src/chunking/token-splitter.js';
import { annotateChunks } from './src/chunking/chunk-annotations.js';
import { countTokens } from './src/chunking/token-counter.js';
import { paragraph } from './src/chunking/test-documents.js';
countTokens('warm');
let text = '';
let i = 0;
while (text.length < 5e6) {
  text += paragraph(i, 2 + (i % 5)) + '\n\n';
  i++;
}
const time = (label: string, f: () => unknown) => {
  const t = performance.now();
  const r = f();
  console.log(label, (performance.now() - t).toFixed(0), 'ms');
  return r;
};
for (let k = 0; k < 2; k++) {
  const spans = time('recursive split', () => splitRecursive(text, 1000, 200)) as {
    start: number;
    end: number;
  }[];
  time('structure split (no blocks)', () => splitByStructure(text, [], 1000, 200));
  time('annotate', () => annotateChunks(text, spans, [], []));
  time('count chunks', () => spans.reduce((n, s) => n + countTokens(text.slice(s.start, s.end)), 0));
  time('token split', () => splitByTokens(text, 256, 50));
}
