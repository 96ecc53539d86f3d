// The real bge-small-en-v1.5 through TransformersEmbedder, as SIFT_EMBEDDER=auto serves it. Fails (never
// skips) with the command to run when the model is not installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedModelsDir } from './transformers-installed-models.fixture.js';
import { TransformersEmbedder } from './transformers.embedder.js';

const MODEL = 'BAAI/bge-small-en-v1.5';
const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

let embedder: TransformersEmbedder;
beforeAll(() => {
  embedder = new TransformersEmbedder({
    model: MODEL,
    modelsDir: installedModelsDir(MODEL, 'bge-small-en-v1.5'),
  });
});
afterAll(() => embedder?.close());

// A model load and inference take seconds, many more when other suites share the two cores.
describe('TransformersEmbedder with the real bge-small-en-v1.5', { timeout: 120_000 }, () => {
  it('runs with its preset: [CLS] pooling, the retrieval instruction, 512 tokens, 384 dimensions', async () => {
    expect(embedder.settings).toMatchObject({
      name: MODEL,
      pooling: 'cls',
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      maxTokens: 512,
    });
    const info = await embedder.info();
    expect(info).toEqual({
      model: embedder.settings.dtype === 'fp32' ? MODEL : `${MODEL}:${embedder.settings.dtype}`,
      dimensions: 384,
      hybridAlpha: expect.any(Number),
    });
  });

  it('ranks passages by meaning for a query, not by shared words', async () => {
    const [query] = await embedder.embed(['What is the capital city of France?'], { kind: 'query' });
    const passages = await embedder.embed(
      [
        'The mitochondrion is the powerhouse of the cell.',
        'Paris has been the seat of the French government for centuries.',
        'What is the capital of a startup? Investors decide.',
      ],
      { kind: 'passage' },
    );
    const scores = passages.map((p) => dot(query!, p));
    expect(scores[1]).toBeGreaterThan(scores[2]!);
    expect(scores[2]).toBeGreaterThan(scores[0]!);
    for (const p of passages) expect(Math.sqrt(dot(p, p))).toBeCloseTo(1, 4);
  });

  it('embeds a text the same alone and in a batch of texts of other lengths', async () => {
    const texts = [
      'Aspirin reduces the risk of heart attack.',
      'A short one.',
      'Vitamin D deficiency is associated with a higher risk of respiratory infections in children and adults, ' +
        'according to several randomised controlled trials published over the last decade.',
    ];
    const together = await embedder.embed(texts, { kind: 'passage' });
    // Padding is masked out; int8 weights quantize activations per call (dynamically), so there a text's
    // vector moves a little with its batch (cosine ≈ 0.996), far less than between different texts.
    const bound = embedder.settings.dtype === 'fp32' ? 0.9999 : 0.99;
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embed([text], { kind: 'passage' });
      expect(dot(alone!, together[i]!)).toBeGreaterThan(bound);
    }
  });

  it('cuts a text longer than 512 tokens: what follows the cut does not change the vector', async () => {
    const long = Array.from({ length: 700 }, (_, i) => `word${i % 50}`).join(' ');
    const [a, b] = await embedder.embed(
      [long, `${long} and then a completely different ending about ships`],
      {
        kind: 'passage',
      },
    );
    expect(dot(a!, b!)).toBeGreaterThan(0.9999);
  });
});
