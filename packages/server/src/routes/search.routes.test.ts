import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../problem.schema.js';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles, waitForDocument } from '../testing/upload.js';

interface Hit {
  chunk_id: string;
  document_id: string;
  title: string | null;
  filename: string;
  heading_path: string[];
  start_char: number;
  end_char: number;
  content: string;
  snippet: string;
  scores: { lexical: number | null; vector: number | null; fused: number; rerank: number | null };
}
interface SearchBody {
  hits: Hit[];
  mode: string;
  cached: boolean;
  reranker: string | null;
  warnings: string[];
  took_ms: number;
}

const DOCS = {
  'bees.md': '# Pollination\n\nHoney bees pollinate almond orchards in California every spring.',
  'hives.md': '# Beekeeping\n\nA beekeeper inspects the hive frames for honey and brood.',
  'rust.md': '# Programming\n\nThe borrow checker of the Rust compiler rejects dangling references.',
  'tides.txt': 'The moon’s gravity raises ocean tides twice a day along the coast.',
};

/**
 * The search API end to end: real uploads, the real pipeline with the default offline embedder (USE-lite),
 * the SQLite FTS5 and vector indexes.
 */
describe('search API', () => {
  let t: TestServer;
  const ids: Record<string, string> = {};
  let collectionId: string;
  const api = () => `${t.url}/api/v1`;
  const search = (body: object) =>
    fetchJson<SearchBody & Problem>(`${api()}/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await startTestServer({ startWorkers: true });
    const created = await fetchJson<{ id: string }>(`${api()}/collections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'nature' }),
    });
    collectionId = created.body.id;
    const nature = ['bees.md', 'hives.md', 'tides.txt'] as const;
    const up = await uploadFiles(
      api(),
      nature.map((name) => ({ name, data: DOCS[name] })),
      { collection_id: collectionId, tags: 'nature' },
    );
    const up2 = await uploadFiles(api(), [{ name: 'rust.md', data: DOCS['rust.md'] }]);
    for (const item of [...up.body.items, ...up2.body.items]) {
      const doc = await waitForDocument(api(), item.document_id!);
      expect(doc.status).toBe('processed');
      ids[item.filename] = doc.id;
    }
  }, 120_000);
  afterAll(() => t?.close());

  it('finds highlighted, citable hits in every mode', async () => {
    const text = await (
      await fetch(`${api()}/documents/${ids['bees.md']}/text`, { headers: { accept: 'text/plain' } })
    ).text();
    for (const mode of ['lexical', 'semantic', 'hybrid']) {
      const res = await search({ query: 'pollinate almond orchards', mode, limit: 3 });
      expect(res.status).toBe(200);
      expect(res.body.mode).toBe(mode);
      const top = res.body.hits[0]!;
      expect(top.document_id).toBe(ids['bees.md']);
      expect(top.heading_path).toEqual(['Pollination']);
      expect(text.slice(top.start_char, top.end_char)).toBe(top.content);
      if (mode !== 'semantic') expect(top.snippet).toContain('<mark>pollinate</mark>');
      expect(top.scores.lexical === null).toBe(mode === 'semantic');
      expect(top.scores.vector === null).toBe(mode === 'lexical');
    }
  });

  it('finds by meaning what shares no word with the query', async () => {
    const res = await search({ query: 'programming language memory safety', mode: 'semantic', limit: 1 });
    expect(res.body.hits[0]!.document_id).toBe(ids['rust.md']);
  });

  it('applies filters by collection name, tag and type, and refuses unknown collections', async () => {
    const inNature = await search({ query: 'honey', filters: { collections: ['nature'] }, limit: 10 });
    expect(inNature.body.hits.length).toBeGreaterThan(0);
    const docs = new Set(inNature.body.hits.map((h) => h.document_id));
    expect(docs.has(ids['rust.md']!)).toBe(false);
    const byTag = await search({ query: 'compiler', mode: 'lexical', filters: { tags: ['nature'] } });
    expect(byTag.body.hits).toEqual([]);
    const byType = await search({ query: 'tides', mode: 'lexical', filters: { types: ['text/plain'] } });
    expect(byType.body.hits.map((h) => h.document_id)).toEqual([ids['tides.txt']]);
    const missing = await search({ query: 'x', filters: { collections: ['nope'] } });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('COLLECTION_NOT_FOUND');
  });

  it('groups by document, caches repeated queries, reranks with MMR and logs queries', async () => {
    const grouped = await search({ query: 'honey bees hive', group_by_document: true, limit: 10 });
    const docIds = grouped.body.hits.map((h) => h.document_id);
    expect(new Set(docIds).size).toBe(docIds.length);
    const again = await search({ query: 'Honey bees, hive!', group_by_document: true, limit: 10 });
    expect(again.body.cached).toBe(true);
    const mmr = await search({ query: 'honey bees', rerank: 'mmr', limit: 3 });
    expect(mmr.body.reranker).toBe('mmr');
    expect(mmr.body.hits[0]!.scores.rerank).not.toBeNull();
    const log = await fetchJson<{ items: { query: string; results_count: number }[] }>(
      `${api()}/search/queries?limit=3`,
    );
    expect(log.body.items[0]).toMatchObject({ query: 'honey bees', results_count: 3 });
  });

  it('refuses bad requests with stable codes', async () => {
    expect((await search({ query: '' })).status).toBe(400);
    const badMode = await search({ query: 'x', mode: 'fuzzy' });
    expect(badMode.status).toBe(400);
    const unconfigured = await search({ query: 'x', rerank: 'cross-encoder' });
    expect(unconfigured.status).toBe(400);
    expect(unconfigured.body.code).toBe('RERANKER_UNKNOWN');
    const blank = await search({ query: '   ' });
    expect(blank.body.code).toBe('SEARCH_QUERY_EMPTY');
  });

  it('lists similar documents without the source', async () => {
    const res = await fetchJson<{ items: { document_id: string; score: number }[] }>(
      `${api()}/documents/${ids['bees.md']}/similar?limit=3`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items.map((d) => d.document_id)).not.toContain(ids['bees.md']);
    expect(res.body.items[0]!.document_id).toBe(ids['hives.md']);
    const missing = await fetchJson<Problem>(`${api()}/documents/nope/similar`);
    expect(missing.status).toBe(404);
  });
});
