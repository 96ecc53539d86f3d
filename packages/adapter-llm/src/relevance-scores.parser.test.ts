import { describe, expect, it } from 'vitest';
import { parseRelevanceScores } from './relevance-scores.parser.js';

const entries = (scores: Map<number, number> | null) => (scores ? [...scores.entries()] : null);

describe('parseRelevanceScores', () => {
  it('reads the requested shape', () => {
    expect(
      entries(parseRelevanceScores('{"scores":[{"passage":1,"score":7},{"passage":2,"score":0}]}', 2)),
    ).toEqual([
      [1, 7],
      [2, 0],
    ]);
  });

  it('reads JSON in a code fence after some chatter', () => {
    const answer =
      'Sure! Here are the scores:\n```json\n{"scores": [{"passage": 2, "score": 9.5}]}\n```\nHope this helps.';
    expect(entries(parseRelevanceScores(answer, 3))).toEqual([[2, 9.5]]);
  });

  it('reads JSON surrounded by text without a fence', () => {
    expect(entries(parseRelevanceScores('Scores: [{"id": "3", "relevance": "4"}] done', 3))).toEqual([
      [3, 4],
    ]);
  });

  it('reads an object keyed by passage number and a plain array in passage order', () => {
    expect(entries(parseRelevanceScores('{"1": 3, "2": 8}', 2))).toEqual([
      [1, 3],
      [2, 8],
    ]);
    expect(entries(parseRelevanceScores('[5, 1, 10]', 3))).toEqual([
      [1, 5],
      [2, 1],
      [3, 10],
    ]);
  });

  it('clamps to 0–10, ignores unknown passages and junk, and keeps the first score of a passage', () => {
    const answer = JSON.stringify({
      scores: [
        { passage: 1, score: 14 },
        { passage: 2, score: -3 },
        { passage: 9, score: 5 },
        { passage: 3, score: 'high' },
        { passage: 1, score: 2 },
        { passage: 1.5, score: 2 },
      ],
    });
    expect(entries(parseRelevanceScores(answer, 3))).toEqual([
      [1, 10],
      [2, 0],
    ]);
  });

  it('returns null when there is no usable score', () => {
    expect(parseRelevanceScores('I cannot rate these passages.', 2)).toBeNull();
    expect(parseRelevanceScores('{"scores": []}', 2)).toBeNull();
    expect(parseRelevanceScores('{"scores": [{"passage": 1, "score": 7}', 2)).toBeNull();
    expect(parseRelevanceScores('{"passage": 1, "score": 7}', 2)).toBeNull();
  });
});
