import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../problem.schema.js';
import { fetchJson, startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles, waitForDocument } from '../testing/upload.js';

interface CitationBody {
  n: number;
  document_id: string;
  filename: string;
  chunk_id: string;
  start_char: number;
  end_char: number;
  quote: string;
}
interface AnswerBody {
  answer: string;
  mode: string;
  model: string | null;
  citations: CitationBody[];
  usage: unknown;
  timings: { total_ms: number };
  message_id?: string;
}
interface SessionBody {
  id: string;
  title: string;
  scope: { collections?: string[] };
  messages: (Omit<AnswerBody, 'answer' | 'mode'> & { role: string; content: string; mode: string | null })[];
}

const DOCS = {
  'bees.md':
    '# Pollination\n\nHoney bees pollinate almond orchards in California every spring. Beekeepers truck ' +
    'thousands of hives to the Central Valley in February for the bloom.\n\n# Honey\n\nA strong colony ' +
    'stores more than thirty kilograms of honey over the summer.',
  'compost.md':
    '# Compost\n\nA compost heap turns kitchen scraps into dark crumbly soil within a few months. Turning ' +
    'the heap every week lets in oxygen and speeds up the decomposition.',
  'rust.md':
    '# Programming\n\nThe borrow checker of the Rust compiler rejects programs with dangling references. ' +
    'Ownership rules free memory without a garbage collector.',
};
const NOT_FOUND = 'I could not find this in the documents.';
const ALMONDS = 'Who pollinates almond orchards in California?';

/** One parsed server-sent event. */
interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2) ?? '';
      return { event: field('event'), data: JSON.parse(field('data')) as Record<string, unknown> };
    });
}

/**
 * The chat API in extractive mode (no LLM configured, the default) end to end: real uploads, the real
 * pipeline with the offline USE-lite embedder, SQLite search, answers made of the documents' own sentences.
 */
