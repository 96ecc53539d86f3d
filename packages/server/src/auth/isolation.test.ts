import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createWorld, upload, type Caller, type World } from '../testing/principals.js';

interface Hit {
  document_id: string;
}

/**
 * Two users with similar documents: whatever one of them searches, asks or lists contains nothing of the
 * other's — in every search mode, in similar documents, answers and their citations, chunk previews, the
 * query log, tasks and cached results. The owner's documents are made far more relevant, so that a filter
 * applied after ranking (which loses recall and leaks counts) would show up as missing hits.
 */
describe('isolation between users', { timeout: 300_000 }, () => {
  let w: World;
  let other: Caller;
  let mine: string;
  beforeAll(async () => {
    w = await createWorld({ SIFT_EMBEDDER: 'use-lite' });
    other = w.callers.other;
    const bees = 'Honey bees pollinate almond orchards; honey bees swarm; honey bees make honey. '.repeat(8);
    for (let i = 0; i < 12; i++) await upload(w, w.callers.owner, `owner-${i}.txt`, bees, w.c1);
    mine = await upload(w, other, 'mine.txt', 'My own notes mention honey bees once, beside the tomatoes.');
    const deadline = Date.now() + 120_000;
    for (;;) {
      const page = await call(w, w.callers.admin, 'GET', '/documents?status=uploaded,queued,processing');
      if ((page.body.items as unknown[]).length === 0) break;
      if (Date.now() > deadline) throw new Error('documents still processing');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 240_000);
  afterAll(() => w?.t.close());

  it.each(['lexical', 'semantic', 'hybrid'])(
    'finds only its own documents in %s search, the best first',
    async (mode) => {
      const reply = await call(w, other, 'POST', '/search', { query: 'honey bees', mode, limit: 1 });
      expect(reply.status).toBe(200);
      const hits = reply.body.hits as Hit[];
      // Filtering after ranking would have kept the owner's 12 better documents and then dropped them: no hit.
      expect(hits.map((h) => h.document_id)).toEqual([mine]);
    },
  );

  it('does not reuse a cached answer of another user for the same query', async () => {
    const owners = await call(w, w.callers.owner, 'POST', '/search', {
      query: 'almond orchards',
      mode: 'lexical',
    });
    expect((owners.body.hits as Hit[]).length).toBeGreaterThan(0);
    const again = await call(w, w.callers.owner, 'POST', '/search', {
      query: 'almond orchards',
      mode: 'lexical',
    });
    expect(again.body.cached).toBe(true);
    const others = await call(w, other, 'POST', '/search', { query: 'almond orchards', mode: 'lexical' });
    expect(others.body.cached).toBe(false);
    expect(others.body.hits).toEqual([]);
  });

  it('suggests only its own documents as similar, and cannot ask for similar of the owner’s', async () => {
    const similar = await call(w, other, 'GET', `/documents/${mine}/similar`);
    expect(similar.status).toBe(200);
    for (const item of similar.body.items as { document: { id: string } }[]) {
      expect(item.document.id).toBe(mine);
    }
    expect((await call(w, other, 'GET', `/documents/${w.d1}/similar`)).status).toBe(404);
  });

  it('answers from and cites only its own documents, in ask and in chat', async () => {
    const ask = await call(w, other, 'POST', '/ask', { question: 'What do my notes say about honey bees?' });
    expect(ask.status).toBe(200);
    const cited = ask.body.citations as { document_id: string }[];
    // Its own note answers (the owner's twelve would rank first if retrieval could see them).
    expect(cited.length).toBeGreaterThan(0);
    for (const c of cited) expect(c.document_id).toBe(mine);
    const session = await call(w, other, 'POST', '/chat/sessions', { title: 'bees' });
    const reply = await fetch(`${w.api}/chat/sessions/${session.body.id as string}/messages`, {
      method: 'POST',
      headers: { ...other.headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ content: 'What do my notes say about honey bees?' }),
    });
    const answer = (await reply.json()) as { citations: { document_id: string }[] };
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) expect(c.document_id).toBe(mine);
  });

  it('streams answers (server-sent events) built from its own documents only', async () => {
    const res = await fetch(`${w.api}/ask`, {
      method: 'POST',
      headers: { ...other.headers, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ question: 'What do my notes say about honey bees?' }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/u);
    const stream = await res.text();
    const citations = [...stream.matchAll(/^event: citations\ndata: (.*)$/gmu)].flatMap(
      (m) => (JSON.parse(m[1]!) as { citations: { document_id: string }[] }).citations,
    );
    expect(citations.length).toBeGreaterThan(0);
    for (const c of citations) expect(c.document_id).toBe(mine);
    for (const id of [w.d1, w.dPrivate]) expect(stream).not.toContain(id);
  });

  it('cannot preview the owner’s chunks, read its documents or learn they exist', async () => {
    expect((await call(w, other, 'GET', `/chunks/${w.chunkOfD1}/context`)).body.code).toBe('CHUNK_NOT_FOUND');
    expect((await call(w, other, 'GET', `/documents/${w.dPrivate}`)).body.code).toBe('DOCUMENT_NOT_FOUND');
    const listed = (await call(w, other, 'GET', '/documents?limit=500')).body.items as { id: string }[];
    expect(listed.map((d) => d.id)).toEqual([mine]);
  });

  it('sees only its own queries in the query log and its own tasks', async () => {
    await call(w, w.callers.owner, 'POST', '/search', {
      query: 'owners secret orchard query',
      mode: 'lexical',
    });
    const log = (await call(w, other, 'GET', '/search/queries')).body.items as { query: string }[];
    expect(log.some((q) => q.query.includes('secret'))).toBe(false);
    expect(log.length).toBeGreaterThan(0);
    const tasks = (await call(w, other, 'GET', '/tasks?limit=200')).body.items as {
      owner_id: string | null;
    }[];
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((t) => t.owner_id === w.userIds.other)).toBe(true);
  });

  it('lets the viewer read the shared collection only, and a restricted key only its collection', async () => {
    const viewer = (await call(w, w.callers.viewer, 'GET', '/documents?limit=500')).body.items as {
      collection_id: string | null;
    }[];
    expect(viewer.length).toBeGreaterThan(0);
    expect(viewer.every((d) => d.collection_id === w.c1)).toBe(true);
    const keyed = await call(w, w.callers.otherCollectionKey, 'POST', '/search', {
      query: 'honey bees',
      mode: 'lexical',
      limit: 50,
    });
    const ids = new Set((keyed.body.hits as Hit[]).map((h) => h.document_id));
    expect([...ids]).toEqual([w.d2]);
  });

  it('counts in the dashboard only the documents it may read and its own searches; an admin counts all', async () => {
    await call(w, w.callers.owner, 'POST', '/search', { query: 'owners zebra secret', mode: 'lexical' });
    await call(w, other, 'POST', '/search', { query: 'others okapi question', mode: 'lexical' });
    const dashboard = async (caller: Caller) => {
      const reply = await call(w, caller, 'GET', '/stats?range=24h&top=100');
      expect(reply.status, caller.name).toBe(200);
      return reply.body as {
        scope: { documents: string; searches: string };
        documents: { total: number };
        search: { searches: number; top_zero_result_queries: { query: string }[] };
      };
    };
    const listed = async (caller: Caller) =>
      ((await call(w, caller, 'GET', '/documents?limit=500')).body.items as unknown[]).length;
    const zeroQueries = (stats: Awaited<ReturnType<typeof dashboard>>) =>
      stats.search.top_zero_result_queries.map((q) => q.query);

    const others = await dashboard(other);
    expect(others.scope).toEqual({ documents: 'readable', searches: 'own' });
    expect(others.documents.total).toBe(1);
    expect(zeroQueries(others)).toContain('others okapi question');
    expect(zeroQueries(others)).not.toContain('owners zebra secret');
    const admin = await dashboard(w.callers.admin);
    expect(admin.scope).toEqual({ documents: 'all', searches: 'all' });
    expect(zeroQueries(admin)).toEqual(
      expect.arrayContaining(['others okapi question', 'owners zebra secret']),
    );
    expect(admin.search.searches).toBeGreaterThan(others.search.searches);
    // The same documents the list shows each of them, counted inside the query.
    for (const name of ['viewer', 'admin', 'otherCollectionKey'] as const) {
      expect((await dashboard(w.callers[name])).documents.total, name).toBe(await listed(w.callers[name]));
    }
    expect((await dashboard(w.callers.otherCollectionKey)).documents.total).toBe(1);
  });
});
