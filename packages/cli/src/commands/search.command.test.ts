import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSift, tempDirs } from '../testing/run-sift.js';

/** What `sift search --json` prints (the parts the tests read). */
interface SearchJson {
  hits: {
    documentId: string;
    filename: string;
    startChar: number;
    endChar: number;
    content: string;
    snippet: string;
    scores: { lexical: number | null; vector: number | null; fused: number; rerank: number | null };
  }[];
  mode: string;
  cached: boolean;
  warnings: string[];
}

const FILES: Record<string, string> = {
  'bees.md': '# Bees\n\nHoney bees pollinate flowers and make honey in the hive.\n',
  'volcano.txt': 'The volcano erupted and lava flowed down the mountain slope.\n',
  'trains.md': '# Trains\n\nSteam locomotives pulled freight across the continent.\n',
};

/**
 * `sift search` run as the real binary over a data dir filled once by `sift ingest` (the default embedder,
 * USE-lite, runs offline). Every run is a Node process loading TypeScript and the model: a generous timeout.
 */
describe('sift search', { timeout: 120_000 }, () => {
  const dirs = tempDirs();
  let dataDir: string;
  let documentIds: string[];
  let idOf: (filename: string) => string;

  beforeAll(async () => {
    dataDir = await dirs.make('sift-cli-search-data-');
    const folder = await dirs.make('sift-cli-search-folder-');
    for (const [name, text] of Object.entries(FILES)) await writeFile(path.join(folder, name), text);
    const run = await runSift(['ingest', folder, '--collection', 'c', '--json'], dataDir);
    expect(run.code, run.stderr).toBe(0);
    const ingest = JSON.parse(run.stdout) as {
      documentIds: string[];
      processing: { processed: number; failed: number };
    };
    expect(ingest.processing).toMatchObject({ processed: 3, failed: 0 });
    documentIds = ingest.documentIds;
    // The file names of the ingested documents, read back from a search that returns all three.
    const all = await search(['bees', 'volcano', 'locomotives', '--mode', 'lexical', '--json']);
    const byName = new Map(all.json.hits.map((h) => [h.filename, h.documentId]));
    expect([...byName.keys()].sort()).toEqual(Object.keys(FILES).sort());
    idOf = (filename) => byName.get(filename)!;
  }, 180_000);
  afterAll(() => dirs.cleanup());

  async function search(args: string[]) {
    const run = await runSift(['search', ...args], dataDir);
    expect(run.code, run.stderr).toBe(0);
    return { ...run, json: JSON.parse(run.stdout) as SearchJson };
  }

  it('finds cited chunks in lexical, semantic and hybrid modes, marking the terms where words match', async () => {
    const [lexical, semantic, hybrid] = await Promise.all([
      search(['honey', 'bees', '--mode', 'lexical', '--json']),
      search(['lava', 'mountain', '--mode', 'semantic', '--collection', 'c', '--json']),
      search(['honey', 'bees', '--json']),
    ]);

    for (const { json } of [lexical, semantic, hybrid]) {
      expect(json.warnings).toEqual([]);
      for (const hit of json.hits) {
        expect(documentIds).toContain(hit.documentId);
        // The offsets are the chunk's exact range in the document's text.
        expect(hit.startChar).toBeGreaterThanOrEqual(0);
        expect(hit.endChar - hit.startChar).toBe(hit.content.length);
        // Relative fusion scales each leg to 0..1 within the results, so the last hit may fuse to 0.
        expect(hit.scores.fused).toBeGreaterThanOrEqual(0);
      }
    }

    // Lexical: only the document holding the words, scored by BM25 alone.
    expect(lexical.json.mode).toBe('lexical');
    expect(lexical.json.hits).toHaveLength(1);
    const [bee] = lexical.json.hits;
    expect(bee).toMatchObject({ documentId: idOf('bees.md'), filename: 'bees.md' });
    expect(bee!.content).toContain('Honey bees pollinate flowers');
    expect(bee!.snippet).toContain('<mark>Honey</mark> <mark>bees</mark>');
    expect(bee!.scores.lexical).toBeGreaterThan(0);
    expect(bee!.scores.vector).toBeNull();

    // Semantic: every chunk is a candidate, the one about the same things first, scored by cosine alone.
    expect(semantic.json.mode).toBe('semantic');
    expect(semantic.json.hits.map((h) => h.filename).sort()).toEqual(Object.keys(FILES).sort());
    expect(semantic.json.hits[0]!.documentId).toBe(idOf('volcano.txt'));
    for (const hit of semantic.json.hits) {
      expect(hit.scores.lexical).toBeNull();
      expect(hit.scores.vector).not.toBeNull();
    }
    const cosines = semantic.json.hits.map((h) => h.scores.vector!);
    expect(cosines).toEqual([...cosines].sort((a, b) => b - a));

    // Hybrid (the default): the matching chunk first, with both legs' scores and its terms marked.
    expect(hybrid.json.mode).toBe('hybrid');
    expect(hybrid.json.hits[0]!.documentId).toBe(idOf('bees.md'));
    expect(hybrid.json.hits[0]!.scores.lexical).toBeGreaterThan(0);
    expect(hybrid.json.hits[0]!.scores.vector).not.toBeNull();
    expect(hybrid.json.hits[0]!.snippet).toContain('<mark>bees</mark>');
    const fused = hybrid.json.hits.map((h) => h.scores.fused);
    expect(fused).toEqual([...fused].sort((a, b) => b - a));
  });

  it('prints numbered citations for humans, and "No results." with exit 0 when nothing matches', async () => {
    const [human, nothing, nothingJson] = await Promise.all([
      runSift(['search', 'steam', 'locomotives', '--mode', 'lexical'], dataDir),
      runSift(['search', 'zyzzyva', 'quux', '--mode', 'lexical'], dataDir),
      runSift(['search', 'zyzzyva', 'quux', '--mode', 'lexical', '--json'], dataDir),
    ]);

    expect(human.code, human.stderr).toBe(0);
    // Not a terminal: the marked terms are shown as **bold** instead of colour codes.
    expect(human.stdout).toMatch(/^\[1\] Trains \(trains\.md\) · Trains · chars \d+–\d+\n/);
    expect(human.stdout).toContain('**Steam** **locomotives** pulled freight');
    expect(human.stdout).toMatch(/fused \d\.\d{4}, bm25 \d+\.\d{2} · chunk [0-9a-f-]{36}/);
    expect(human.stdout).not.toContain('[2]');
    expect(human.stdout).toMatch(/1 hit\(s\), lexical, [\d.]+ ms\n$/);

    expect(nothing.code, nothing.stderr).toBe(0);
    expect(nothing.stdout).toMatch(/^No results\.\n0 hit\(s\), lexical, [\d.]+ ms\n$/);
    expect(nothingJson.code).toBe(0);
    expect(JSON.parse(nothingJson.stdout)).toMatchObject({ hits: [], mode: 'lexical' });
  });

  it('exits 2 with COLLECTION_NOT_FOUND for an unknown collection and refuses an unknown mode', async () => {
    const [unknown, fuzzy] = await Promise.all([
      runSift(['search', 'honey', '--collection', 'other-unknown', '--json'], dataDir),
      runSift(['search', 'honey', '--mode', 'fuzzy'], dataDir),
    ]);

    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('COLLECTION_NOT_FOUND');
    expect(unknown.stderr).toContain('other-unknown');

    expect(fuzzy.code).toBe(2);
    expect(fuzzy.stdout).toBe('');
    expect(fuzzy.stderr).toContain('--mode must be lexical, semantic or hybrid (got "fuzzy")');
  });
});
