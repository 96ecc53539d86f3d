import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBeirDataset } from './beir-dataset.loader.js';
import type { BeirDocument } from './beir-dataset.loader.js';

const DATASETS = fileURLToPath(new URL('../../../../../shared/datasets/', import.meta.url));

const CORPUS = [
  '{"_id": "d1", "title": "Wings", "text": "lift of a wing"}',
  '{"_id": "d2", "title": "", "text": "drag"}',
  '{"_id": "d3", "text": "no title here"}',
].join('\n');
const QUERIES = [
  '{"_id": "q1", "text": "wing lift"}',
  '{"_id": "q2", "text": "drag"}',
  '{"_id": "q3", "text": "never judged"}',
].join('\n');
const QRELS = 'query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\nq2\td2\t1\n';

let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  dirs = [];
});

/** A dataset directory from file contents; `undefined` leaves a file out. */
async function dataset(files: {
  corpus?: string;
  queries?: string;
  qrels?: Record<string, string>;
}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sift-beir-'));
  dirs.push(dir);
  if (files.corpus !== undefined) await writeFile(path.join(dir, 'corpus.jsonl'), files.corpus);
  if (files.queries !== undefined) await writeFile(path.join(dir, 'queries.jsonl'), files.queries);
  if (files.qrels) {
    await mkdir(path.join(dir, 'qrels'));
    for (const [split, text] of Object.entries(files.qrels)) {
      await writeFile(path.join(dir, 'qrels', `${split}.tsv`), text);
    }
  }
  return dir;
}

const valid = { corpus: CORPUS, queries: QUERIES, qrels: { test: QRELS } };

async function collect(corpus: AsyncIterable<BeirDocument>): Promise<BeirDocument[]> {
  const docs: BeirDocument[] = [];
  for await (const doc of corpus) docs.push(doc);
  return docs;
}

async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeDefined();
  return error as Record<string, unknown>;
}

