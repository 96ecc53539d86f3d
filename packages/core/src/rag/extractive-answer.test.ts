import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { Embedder } from '../ports/embedder.port.js';
import { FakeEmbedder } from '../testing/fake-embedder.js';
import { extractAnswer, type AnswerPassage, type ExtractiveOptions } from './extractive-answer.js';

// 256 dimensions keep the fake's random cosines near 0, so relevance here comes from the words shared.
const fake = () => new FakeEmbedder({ dimensions: 256 });

const DOCUMENT = [
  '# Chunking',
  'Sift cuts every document into chunks before it embeds them.',
  'The chunk size defaults to 1000 characters, with 200 characters of overlap.',
  'You change the chunk size per collection in its settings.',
  '',
  '# Workers',
  'Workers claim tasks from the queue and renew their lease every few seconds.',
  'A worker that stops renewing loses its lease, and another worker claims the task again.',
  'Failed tasks are retried with exponential backoff.',
].join('\n');

/** A passage that is the slice [from, to) of DOCUMENT, located by two phrases. */
function slice(citation: number, from: string, to: string, score = 1 / citation): AnswerPassage {
  const start = DOCUMENT.indexOf(from);
  const end = DOCUMENT.indexOf(to) + to.length;
  if (start < 0 || end < to.length) throw new Error(`phrase not in the document: ${from} / ${to}`);
  return {
    citation,
    chunkId: `c${citation}`,
    documentId: 'd1',
    content: DOCUMENT.slice(start, end),
    startChar: start,
    score,
  };
}

const chunking = () => slice(1, '# Chunking', 'in its settings.');
const workers = () => slice(2, '# Workers', 'exponential backoff.');

async function answer(
  question: string,
  passages: AnswerPassage[],
  options?: ExtractiveOptions,
  embedder?: Embedder,
) {
  return extractAnswer(question, passages, embedder ?? fake(), options);
}

