import { afterEach, describe, expect, it } from 'vitest';
import {
  startFakeHttpServer,
  type FakeAnswer,
  type FakeHttpServer,
  type SeenRequest,
} from './fake-http-server.fixture.js';
import { OllamaEmbedder } from './ollama.embedder.js';
import { l2Normalize } from './vector-math.js';

function vectorFor(text: string): number[] {
  let sum = 0;
  for (const char of text) sum += char.codePointAt(0)!;
  return [text.length + 1, sum % 89, -2];
}

/** Answers like Ollama's /api/embed. */
function ollamaAnswer(request: SeenRequest): FakeAnswer {
  const { input, model } = request.json as { input: string[]; model: string };
  return {
    status: 200,
    json: { model, embeddings: input.map(vectorFor), total_duration: 1, prompt_eval_count: 1 },
  };
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

function embedder(url: string, extra: Partial<ConstructorParameters<typeof OllamaEmbedder>[0]> = {}) {
  return new OllamaEmbedder({ baseUrl: url, model: 'nomic-embed-text', retryDelayMs: 10, ...extra });
}

describe('OllamaEmbedder', () => {
  it('posts the model and inputs to /api/embed and returns unit vectors in input order', async () => {
    server = await startFakeHttpServer(ollamaAnswer);
    const texts = ['first', 'second text', 'third'];
    const vectors = await embedder(`${server.url}/`).embed(texts, { kind: 'passage' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/api/embed' });
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.json).toEqual({ model: 'nomic-embed-text', input: texts });
    expect(vectors.map((v) => Array.from(v))).toEqual(
      texts.map((t) => Array.from(l2Normalize(vectorFor(t)))),
    );
  });

  it('batches 150 inputs into requests of 64 and keeps the order', async () => {
    server = await startFakeHttpServer(ollamaAnswer);
    const texts = Array.from({ length: 150 }, (_, i) => `passage ${i}`);
    const vectors = await embedder(server.url).embed(texts, { kind: 'passage' });
    expect(server.requests.map((r) => (r.json as { input: string[] }).input.length)).toEqual([64, 64, 22]);
    expect(vectors.map((v) => Array.from(v))).toEqual(
      texts.map((t) => Array.from(l2Normalize(vectorFor(t)))),
    );
  });

  it('uses nomic-style prefixes and learns its dimension in info()', async () => {
    server = await startFakeHttpServer(ollamaAnswer);
    const client = embedder(server.url, {
      queryPrefix: 'search_query: ',
      passagePrefix: 'search_document: ',
    });
    expect(await client.info()).toEqual({ model: 'ollama:nomic-embed-text', dimensions: 3 });
    await client.embed(['what is sift'], { kind: 'query' });
    expect(server.requests.map((r) => (r.json as { input: string[] }).input)).toEqual([
      ['search_document: dimension probe'],
      ['search_query: what is sift'],
    ]);
  });

  it('retries a 503 and succeeds', async () => {
    server = await startFakeHttpServer((request, index) =>
      index === 0 ? { status: 503, text: 'loading model' } : ollamaAnswer(request),
    );
    const [vector] = await embedder(server.url).embed(['x'], { kind: 'passage' });
    expect(Array.from(vector!)).toEqual(Array.from(l2Normalize(vectorFor('x'))));
    expect(server.requests).toHaveLength(2);
  });

  it('fails a model that was never pulled with EMBEDDER_REJECTED and Ollama’s message, without retrying', async () => {
    server = await startFakeHttpServer(() => ({
      status: 404,
      json: { error: 'model "nomic-embed-text" not found, try pulling it first' },
    }));
    const err = await rejection(embedder(server.url).embed(['x'], { kind: 'passage' }));
    expect(err).toMatchObject({ code: 'EMBEDDER_REJECTED', retryable: false, details: { status: 404 } });
    expect(err.message).toContain('model "nomic-embed-text" not found, try pulling it first');
    expect(server.requests).toHaveLength(1);
  });

  it('fails with EMBEDDER_UNAVAILABLE when the server keeps failing', async () => {
    server = await startFakeHttpServer(() => ({
      status: 500,
      json: { error: 'llama runner process has terminated' },
    }));
    const err = await rejection(embedder(server.url).embed(['x'], { kind: 'passage' }));
    expect(err).toMatchObject({ code: 'EMBEDDER_UNAVAILABLE', retryable: true, details: { attempts: 3 } });
    expect(err.message).toContain('llama runner process has terminated');
    expect(server.requests).toHaveLength(3);
  });

  it('times out a silent server with EMBEDDER_UNAVAILABLE', async () => {
    server = await startFakeHttpServer(() => 'hang');
    const err = await rejection(
      embedder(server.url, { timeoutMs: 100, maxAttempts: 1 }).embed(['x'], { kind: 'passage' }),
    );
    expect(err).toMatchObject({ code: 'EMBEDDER_UNAVAILABLE', details: { timedOut: true } });
    expect(server.requests).toHaveLength(1);
  });

  it('rejects a wrong number of vectors with EMBEDDER_BAD_RESPONSE', async () => {
    server = await startFakeHttpServer(() => ({ status: 200, json: { embeddings: [[1, 2, 3]] } }));
    const err = await rejection(embedder(server.url).embed(['a', 'b'], { kind: 'passage' }));
    expect(err).toMatchObject({ code: 'EMBEDDER_BAD_RESPONSE', retryable: false });
    expect(err.message).toContain('returned 1 vectors for 2 texts');
  });

  it('rejects vectors of another dimension than configured with EMBEDDER_BAD_RESPONSE', async () => {
    server = await startFakeHttpServer(ollamaAnswer);
    const err = await rejection(embedder(server.url, { dimensions: 768 }).embed(['a'], { kind: 'passage' }));
    expect(err).toMatchObject({ code: 'EMBEDDER_BAD_RESPONSE', details: { expected: 768, actual: 3 } });
  });
});
