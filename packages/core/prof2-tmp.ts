import { chunkDocument } from './src/chunking/chunk-document.js';
import { countTokens } from './src/chunking/token-counter.js';
countTokens('warm');
const mb = 1_000_000;
let b64 = '';
for (let i = 0; b64.length < mb; i++) b64 += Buffer.from(String(i * 7919)).toString('base64');
const cases: Record<string, string> = {
  cjk: '检索增强生成需要把文档切成合适的片段以便搜索'.repeat(mb / 22),
  cjkPunct: '检索增强生成需要把文档切成合适的片段以便搜索。'.repeat(mb / 23),
  base64: b64,
  spaces: 'a '.repeat(mb / 2),
  bigSpaces: ('x' + ' '.repeat(5000)).repeat(200),
  newlines: 'word\n'.repeat(mb / 5),
  emoji: '😀'.repeat(mb / 2),
};
for (const [name, text] of Object.entries(cases)) {
  for (const strategy of ['recursive', 'structure', 'token'] as const) {
    const t = performance.now();
    const ch = chunkDocument(
      { text, blocks: [], pages: [] },
      strategy === 'token' ? { strategy, size: 256, overlap: 50 } : { strategy, size: 1000, overlap: 200 },
    );
    console.log(
      name.padEnd(10),
      strategy.padEnd(10),
      String(ch.length).padStart(6),
      'chunks',
      (performance.now() - t).toFixed(0).padStart(6),
      'ms',
      'maxTok',
      Math.max(...ch.map((c) => c.tokenCount)),
    );
  }
}
