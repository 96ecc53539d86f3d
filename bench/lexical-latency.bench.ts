// Lexical search latency on a 100k-chunk synthetic corpus: words drawn from a Zipf distribution (a few
// function words in most chunks, a long tail of rare ones, as in real text), ~120 words a chunk, 10 chunks a
// document, spread over 10 collections, 7 tags and 2 languages. Reports p50/p95 of searches (top 20)
// unfiltered, filtered by owner (every chunk passes), to one collection (a tenth), to a tag and a language
// (a fourteenth) and to one document (the fallback that filters every matching chunk), and of snippets.
// Prints one JSON line. BENCH_LEXICAL_CHUNKS sets the corpus size.
import { SETTINGS_FOR_BENCH, zipfWords } from './lexical-corpus.js';
import { openBenchStore, percentile, saveDocument } from './lexical-support.js';
import { LOCAL_USER_ID, type SearchFilter } from '@sift/core';

const CHUNKS = Number(process.env.BENCH_LEXICAL_CHUNKS ?? 100_000);
const CHUNKS_PER_DOC = 10;
const WORDS_PER_CHUNK = 120;
const QUERIES = 300;

const words = zipfWords(20240601);
const bench = await openBenchStore();
try {
  const collections: string[] = [];
  for (let i = 0; i < 10; i++) {
    const c = await bench.store.collections.create({
      ownerId: LOCAL_USER_ID,
      name: `c${i}`,
      settings: SETTINGS_FOR_BENCH,
    });
    collections.push(c.id);
  }
  const ingestStart = performance.now();
  const samples: string[] = [];
  let firstDocument = '';
  bench.db.exec('BEGIN');
  for (let d = 0; d < CHUNKS / CHUNKS_PER_DOC; d++) {
    const chunks = Array.from({ length: CHUNKS_PER_DOC }, () => words.text(WORDS_PER_CHUNK));
    if (d % Math.ceil(CHUNKS / CHUNKS_PER_DOC / QUERIES) === 0) samples.push(chunks[0]!);
    const saved = await saveDocument(bench.store, {
      title: words.text(5),
      chunks,
      language: d % 2 === 0 ? 'en' : 'de',
      doc: { collectionId: collections[d % 10]!, tags: [`t${d % 7}`] },
    });
    firstDocument ||= saved.id;
    if (d % 1000 === 999) {
      bench.db.exec('COMMIT');
      bench.db.exec('BEGIN');
    }
  }
  bench.db.exec('COMMIT');
  const ingestS = (performance.now() - ingestStart) / 1000;

  // Queries: 2–8 words picked from a chunk, so they mix function words with rarer ones, as a user's do.
  const queries = samples.slice(0, QUERIES).map((chunk, i) => {
    const all = chunk.split(' ');
    const n = 2 + (i % 7);
    return Array.from({ length: n }, (_, j) => all[(i * 7 + j * 13) % all.length]).join(' ');
  });
  const time = async (filter: SearchFilter) => {
    const ms: number[] = [];
    let hits = 0;
    for (const query of queries) {
      const started = performance.now();
      hits += (await bench.index.search(query, { filter, limit: 20 })).length;
      ms.push(performance.now() - started);
    }
    return {
      p50_ms: round(percentile(ms, 50)),
      p95_ms: round(percentile(ms, 95)),
      avg_hits: round(hits / queries.length),
    };
  };
  // Warm the page cache and statement cache once.
  await time({});
  const unfiltered = await time({});
  const owner = await time({ ownerId: LOCAL_USER_ID });
  const collection = await time({ collectionIds: [collections[3]!] });
  const tagAndLanguage = await time({ tags: ['t2'], languages: ['de'] });
  const oneDocument = await time({ documentIds: [firstDocument] });
  const snippetMs: number[] = [];
  for (const query of queries) {
    const [top] = await bench.index.search(query, { filter: {}, limit: 1 });
    if (!top) continue;
    const started = performance.now();
    await bench.index.snippet(top.chunkId, query, { open: '<b>', close: '</b>', maxChars: 200 });
    snippetMs.push(performance.now() - started);
  }
  console.log(
    JSON.stringify({
      bench: 'lexical_latency',
      chunks: CHUNKS,
      queries: queries.length,
      ingest_s: round(ingestS, 1),
      unfiltered,
      owner_filter: owner,
      collection_filter: collection,
      tag_language_filter: tagAndLanguage,
      one_document_filter: oneDocument,
      snippet: { p50_ms: round(percentile(snippetMs, 50)), p95_ms: round(percentile(snippetMs, 95)) },
    }),
  );
} finally {
  bench.close();
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}