describe('loadBeirDataset', () => {
  it('reads judged queries, graded qrels (0 kept) and a corpus that can be iterated again', async () => {
    const ds = await loadBeirDataset(await dataset(valid), 'test');
    expect([...ds.queries]).toEqual([
      ['q1', 'wing lift'],
      ['q2', 'drag'],
    ]);
    expect(ds.qrels).toEqual(
      new Map([
        [
          'q1',
          new Map([
            ['d1', 2],
            ['d2', 0],
          ]),
        ],
        ['q2', new Map([['d2', 1]])],
      ]),
    );
    const expected = [
      { id: 'd1', title: 'Wings', text: 'lift of a wing' },
      { id: 'd2', title: '', text: 'drag' },
      { id: 'd3', title: '', text: 'no title here' },
    ];
    expect(await collect(ds.corpus)).toEqual(expected);
    expect(await collect(ds.corpus)).toEqual(expected);
    expect(ds.corpusSize).toBe(3);
    expect(ds.split).toBe('test');
  });

  it('accepts a byte-order mark, CRLF line ends, blank lines and numeric ids', async () => {
    const dir = await dataset({
      corpus:
        '\uFEFF{"_id": 1, "title": "t", "text": "x"}\r\n\r\n{"_id": "2", "title": "u", "text": "y"}\r\n',
      queries: '{"_id": 5, "text": "q"}\r\n',
      qrels: { dev: 'query-id\tcorpus-id\tscore\r\n5\t1\t1\r\n\r\n' },
    });
    const ds = await loadBeirDataset(dir, 'dev');
    expect(ds.queries).toEqual(new Map([['5', 'q']]));
    expect(ds.qrels).toEqual(new Map([['5', new Map([['1', 1]])]]));
    expect((await collect(ds.corpus)).map((doc) => doc.id)).toEqual(['1', '2']);
  });

  it('stops reading when the consumer stops early, and starts over on the next iteration', async () => {
    const ds = await loadBeirDataset(await dataset(valid), 'test');
    for await (const doc of ds.corpus) {
      expect(doc.id).toBe('d1');
      break;
    }
    expect((await collect(ds.corpus)).length).toBe(3);
  });

  it('loads the shipped SciFact and Cranfield sets with the sizes their README states', async () => {
    const scifact = await loadBeirDataset(path.join(DATASETS, 'scifact-train'), 'train');
    expect(scifact.corpusSize).toBe(5183);
    expect(scifact.queries.size).toBe(809);
    expect([...scifact.qrels.values()].reduce((sum, judged) => sum + judged.size, 0)).toBe(919);
    const cranfield = await loadBeirDataset(path.join(DATASETS, 'cranfield'), 'test');
    expect(cranfield.corpusSize).toBe(1400);
    expect(cranfield.queries.size).toBe(222);
    const cranfieldGrades = new Set([...cranfield.qrels.values()].flatMap((judged) => [...judged.values()]));
    expect([...cranfieldGrades].sort()).toEqual([1, 2, 3]);
  });

  it('refuses a directory that does not exist', async () => {
    const err = await failure(loadBeirDataset(path.join(tmpdir(), 'sift-no-such-dataset'), 'test'));
    expect(err).toMatchObject({ code: 'DATASET_NOT_FOUND', category: 'not_found', retryable: false });
  });

  it('refuses a dataset without corpus.jsonl or queries.jsonl, naming the file', async () => {
    const noCorpus = await dataset({ queries: QUERIES, qrels: { test: QRELS } });
    const err = await failure(loadBeirDataset(noCorpus, 'test'));
    expect(err).toMatchObject({
      code: 'DATASET_INVALID',
      category: 'user',
      message: 'corpus.jsonl: file is missing',
    });
    expect(err.details).toEqual({ file: path.join(noCorpus, 'corpus.jsonl') });
    const noQueries = await dataset({ corpus: CORPUS, qrels: { test: QRELS } });
    expect(await failure(loadBeirDataset(noQueries, 'test'))).toMatchObject({
      code: 'DATASET_INVALID',
      message: 'queries.jsonl: file is missing',
    });
  });

  it('names the splits present when the requested one is missing', async () => {
    const dir = await dataset({ ...valid, qrels: { test: QRELS, dev: QRELS } });
    const err = await failure(loadBeirDataset(dir, 'train'));
    expect(err).toMatchObject({ code: 'DATASET_SPLIT_MISSING', category: 'user' });
    expect(err.details).toMatchObject({ split: 'train', splits: ['dev', 'test'] });
    expect(err.message).toContain('splits present: dev, test');
  });

  it('treats a split that is a path as missing, and a dataset without qrels/ as having no splits', async () => {
    const dir = await dataset(valid);
    expect(await failure(loadBeirDataset(dir, '../corpus'))).toMatchObject({ code: 'DATASET_SPLIT_MISSING' });
    const bare = await dataset({ corpus: CORPUS, queries: QUERIES });
    const err = await failure(loadBeirDataset(bare, 'test'));
    expect(err).toMatchObject({ code: 'DATASET_SPLIT_MISSING' });
    expect(err.details).toMatchObject({ splits: [] });
  });

  it.each([
    ['a missing header', 'q1\td1\t1\n', 'qrels/test.tsv line 1: expected the header'],
    ['an empty file', '', 'qrels/test.tsv: empty file'],
    ['a header alone', 'query-id\tcorpus-id\tscore\n', 'qrels/test.tsv: no judgments after the header'],
    [
      'two fields',
      'query-id\tcorpus-id\tscore\nq1\td1\t1\nq1 d2\t1\n',
      'qrels/test.tsv line 3: expected three',
    ],
    ['a fractional score', 'query-id\tcorpus-id\tscore\nq1\td1\t0.5\n', 'qrels/test.tsv line 2: score "0.5"'],
    [
      'a judgment twice',
      'query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td1\t2\n',
      'line 3: document "d1" is judged twice',
    ],
    [
      'a query without text',
      'query-id\tcorpus-id\tscore\nq1\td1\t1\nq7\td1\t1\n',
      'line 3: query "q7" is judged but',
    ],
  ])('refuses qrels with %s, naming file and line', async (_case, qrels, message) => {
    const dir = await dataset({ ...valid, qrels: { test: qrels } });
    const err = await failure(loadBeirDataset(dir, 'test'));
    expect(err).toMatchObject({ code: 'DATASET_INVALID', category: 'user', retryable: false });
    expect(err.message).toContain(message);
    expect((err.details as { file: string }).file).toBe(path.join(dir, 'qrels', 'test.tsv'));
  });

  it.each([
    ['broken JSON', '{"_id": "d3", "text": ', 'corpus.jsonl line 3: not valid JSON'],
    ['an array', '["d3", "text"]', 'corpus.jsonl line 3: expected a JSON object'],
    ['no text', '{"_id": "d3", "title": "t"}', 'corpus.jsonl line 3: "text" must be a string'],
    ['a non-string title', '{"_id": "d3", "title": 7, "text": "x"}', 'corpus.jsonl line 3: "title" must be'],
    ['an empty id', '{"_id": " ", "text": "x"}', 'corpus.jsonl line 3: "_id" must be a non-empty string'],
    ['a duplicate id', '{"_id": "d1", "text": "again"}', 'corpus.jsonl line 3: duplicate document id "d1"'],
  ])('refuses a corpus line with %s before returning, with its line number', async (_case, line, message) => {
    const corpus = `${CORPUS.split('\n').slice(0, 2).join('\n')}\n${line}\n`;
    const dir = await dataset({ ...valid, corpus });
    const err = await failure(loadBeirDataset(dir, 'test'));
    expect(err).toMatchObject({ code: 'DATASET_INVALID', category: 'user' });
    expect(err.message).toContain(message);
    expect(err.details).toEqual({ file: path.join(dir, 'corpus.jsonl'), line: 3 });
  });

  it('refuses an empty corpus', async () => {
    const dir = await dataset({ ...valid, corpus: '\n' });
    expect(await failure(loadBeirDataset(dir, 'test'))).toMatchObject({
      code: 'DATASET_INVALID',
      message: 'corpus.jsonl: no documents',
    });
  });

  it.each([
    [
      'a duplicate id',
      `${QUERIES}\n{"_id": "q1", "text": "again"}`,
      'queries.jsonl line 4: duplicate query id "q1"',
    ],
    ['no text', '{"_id": "q1"}', 'queries.jsonl line 1: "text" must be a string'],
    ['broken JSON', 'q1\twing lift', 'queries.jsonl line 1: not valid JSON'],
  ])('refuses queries with %s', async (_case, queries, message) => {
    const dir = await dataset({ ...valid, queries });
    const err = await failure(loadBeirDataset(dir, 'test'));
    expect(err).toMatchObject({ code: 'DATASET_INVALID' });
    expect(err.message).toContain(message);
  });
});
