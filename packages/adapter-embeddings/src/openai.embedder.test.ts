import { afterEach, describe, expect, it } from 'vitest';
import {
  startFakeHttpServer,
  type FakeAnswer,
  type FakeHttpServer,
  type SeenRequest,
} from './fake-http-server.fixture.js';
import { OpenAiEmbedder } from './openai.embedder.js';
import { l2Normalize } from './vector-math.js';

/** The fake server's embedding of a text: derived from its characters, deliberately not unit length. */
function vectorFor(text: string): number[] {
  let sum = 0;
  for (const char of text) sum += char.codePointAt(0)!;
  return [text.length, sum % 101, 3, (sum % 7) - 3];
}

/** Answers like OpenAI, listing the data in reverse so the client has to order by index. */
function openAiAnswer(request: SeenRequest): FakeAnswer {
  const { input, model } = request.json as { input: string[]; model: string };
  const data = input
    .map((text, index) => ({ object: 'embedding', index, embedding: vectorFor(text) }))
    .reverse();
  return { status: 200, json: { object: 'list', data, model, usage: { prompt_tokens: 1, total_tokens: 1 } } };
}

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function embedder(url: string, extra: Partial<ConstructorParameters<typeof OpenAiEmbedder>[0]> = {}) {
  return new OpenAiEmbedder({ baseUrl: url, model: 'text-embedding-3-small', retryDelayMs: 10, ...extra });
}

