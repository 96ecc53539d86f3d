// The real USE-multilingual through UseMultilingualEmbedder: the JavaScript tokenizer and the rewritten graph
// against the vectors of the original graph run by Python with onnxruntime-extensions. Skips when the model
// is not installed (`node packages/cli/bin/sift.js models fetch use-multilingual-v3`; #13).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { useMultilingualModelsDir } from './use-multilingual-installed.fixture.js';
import { USE_MULTILINGUAL_MODEL, UseMultilingualEmbedder } from './use-multilingual.embedder.js';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
};

const reference = JSON.parse(
  readFileSync(new URL('./use-multilingual-reference.fixture.json', import.meta.url), 'utf8'),
) as { source: string; vectors: { text: string; vector: number[] }[] };

const modelsDir = useMultilingualModelsDir();
const embedder = modelsDir ? new UseMultilingualEmbedder({ modelsDir }) : null;
afterAll(() => embedder?.close());

describe.skipIf(!embedder)(
  'UseMultilingualEmbedder with the installed model (#13)',
  { timeout: 120_000 },
  () => {
    it('reports the model id and 512 dimensions without loading anything', async () => {
      expect(await embedder!.info()).toEqual({ model: USE_MULTILINGUAL_MODEL, dimensions: 512 });
    });

    it('reproduces the Python reference vectors (cosine ≥ 0.999) for Polish, German, English and odd text', async () => {
      const texts = reference.vectors.map((r) => r.text);
      const vectors = await embedder!.embed(texts, { kind: 'passage' });
      reference.vectors.forEach((r, i) => {
        expect(vectors[i]).toHaveLength(512);
        expect(dot(vectors[i]!, r.vector), r.text).toBeGreaterThan(0.999);
      });
    });

    it('gives a text the same vector alone, in a batch and as a query', async () => {
      const text = 'Kündigungsfrist des Mietvertrags gemäß § 573c BGB';
      const [alone] = await embedder!.embed([text], { kind: 'passage' });
      const batch = await embedder!.embed(['Kot siedzi na macie.', text, 'x'], { kind: 'passage' });
      const [query] = await embedder!.embed([text], { kind: 'query' });
      expect(Array.from(batch[1]!)).toEqual(Array.from(alone!));
      expect(Array.from(query!)).toEqual(Array.from(alone!));
    });

    it('finds the German passage for a Polish question', async () => {
      const [query] = await embedder!.embed(['Jaki jest okres wypowiedzenia umowy najmu?'], {
        kind: 'query',
      });
      const passages = await embedder!.embed(
        [
          'Die Kündigungsfrist für einen Mietvertrag über Wohnraum beträgt drei Monate.',
          'Der Rhein ist einer der längsten Flüsse Europas.',
          'Die Einkommensteuer wird jährlich vom Finanzamt festgesetzt.',
        ],
        { kind: 'passage' },
      );
      const scores = passages.map((p) => dot(query!, p));
      expect(scores.indexOf(Math.max(...scores))).toBe(0);
    });

    it('embeds empty text without failing (BOS and EOS only)', async () => {
      const [v] = await embedder!.embed([''], { kind: 'passage' });
      expect(v).toHaveLength(512);
      expect(v!.every(Number.isFinite)).toBe(true);
    });
  },
);
