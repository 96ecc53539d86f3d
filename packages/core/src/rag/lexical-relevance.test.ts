import { describe, expect, it } from 'vitest';
import { contentTerms, lexicalRelevance, stem, termCosine } from './lexical-relevance.js';

describe('stem', () => {
  it('brings inflected and derived forms of a word together', () => {
    const groups = [
      ['index', 'indexes', 'indexing', 'indexed'],
      ['configure', 'configured', 'configuring', 'configuration'],
      ['query', 'queries'],
      ['retry', 'retries', 'retried'],
      ['run', 'running'],
      ['embed', 'embedding', 'embeddings', 'embedder'],
      ['tokenize', 'tokenizes', 'tokenization', 'tokenizer'],
      ['process', 'processes'],
      ['install', 'installing', 'installed'],
    ];
    for (const [base, ...forms] of groups)
      for (const form of forms) expect(stem(form!), form).toBe(stem(base!));
  });

  it('leaves short words, numbers and identifiers alone', () => {
    for (const word of [
      'bus',
      'api',
      'status',
      'analysis',
      '3.5',
      'sift_data_dir',
      'node.js',
      'need',
      'user',
    ]) {
      expect(stem(word)).toBe(word);
    }
  });
});

describe('contentTerms', () => {
  it('drops question and function words, lower-cases and stems the rest, keeping identifiers whole', () => {
    expect(
      contentTerms("How do I configure SIFT_CHUNK_SIZE in Node.js 3.5? What's the user's default?"),
    ).toEqual(['configur', 'sift_chunk_size', 'node.js', '3.5', 'user', 'default']);
  });

  it('returns nothing for a question made only of function words', () => {
    expect(contentTerms('What is it, and how would you explain it?')).toEqual([]);
  });
});

describe('lexicalRelevance', () => {
  it('gives 1 to a sentence of average length with every query term and 0 to one with none', () => {
    const scores = lexicalRelevance(
      ['chunk', 'size'],
      [
        ['chunk', 'size', 'default'],
        ['worker', 'lease', 'renew'],
      ],
    );
    expect(scores).toEqual([1, 0]);
  });

  it('weighs a rare query term above one every sentence shares', () => {
    const [rare, common] = lexicalRelevance(
      ['lease', 'worker'],
      [
        ['lease', 'expire', 'claim'],
        ['worker', 'claim', 'task'],
        ['worker', 'start', 'task'],
      ],
    );
    expect(rare).toBeGreaterThan(common!);
    expect(rare! + common!).toBeCloseTo(1, 10);
  });

  it('credits a long sentence less for the same terms, and never exceeds 1', () => {
    const short = ['chunk', 'size'];
    const long = ['chunk', 'size', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const scores = lexicalRelevance(['chunk', 'size'], [short, long]);
    expect(scores[0]).toBe(1);
    expect(scores[1]).toBeLessThan(scores[0]!);
    expect(scores[1]).toBeGreaterThan(0);
  });

  it('scores zero for every sentence when the question has no terms', () => {
    expect(lexicalRelevance([], [['chunk'], ['size']])).toEqual([0, 0]);
  });
});

describe('termCosine', () => {
  it('is 1 for the same bag in another order, 0 for disjoint or empty bags, and in between otherwise', () => {
    expect(termCosine(['a', 'b', 'b'], ['b', 'a', 'b'])).toBeCloseTo(1, 12);
    expect(termCosine(['a'], ['b'])).toBe(0);
    expect(termCosine([], ['b'])).toBe(0);
    expect(termCosine(['a', 'b'], ['a', 'c'])).toBeCloseTo(0.5, 12);
  });
});
