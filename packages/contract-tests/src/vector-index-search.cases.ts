import type { VectorSpace } from '@sift/core';
import { expect, it } from 'vitest';
import {
  angle,
  cosine,
  addDocument,
  search,
  unitVectors,
  vec,
  type VectorFixture,
} from './vector-index.fixture.js';

/** Nearest neighbours: order, scores, limits, exactness. */
export function searchCases(f: VectorFixture): void {
  it('returns the nearest chunks best first with their cosine similarity', async () => {
    const degrees = [50, 10, 170, 30, 90, 20];
    const { chunkIds } = await addDocument(f, degrees.map(angle));
    const hits = await search(f, angle(0), { limit: 4 });
    expect(hits.map((h) => h.chunkId)).toEqual([1, 5, 3, 0].map((i) => chunkIds[i]));
    expect(hits.map((h) => h.score)).toEqual(
      [10, 20, 30, 50].map((d) => expect.closeTo(Math.cos((d * Math.PI) / 180), 5)),
    );
    const all = await search(f, angle(0), { limit: 10 });
    expect(all).toHaveLength(6);
    expect(all.at(-1)).toMatchObject({
      chunkId: chunkIds[2],
      score: expect.closeTo(Math.cos((170 * Math.PI) / 180), 5),
    });
  });

  it('orders by cosine, not by dot product or distance, whatever the scale of stored and query vectors', async () => {
    // Long vectors that are further off in angle would win by dot product; short ones nearer by distance.
    const { chunkIds } = await addDocument(f, [vec(100, 60, 0, 0), vec(0.1, 0.01, 0, 0), vec(5, 0, 5, 0)]);
    const hits = await search(f, vec(7, 0, 0, 0));
    expect(hits.map((h) => h.chunkId)).toEqual([chunkIds[1], chunkIds[0], chunkIds[2]]);
    expect(hits[0]!.score).toBeCloseTo(cosine(vec(0.1, 0.01, 0, 0), vec(1, 0, 0, 0)), 5);
    expect(hits[2]!.score).toBeCloseTo(Math.SQRT1_2, 5);
  });

  it('finds the same neighbours as a brute-force computation on a few hundred random vectors', async () => {
    const space: VectorSpace = { id: 'random@16', dimensions: 16 };
    const next = unitVectors(42, space.dimensions);
    const docs = [];
    for (let d = 0; d < 6; d += 1) {
      docs.push(await addDocument(f, Array.from({ length: 50 }, next), { space }));
    }
    const vectors = new Map<string, Float32Array>();
    for (const d of docs) {
      for (const id of d.chunkIds) vectors.set(id, (await f.index.get(space, id))!);
    }
    for (let q = 0; q < 5; q += 1) {
      const query = next();
      const expected = [...vectors]
        .map(([id, v]) => ({ id, score: cosine(v, query) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      for (const exact of [true, false]) {
        const hits = await f.index.search(space, query, { filter: {}, limit: 10, exact });
        expect(hits.map((h) => h.chunkId)).toEqual(expected.map((e) => e.id));
        hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 5));
      }
    }
  });

  it('returns at most `limit` hits, and none for a limit below one', async () => {
    await addDocument(f, [angle(0), angle(1), angle(2)]);
    expect(await search(f, angle(0), { limit: 2 })).toHaveLength(2);
    expect(await search(f, angle(0), { limit: 0 })).toEqual([]);
    expect(await search(f, angle(0), { limit: -3 })).toEqual([]);
  });

  it('answers exact searches the same as the default ones on small spaces', async () => {
    const { chunkIds } = await addDocument(f, [angle(40), angle(-5), angle(20)]);
    const exact = await search(f, angle(0), { exact: true });
    expect(exact.map((h) => h.chunkId)).toEqual([chunkIds[1], chunkIds[2], chunkIds[0]]);
    expect(await search(f, angle(0))).toEqual(exact);
  });

  it('breaks ties between equal vectors the same way every time', async () => {
    const { chunkIds } = await addDocument(f, [angle(10), angle(10), angle(10)]);
    const first = await search(f, angle(0));
    expect(first.map((h) => h.chunkId).sort()).toEqual([...chunkIds].sort());
    expect(await search(f, angle(0))).toEqual(first);
  });
}