describe('OpenAiEmbedder', () => {
  it('posts the model and inputs with the bearer key and returns unit vectors in input order', async () => {
    server = await startFakeHttpServer(openAiAnswer);
    const texts = ['alpha', 'a longer second text', 'ü and ✓'];
    const vectors = await embedder(server.url, { apiKey: 'sk-test' }).embed(texts, { kind: 'passage' });

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/v1/embeddings' });
    expect(request!.headers.authorization).toBe('Bearer sk-test');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.json).toEqual({ model: 'text-embedding-3-small', input: texts });
    expect(vectors.map((v) => Array.from(v))).toEqual(
      texts.map((t) => Array.from(l2Normalize(vectorFor(t)))),
    );
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  });

  it('sends no authorization header without a key, accepts a base URL ending in /v1 and requests dimensions', async () => {
    server = await startFakeHttpServer(openAiAnswer);
    const client = embedder(`${server.url}/v1/`, { dimensions: 4 });
    await client.embed(['x'], { kind: 'query' });
    expect(server.requests[0]!.url).toBe('/v1/embeddings');
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.json).toEqual({
      model: 'text-embedding-3-small',
      input: ['x'],
      dimensions: 4,
    });
  });

  it('splits 300 inputs into requests of at most 128 and keeps the results in order', async () => {
    server = await startFakeHttpServer(openAiAnswer);
    const texts = Array.from({ length: 300 }, (_, i) => `text number ${i}`);
    const vectors = await embedder(server.url, { batchSize: 500 }).embed(texts, { kind: 'passage' });
    expect(server.requests.map((r) => (r.json as { input: string[] }).input.length)).toEqual([128, 128, 44]);
    expect(server.requests.flatMap((r) => (r.json as { input: string[] }).input)).toEqual(texts);
    expect(vectors.map((v) => Array.from(v))).toEqual(
      texts.map((t) => Array.from(l2Normalize(vectorFor(t)))),
    );
  });

  it('puts the configured prefix before queries and passages', async () => {
    server = await startFakeHttpServer(openAiAnswer);
    const client = embedder(server.url, { queryPrefix: 'query: ', passagePrefix: 'passage: ' });
    await client.embed(['cats'], { kind: 'query' });
    await client.embed(['cats', ''], { kind: 'passage' });
    expect(server.requests.map((r) => (r.json as { input: string[] }).input)).toEqual([
      ['query: cats'],
      ['passage: cats', 'passage: '],
    ]);
  });

  it('learns the dimension from one probe request in info(), and asks nothing when it is configured', async () => {
    server = await startFakeHttpServer(openAiAnswer);
    expect(await embedder(server.url).info()).toEqual({
      model: 'openai:text-embedding-3-small',
      dimensions: 4,
    });
    expect(server.requests).toHaveLength(1);
    expect(await embedder(server.url, { dimensions: 4, id: 'tei:bge' }).info()).toEqual({
      model: 'tei:bge',
      dimensions: 4,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 500 and returns the answer of the next attempt', async () => {
    server = await startFakeHttpServer((request, index) =>
      index === 0 ? { status: 500, json: { error: { message: 'overloaded' } } } : openAiAnswer(request),
    );
    const vectors = await embedder(server.url).embed(['retry me'], { kind: 'passage' });
    expect(server.requests).toHaveLength(2);
    expect(Array.from(vectors[0]!)).toEqual(Array.from(l2Normalize(vectorFor('retry me'))));
  });

  it('gives up with EMBEDDER_UNAVAILABLE after three attempts at a service answering 429', async () => {
    server = await startFakeHttpServer(() => ({ status: 429, json: { error: { message: 'rate limited' } } }));
    const err = await rejection(embedder(server.url).embed(['x'], { kind: 'passage' }));
    expect(err).toMatchObject({ code: 'EMBEDDER_UNAVAILABLE', category: 'third_party', retryable: true });
    expect(err.message).toContain('rate limited');
    expect(err.details).toMatchObject({ status: 429, attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it('fails a 400 at once with EMBEDDER_REJECTED carrying the server message', async () => {
    server = await startFakeHttpServer(() => ({
      status: 400,
      json: {
        error: {
          message: "This model's maximum context length is 8192 tokens",
          type: 'invalid_request_error',
        },
      },
    }));
    const err = await rejection(embedder(server.url).embed(['x'], { kind: 'passage' }));
    expect(err).toMatchObject({ code: 'EMBEDDER_REJECTED', category: 'third_party', retryable: false });
    expect(err.message).toContain("This model's maximum context length is 8192 tokens");
    expect(server.requests).toHaveLength(1);
  });

  it('times out a silent service and retries it, then fails with EMBEDDER_UNAVAILABLE', async () => {
    server = await startFakeHttpServer(() => 'hang');
    const err = await rejection(
      embedder(server.url, { timeoutMs: 150, maxAttempts: 2 }).embed(['x'], { kind: 'passage' }),
    );
    expect(err).toMatchObject({ code: 'EMBEDDER_UNAVAILABLE', retryable: true, details: { timedOut: true } });
    expect(err.message).toContain('did not answer within 150 ms');
    expect(server.requests).toHaveLength(2);
  });

  it('fails with EMBEDDER_UNAVAILABLE when nothing listens', async () => {
    const closed = await startFakeHttpServer(openAiAnswer);
    await closed.close();
    const err = await rejection(embedder(closed.url, { maxAttempts: 2 }).embed(['x'], { kind: 'passage' }));
    expect(err).toMatchObject({
      code: 'EMBEDDER_UNAVAILABLE',
      retryable: true,
      details: { timedOut: false },
    });
    expect(err.message).toContain('is unreachable');
  });

  it('stops at once with the reason when the caller aborts, without retrying', async () => {
    server = await startFakeHttpServer(() => 'hang');
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    const pending = embedder(server.url).embed(['x'], { kind: 'passage', signal: controller.signal });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  describe('rejects malformed answers with EMBEDDER_BAD_RESPONSE', () => {
    const cases: [
      string,
      (request: SeenRequest) => FakeAnswer,
      Partial<ConstructorParameters<typeof OpenAiEmbedder>[0]>,
    ][] = [
      [
        'one vector too few',
        (r) => {
          const a = openAiAnswer(r) as { status: number; json: { data: unknown[] } };
          a.json.data.pop();
          return a;
        },
        {},
      ],
      [
        'a repeated index',
        (r) => ({
          status: 200,
          json: {
            data: (r.json as { input: string[] }).input.map((t) => ({ index: 0, embedding: vectorFor(t) })),
          },
        }),
        {},
      ],
      ['a dimension other than the configured one', openAiAnswer, { dimensions: 8 }],
      ['a body that is not JSON', () => ({ status: 200, text: '<html>proxy login</html>' }), {}],
      ['no data array', () => ({ status: 200, json: { embeddings: [] } }), {}],
      [
        'a vector of strings',
        (r) => ({
          status: 200,
          json: {
            data: (r.json as { input: string[] }).input.map((_, index) => ({ index, embedding: ['0.1'] })),
          },
        }),
        {},
      ],
    ];
    for (const [what, answer, extra] of cases) {
      it(what, async () => {
        server = await startFakeHttpServer(answer);
        const err = await rejection(embedder(server.url, extra).embed(['a', 'b'], { kind: 'passage' }));
        expect(err).toMatchObject({
          code: 'EMBEDDER_BAD_RESPONSE',
          category: 'third_party',
          retryable: false,
        });
        expect(server.requests).toHaveLength(1);
      });
    }

    it('vectors whose dimension changes between batches', async () => {
      server = await startFakeHttpServer((request, index) => {
        const { input } = request.json as { input: string[] };
        const dims = index === 0 ? 4 : 5;
        return {
          status: 200,
          json: { data: input.map((_, i) => ({ index: i, embedding: Array(dims).fill(1) })) },
        };
      });
      const err = await rejection(
        embedder(server.url, { batchSize: 1 }).embed(['a', 'b'], { kind: 'passage' }),
      );
      expect(err).toMatchObject({ code: 'EMBEDDER_BAD_RESPONSE', details: { expected: 4, actual: 5 } });
    });
  });
});
