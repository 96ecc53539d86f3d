// Chunking throughput: MB of text per second through chunkDocument (cut + annotations + exact token counts)
// for each strategy, on a generated ~5 MB document of headings, paragraphs, tables and lists with blocks and
// pages as an extractor reports them. Prints one JSON line.
import { chunkDocument, countTokens, type ChunkingSettings, type PageSpan, type TextBlock } from '@sift/core';

const TARGET_MB = Number(process.env.BENCH_CHUNKING_MB ?? 5);
const RUNS = 3;

const WORDS = (
  'the a of to and in is for on that with as by this from at be are it or an was document search index ' +
  'chunk embedding vector query result page table section retrieval answer source citation model token'
).split(' ');

/** A deterministic pseudo-random generator, so every run chunks the same text. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) & 0x7fffffff;
    return state / 2 ** 31;
  };
}

function buildDocument(targetChars: number): { text: string; blocks: TextBlock[]; pages: PageSpan[] } {
  const random = lcg(42);
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const sentence = () => {
    const words = Array.from({ length: 6 + Math.floor(random() * 18) }, pick);
    return `${words[0]![0]!.toUpperCase()}${words.join(' ').slice(1)}${random() < 0.8 ? '.' : '?'}`;
  };
  const parts: string[] = [];
  const blocks: TextBlock[] = [];
  const pages: PageSpan[] = [];
  let length = 0;
  let pageStart = 0;
  const add = (kind: TextBlock['kind'], body: string, extra: Partial<TextBlock> = {}) => {
    if (length > 0) {
      parts.push('\n\n');
      length += 2;
    }
    blocks.push({ kind, start: length, end: length + body.length, page: pages.length + 1, ...extra });
    parts.push(body);
    length += body.length;
    if (length - pageStart > 3_000) {
      pages.push({ number: pages.length + 1, start: pageStart, end: length });
      pageStart = length + 2;
    }
  };
  for (let section = 0; length < targetChars; section++) {
    add('heading', `${section + 1}. ${sentence().slice(0, 40)}`, { level: 1 + (section % 3) });
    const paragraphs = 2 + Math.floor(random() * 6);
    for (let p = 0; p < paragraphs; p++) {
      add('paragraph', Array.from({ length: 2 + Math.floor(random() * 12) }, sentence).join(' '));
    }
    if (section % 4 === 0) {
      const rows = Array.from(
        { length: 3 + Math.floor(random() * 40) },
        (_, r) => `| ${pick()} | ${r} | ${pick()} |`,
      );
      add('table', ['| name | n | kind |', '| --- | --- | --- |', ...rows].join('\n'));
    }
    if (section % 5 === 0) add('list', Array.from({ length: 6 }, () => `- ${sentence()}`).join('\n'));
  }
  pages.push({ number: pages.length + 1, start: pageStart, end: length });
  return { text: parts.join(''), blocks, pages };
}

function mbPerSecond(
  doc: ReturnType<typeof buildDocument>,
  settings: ChunkingSettings,
): { rate: number; chunks: number } {
  let best = Infinity;
  let chunks = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    chunks = chunkDocument(doc, settings).length;
    best = Math.min(best, performance.now() - started);
  }
  return { rate: doc.text.length / 1e6 / (best / 1000), chunks };
}

const loadStarted = performance.now();
countTokens('load the cl100k_base encoder once before timing');
const encoderLoadMs = performance.now() - loadStarted;

const doc = buildDocument(TARGET_MB * 1e6);
const countStarted = performance.now();
countTokens(doc.text);
const countSeconds = (performance.now() - countStarted) / 1000;

const recursive = mbPerSecond(doc, { strategy: 'recursive', size: 1000, overlap: 200 });
const structure = mbPerSecond(doc, { strategy: 'structure', size: 1000, overlap: 200 });
const token = mbPerSecond(doc, { strategy: 'token', size: 256, overlap: 50 });

const round = (x: number) => Math.round(x * 100) / 100;
console.log(
  JSON.stringify({
    bench: 'chunking',
    text_mb: round(doc.text.length / 1e6),
    encoder_load_ms: Math.round(encoderLoadMs),
    count_tokens_mb_per_s: round(doc.text.length / 1e6 / countSeconds),
    strategy_recursive_mb_per_s: round(recursive.rate),
    strategy_structure_mb_per_s: round(structure.rate),
    strategy_token_mb_per_s: round(token.rate),
    chunks_recursive_1000_200: recursive.chunks,
    chunks_structure_1000_200: structure.chunks,
    chunks_token_256_50: token.chunks,
  }),
);