describe('extractAnswer', () => {
  it('picks the sentence answering the question, with its citation and exact document offsets', async () => {
    const result = await answer('What is the default chunk size?', [workers(), chunking()], {
      maxSentences: 1,
    });
    expect(result.relevant).toBe(true);
    expect(result.sentences).toHaveLength(1);
    const [sentence] = result.sentences;
    expect(sentence).toMatchObject({
      citation: 1,
      chunkId: 'c1',
      documentId: 'd1',
      text: 'The chunk size defaults to 1000 characters, with 200 characters of overlap.',
    });
    expect(DOCUMENT.slice(sentence!.startChar, sentence!.endChar)).toBe(sentence!.text);
    expect(sentence!.score).toBeGreaterThan(0.2);
    expect(sentence!.score).toBeLessThanOrEqual(1);
  });

  it('leaves out sentences far weaker than the best one and never returns headings', async () => {
    const result = await answer('How do workers renew their lease?', [chunking(), workers()]);
    const texts = result.sentences.map((s) => s.text);
    expect(texts).toContain('Workers claim tasks from the queue and renew their lease every few seconds.');
    expect(texts.some((t) => t.includes('chunk'))).toBe(false);
    expect(texts.some((t) => t.startsWith('#'))).toBe(false);
    for (const s of result.sentences) expect(DOCUMENT.slice(s.startChar, s.endChar)).toBe(s.text);
  });

  it('returns the chosen sentences in reading order: by citation, then position', async () => {
    const result = await answer('How do worker leases and retries of tasks work?', [
      slice(2, 'Failed tasks', 'backoff.', 0.9),
      slice(1, 'Workers claim', 'claims the task again.', 0.5),
    ]);
    const order = result.sentences.map((s) => [s.citation, s.startChar]);
    expect(order.length).toBeGreaterThanOrEqual(2);
    expect(order).toEqual([...order].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
  });

  it('respects maxSentences', async () => {
    const question = 'How do workers claim, renew and lose the lease of tasks?';
    for (const maxSentences of [1, 2]) {
      const result = await answer(question, [workers()], { maxSentences });
      expect(result.sentences).toHaveLength(maxSentences);
    }
  });

  it('does not pick the same statement twice when two passages repeat it', async () => {
    const repeat: AnswerPassage = {
      citation: 3,
      chunkId: 'c3',
      documentId: 'd2',
      content: 'By default the chunk size is 1000 characters and the overlap is 200 characters.',
      startChar: 0,
      score: 0.4,
    };
    const question = 'What are the default chunk size and overlap?';
    const alone = await answer(question, [repeat]);
    expect(alone.sentences.map((s) => s.text)).toEqual([repeat.content]);
    const result = await answer(question, [chunking(), repeat]);
    const about1000 = result.sentences.filter((s) => s.text.includes('1000'));
    expect(about1000).toHaveLength(1);
    expect(about1000[0]!.citation).toBe(1);
  });

  it('keeps a sentence shared by two overlapping chunks once, from the better-ranked chunk', async () => {
    const wide = slice(1, '# Chunking', 'in its settings.', 0.5);
    const narrow = slice(2, 'The chunk size defaults', 'in its settings.', 0.9);
    const embedder = fake();
    const result = await answer('What is the default chunk size?', [wide, narrow], {}, embedder);
    const embedded = embedder.calls.find((c) => c.kind === 'passage')!.texts;
    expect(embedded).toEqual([...new Set(embedded)]);
    const defaults = result.sentences.filter((s) => s.text.startsWith('The chunk size defaults'));
    expect(defaults).toHaveLength(1);
    expect(defaults[0]!.citation).toBe(2);
  });

  it('embeds only sentences fit for an answer: no heading, fragment, table row or cut piece', async () => {
    const content = [
      'renews the lease of every running task.',
      '# Lease renewal and expiry in workers, claims and the retry policy of the queue',
      'Lease renewal.',
      'Renewing the lease of a task',
      '| lease | thirty seconds | renewed every ten |',
      '- renew the lease every ten seconds',
      'The lease is renewed every ten seconds by the worker. The lease of each running task',
    ].join('\n');
    const cut: AnswerPassage = {
      citation: 1,
      chunkId: 'c1',
      documentId: 'd1',
      content,
      startChar: 500,
      score: 1,
    };
    const embedder = fake();
    const result = await answer('How is the lease of a task renewed?', [cut], {}, embedder);
    expect(embedder.calls.find((c) => c.kind === 'passage')!.texts).toEqual([
      '- renew the lease every ten seconds',
      'The lease is renewed every ten seconds by the worker.',
    ]);
    // The two say the same in nearly the same words, so only one is picked.
    expect(result.sentences).toHaveLength(1);
    const [picked] = result.sentences;
    expect(picked!.startChar).toBe(500 + content.indexOf(picked!.text));
    expect(picked!.endChar).toBe(picked!.startChar + picked!.text.length);
  });

  it('keeps a lower-case opening at the very start of a document, where nothing was cut', async () => {
    const content = 'npm ci installs the locked dependencies of Sift.';
    const start: AnswerPassage = {
      citation: 1,
      chunkId: 'c1',
      documentId: 'd1',
      content,
      startChar: 0,
      score: 1,
    };
    const result = await answer('What does npm ci install?', [start]);
    expect(result.sentences.map((s) => s.text)).toEqual([content]);
  });

  it('answers "not relevant" to a question the passages do not address', async () => {
    const result = await answer('Which GPU drivers does the vector index need?', [chunking(), workers()]);
    expect(result).toEqual({ sentences: [], relevant: false });
  });

  it('answers "not relevant" without embedding when no passage has a usable sentence', async () => {
    const embedder = fake();
    expect(await answer('What is the chunk size?', [], {}, embedder)).toEqual({
      sentences: [],
      relevant: false,
    });
    const headingOnly = slice(1, '# Chunking', '# Chunking');
    expect(await answer('What is the chunk size?', [headingOnly], {}, embedder)).toEqual({
      sentences: [],
      relevant: false,
    });
    expect(await answer('   ', [chunking()], {}, embedder)).toEqual({ sentences: [], relevant: false });
    expect(embedder.calls).toEqual([]);
  });

  it('embeds the question as a query and all sentences as passages in one call', async () => {
    const embedder = fake();
    await answer('What is the default chunk size?', [chunking(), workers()], {}, embedder);
    const kinds = embedder.calls.map((c) => c.kind).sort();
    expect(kinds).toEqual(['passage', 'query']);
    expect(embedder.calls.find((c) => c.kind === 'query')!.texts).toEqual([
      'What is the default chunk size?',
    ]);
    expect(embedder.calls.find((c) => c.kind === 'passage')!.texts).toHaveLength(6);
  });

  it('embeds only the lexically strongest maxCandidates sentences', async () => {
    const embedder = fake();
    const result = await answer(
      'What is the default chunk size?',
      [chunking(), workers()],
      { maxCandidates: 2 },
      embedder,
    );
    const embedded = embedder.calls.find((c) => c.kind === 'passage')!.texts;
    expect(embedded).toHaveLength(2);
    expect(embedded).toContain('The chunk size defaults to 1000 characters, with 200 characters of overlap.');
    expect(result.sentences.every((s) => embedded.includes(s.text))).toBe(true);
  });
});

describe('extractAnswer failures', () => {
  it('rejects with the abort reason when the signal is already aborted, before embedding', async () => {
    const controller = new AbortController();
    const reason = new AppError('CHAT_CANCELLED', 'user', 'the client went away');
    controller.abort(reason);
    const embedder = fake();
    await expect(
      answer('What is the chunk size?', [chunking()], { signal: controller.signal }, embedder),
    ).rejects.toBe(reason);
    expect(embedder.calls).toEqual([]);
  });

  it('rejects with the abort reason when the signal fires while sentences are being embedded', async () => {
    const controller = new AbortController();
    const reason = new Error('stopped');
    const embedder = fake();
    const embed = embedder.embed.bind(embedder);
    embedder.embed = async (texts, options) => {
      const vectors = await embed(texts, options);
      if (options.kind === 'passage') controller.abort(reason);
      return vectors;
    };
    await expect(
      answer('What is the chunk size?', [chunking()], { signal: controller.signal }, embedder),
    ).rejects.toBe(reason);
    expect(embedder.calls.map((c) => c.kind).sort()).toEqual(['passage', 'query']);
  });

  it("passes on the embedder's own errors", async () => {
    const failing = fake();
    const error = new AppError('EMBEDDER_UNAVAILABLE', 'third_party', 'connection refused');
    failing.embed = async () => {
      throw error;
    };
    await expect(answer('What is the chunk size?', [chunking()], {}, failing)).rejects.toBe(error);
  });

  it('fails with EMBEDDER_BAD_RESPONSE on too few vectors or mismatched dimensions', async () => {
    const short = fake();
    short.embed = async (texts, options) => (await fake().embed(texts, options)).slice(0, 1);
    await expect(answer('What is the chunk size?', [chunking()], {}, short)).rejects.toMatchObject({
      code: 'EMBEDDER_BAD_RESPONSE',
      category: 'third_party',
      retryable: false,
    });
    const mixed = fake();
    mixed.embed = async (texts, options) =>
      options.kind === 'query'
        ? [new Float32Array([1, 0])]
        : new FakeEmbedder({ dimensions: 4 }).embed(texts, options);
    await expect(answer('What is the chunk size?', [chunking()], {}, mixed)).rejects.toMatchObject({
      code: 'EMBEDDER_BAD_RESPONSE',
    });
  });

  it.each([
    ['maxSentences', { maxSentences: 0 }],
    ['maxSentences', { maxSentences: 1.5 }],
    ['maxCandidates', { maxCandidates: 0 }],
    ['lambda', { lambda: 1.2 }],
    ['lambda', { lambda: Number.NaN }],
    ['minRelevance', { minRelevance: -0.1 }],
  ] as const)('fails with EXTRACTIVE_OPTIONS_INVALID for a bad %s (%o)', async (field, options) => {
    await expect(answer('What is the chunk size?', [chunking()], options)).rejects.toMatchObject({
      code: 'EXTRACTIVE_OPTIONS_INVALID',
      category: 'user',
      details: { field },
    });
  });
});