describe('chat API, extractive answers', () => {
  let t: TestServer;
  const ids: Record<string, string> = {};
  const texts: Record<string, string> = {};
  const api = () => `${t.url}/api/v1`;
  const post = <T>(path: string, body: unknown, accept = 'application/json') =>
    fetchJson<T & Problem>(`${api()}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify(body),
    });
  const createSession = async (body: object = {}) => {
    const res = await post<SessionBody>('/chat/sessions', body);
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const ask = (question: string, scope: object = {}) => post<AnswerBody>('/ask', { question, scope });
  const send = (sessionId: string, content: string) =>
    post<AnswerBody>(`/chat/sessions/${sessionId}/messages`, { content });
  const streamMessage = (sessionId: string, content: string) =>
    fetch(`${api()}/chat/sessions/${sessionId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content }),
    });

  /** Every [n] of the answer has a citation whose quote is exactly its range of the document's text. */
  function expectResolvableCitations(answer: AnswerBody): void {
    const markers = [...answer.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(markers.length).toBeGreaterThan(0);
    expect(answer.citations.map((c) => c.n).sort()).toEqual([...new Set(markers)].sort());
    for (const c of answer.citations) {
      const text = texts[c.filename]!;
      expect(c.document_id).toBe(ids[c.filename]);
      expect(text.slice(c.start_char, c.end_char)).toBe(c.quote);
    }
    // Each sentence of an extractive answer is a sentence of the passage its marker cites.
    for (const [, sentence, n] of answer.answer.matchAll(/\s*(.+?) \[(\d+)\]/g)) {
      expect(answer.citations.find((c) => c.n === Number(n))!.quote).toContain(sentence);
    }
  }

  beforeAll(async () => {
    t = await startTestServer({ startWorkers: true });
    const garden = await post<{ id: string }>('/collections', { name: 'garden' });
    const inGarden = await uploadFiles(
      api(),
      (['bees.md', 'compost.md'] as const).map((name) => ({ name, data: DOCS[name] })),
      { collection_id: garden.body.id },
    );
    const outside = await uploadFiles(api(), [{ name: 'rust.md', data: DOCS['rust.md'] }]);
    for (const item of [...inGarden.body.items, ...outside.body.items]) {
      const doc = await waitForDocument(api(), item.document_id!);
      expect(doc.status).toBe('processed');
      ids[item.filename] = doc.id;
      const res = await fetch(`${api()}/documents/${doc.id}/text`, { headers: { accept: 'text/plain' } });
      texts[item.filename] = await res.text();
    }
  }, 120_000);
  afterAll(() => t?.close());

  it('answers with sentences of the document that holds the answer, each cited by an exact range', async () => {
    const session = await createSession();
    const res = await send(session, ALMONDS);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'extractive', model: null, usage: null });
    expect(res.body.answer).toContain('Honey bees pollinate almond orchards in California every spring. [1]');
    expect(res.body.citations[0]).toMatchObject({ n: 1, document_id: ids['bees.md'], filename: 'bees.md' });
    expectResolvableCitations(res.body);
    expect(res.body.message_id).toEqual(expect.any(String));

    const honey = await ask('How much honey does a strong colony store?');
    expect(honey.body.mode).toBe('extractive');
    expect(honey.body.answer).toContain('thirty kilograms of honey');
    expectResolvableCitations(honey.body);
  });

  it('says it could not find what no document holds, without citations', async () => {
    // The last two come near a document: one by meaning alone, one by a shared stem ("speeds up").
    for (const question of [
      'Who won the football world cup in 1998?',
      'What is the boiling point of mercury?',
      'What is the speed of light in vacuum?',
    ]) {
      const res = await ask(question);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ mode: 'not_found', answer: NOT_FOUND, citations: [] });
    }
    const session = await createSession();
    const inSession = await send(session, 'What is the capital of Mongolia?');
    expect(inSession.body).toMatchObject({ mode: 'not_found', answer: NOT_FOUND, citations: [] });
  });

  it('limits every answer of a session to its scope', async () => {
    const question = 'What does the Rust borrow checker reject?';
    const everywhere = await ask(question);
    expect(everywhere.body.mode).toBe('extractive');
    expect(everywhere.body.citations.map((c) => c.filename)).toEqual(['rust.md']);

    const session = await createSession({ scope: { collections: ['garden'] } });
    const got = await fetchJson<SessionBody>(`${api()}/chat/sessions/${session}`);
    expect(got.body.scope).toEqual({ collections: ['garden'] });
    const scoped = await send(session, question);
    expect(scoped.body).toMatchObject({ mode: 'not_found', citations: [] });
    const askScoped = await ask(question, { collections: ['garden'] });
    expect(askScoped.body).toMatchObject({ mode: 'not_found', citations: [] });
    // What the scope holds is still answered.
    const inScope = await send(session, ALMONDS);
    expect(inScope.body.citations.map((c) => c.filename)).toEqual(['bees.md']);
  });

  it('streams tokens, then the citations, then done — the same answer the JSON form gives', async () => {
    const session = await createSession();
    const res = await streamMessage(session, ALMONDS);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await res.text());
    const names = events.map((e) => e.event);
    const tokens = names.filter((n) => n === 'token').length;
    expect(tokens).toBeGreaterThan(0);
    expect(names).toEqual([...Array<string>(tokens).fill('token'), 'citations', 'done']);
    const streamed = events
      .filter((e) => e.event === 'token')
      .map((e) => e.data.text as string)
      .join('');
    const json = await ask(ALMONDS);
    expect(streamed).toBe(json.body.answer);
    const citations = events[tokens]!.data.citations as CitationBody[];
    expect(citations).toEqual(json.body.citations);
    const done = events[tokens + 1]!.data;
    expect(done).toMatchObject({ mode: 'extractive', model: null, usage: null });
    expect(done.timings).toMatchObject({ total_ms: expect.any(Number) });

    // The stored conversation is what was streamed.
    const stored = await fetchJson<SessionBody>(`${api()}/chat/sessions/${session}`);
    expect(stored.body.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    const [question, answer] = stored.body.messages;
    expect(question).toMatchObject({ content: ALMONDS, citations: [], mode: null, timings: null });
    expect(answer).toMatchObject({ id: done.message_id, content: streamed, citations, mode: 'extractive' });
    expect(answer!.timings).toMatchObject({ total_ms: expect.any(Number) });

    const sse = await fetch(`${api()}/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ question: ALMONDS }),
    });
    const asked = parseSse(await sse.text());
    expect(asked.at(-1)).toMatchObject({ event: 'done', data: { mode: 'extractive' } });
    expect(asked.at(-1)!.data.message_id).toBeUndefined();
  });

  it('names a new session after its first question and lists sessions', async () => {
    const session = await createSession();
    expect((await fetchJson<SessionBody>(`${api()}/chat/sessions/${session}`)).body.title).toBe('New chat');
    await send(session, ALMONDS);
    await send(session, 'How much honey does a strong colony store?');
    const got = await fetchJson<SessionBody>(`${api()}/chat/sessions/${session}`);
    expect(got.body.title).toBe(ALMONDS);
    expect(got.body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);

    const named = await createSession({ title: 'Orchards' });
    await send(named, ALMONDS);
    const list = await fetchJson<{ items: SessionBody[] }>(`${api()}/chat/sessions`);
    const titles = new Map(list.body.items.map((s) => [s.id, s.title]));
    expect(titles.get(session)).toBe(ALMONDS);
    expect(titles.get(named)).toBe('Orchards');
  });

  it('renames a session, refusing a blank title and an unknown session', async () => {
    const session = await createSession();
    const patch = (id: string, body: unknown) =>
      fetchJson<SessionBody & Problem>(`${api()}/chat/sessions/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const renamed = await patch(session, { title: '  Almond orchards ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: session, title: 'Almond orchards' });
    expect((await fetchJson<SessionBody>(`${api()}/chat/sessions/${session}`)).body.title).toBe(
      'Almond orchards',
    );
    // A renamed chat keeps its name when its first question comes.
    await send(session, ALMONDS);
    expect((await fetchJson<SessionBody>(`${api()}/chat/sessions/${session}`)).body.title).toBe(
      'Almond orchards',
    );

    const blank = await patch(session, { title: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.code).toBe('CHAT_TITLE_EMPTY');
    const unknown = await patch('no-such-session', { title: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CHAT_SESSION_NOT_FOUND');
  });

  it('deletes a session with its messages', async () => {
    const session = await createSession();
    await send(session, ALMONDS);
    const del = await fetch(`${api()}/chat/sessions/${session}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    const gone = await fetchJson<Problem>(`${api()}/chat/sessions/${session}`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('CHAT_SESSION_NOT_FOUND');
    const again = await fetchJson<Problem>(`${api()}/chat/sessions/${session}`, { method: 'DELETE' });
    expect(again.body.code).toBe('CHAT_SESSION_NOT_FOUND');
    const list = await fetchJson<{ items: SessionBody[] }>(`${api()}/chat/sessions`);
    expect(list.body.items.map((s) => s.id)).not.toContain(session);
  });

  it('refuses bad requests with stable codes, as problem+json even when a stream was asked for', async () => {
    const unknown = await send('no-such-session', ALMONDS);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CHAT_SESSION_NOT_FOUND');
    const unknownStream = await streamMessage('no-such-session', ALMONDS);
    expect(unknownStream.status).toBe(404);
    expect(unknownStream.headers.get('content-type')).toContain('application/problem+json');
    expect(((await unknownStream.json()) as Problem).code).toBe('CHAT_SESSION_NOT_FOUND');

    const session = await createSession();
    const empty = await send(session, '');
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');
    const blank = await send(session, '   ');
    expect(blank.status).toBe(400);
    expect(blank.body.code).toBe('CHAT_QUESTION_EMPTY');
    const blankAsk = await ask('  \n ');
    expect(blankAsk.body.code).toBe('CHAT_QUESTION_EMPTY');

    const badScope = await post<SessionBody>('/chat/sessions', { scope: { collections: ['nope'] } });
    expect(badScope.status).toBe(404);
    expect(badScope.body.code).toBe('COLLECTION_NOT_FOUND');
    const badAsk = await ask(ALMONDS, { collections: ['nope'] });
    expect(badAsk.status).toBe(404);
    expect(badAsk.body.code).toBe('COLLECTION_NOT_FOUND');
    const extra = await post<SessionBody>('/chat/sessions', { title: 'x', model: 'gpt' });
    expect(extra.status).toBe(400);
  });

  it('shows a chunk with the text around it', async () => {
    const chunks = await fetchJson<{ items: { id: string; start_char: number; end_char: number }[] }>(
      `${api()}/documents/${ids['bees.md']}/chunks`,
    );
    expect(chunks.body.items).toHaveLength(2);
    const [first, second] = chunks.body.items;
    const text = texts['bees.md']!;
    const context = (id: string, chars: number) =>
      fetchJson<{ before: string; content: string; after: string; start_char: number } & Problem>(
        `${api()}/chunks/${id}/context?chars=${chars}`,
      );
    const end = await context(second!.id, 40);
    expect(end.status).toBe(200);
    expect(end.body).toMatchObject({
      before: text.slice(second!.start_char - 40, second!.start_char),
      content: text.slice(second!.start_char, second!.end_char),
      after: '',
      start_char: second!.start_char,
    });
    const start = await context(first!.id, 25);
    expect(start.body.before).toBe(text.slice(0, first!.start_char));
    expect(start.body.after).toBe(text.slice(first!.end_char, first!.end_char + 25));
    expect(start.body.after).toHaveLength(25);

    const missing = await context('no-such-chunk', 10);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CHUNK_NOT_FOUND');
    expect((await context(first!.id, 20_001)).status).toBe(400);
  });
});
