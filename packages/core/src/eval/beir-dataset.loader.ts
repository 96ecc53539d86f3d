import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../errors.js';
import type { Qrels } from './ir-metrics.js';

/** One corpus document of a BEIR dataset (`corpus.jsonl`: `_id`, `title`, `text`). */
export interface BeirDocument {
  id: string;
  /** Empty when the line has no title. */
  title: string;
  text: string;
}

/** A BEIR dataset opened for one qrels split. */
export interface BeirDataset {
  dir: string;
  split: string;
  /**
   * The corpus, streamed from `corpus.jsonl`. Every `for await` opens the file afresh, so it can be iterated
   * as often as needed without holding the corpus in memory.
   */
  corpus: AsyncIterable<BeirDocument>;
  /** Documents in `corpus.jsonl` (counted while validating it). */
  corpusSize: number;
  /** Query id → text, only the queries judged in this split (in `queries.jsonl` order). */
  queries: Map<string, string>;
  /** Query id → document id → grade, as in `qrels/<split>.tsv`. */
  qrels: Qrels;
}

const QRELS_HEADER = ['query-id', 'corpus-id', 'score'];
// Split names become a file name; anything else could walk out of qrels/.
const SPLIT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const INTEGER = /^-?\d+$/;

/**
 * Opens a BEIR dataset directory (`corpus.jsonl`, `queries.jsonl`, `qrels/<split>.tsv`) the way BEIR's
 * `GenericDataLoader.load(split)` reads it: qrels keep every grade (0 included), and only the queries that
 * have judgments in the split are returned. Unlike BEIR it refuses bad input instead of skipping or
 * crashing on it, and it validates the whole corpus once (streaming, line by line) so that a malformed line
 * stops the run before anything is ingested.
 *
 * @throws AppError `DATASET_NOT_FOUND` (no such directory), `DATASET_SPLIT_MISSING` (no `qrels/<split>.tsv`;
 *   `details.splits` lists those present), `DATASET_INVALID` (missing file, bad header, malformed line,
 *   duplicate id or judgment, judged query absent from `queries.jsonl`; `details.file` and `details.line`).
 */
export async function loadBeirDataset(dir: string, split: string): Promise<BeirDataset> {
  const root = path.resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new AppError('DATASET_NOT_FOUND', 'not_found', `Dataset directory not found: ${root}`, {
      details: { dir: root },
    });
  }
  const files = {
    corpus: path.join(root, 'corpus.jsonl'),
    queries: path.join(root, 'queries.jsonl'),
    qrels: path.join(root, 'qrels', `${split}.tsv`),
  };
  await requireFile(root, files.corpus);
  await requireFile(root, files.queries);
  if (!SPLIT_NAME.test(split) || !(await isFile(files.qrels))) {
    const splits = await listSplits(root);
    throw new AppError(
      'DATASET_SPLIT_MISSING',
      'user',
      `Dataset has no split "${split}" (qrels/${split}.tsv); splits present: ${splits.join(', ') || 'none'}`,
      { details: { dir: root, split, splits } },
    );
  }

  const { qrels, firstLine } = await readQrels(root, files.qrels);
  const queries = await readQueries(root, files.queries, qrels);
  for (const [queryId, line] of firstLine) {
    if (!queries.has(queryId)) {
      throw invalid(root, files.qrels, line, `query "${queryId}" is judged but not in queries.jsonl`);
    }
  }
  const corpus: AsyncIterable<BeirDocument> = {
    [Symbol.asyncIterator]: () => readCorpus(root, files.corpus),
  };
  let corpusSize = 0;
  for await (const _doc of corpus) corpusSize += 1;
  if (corpusSize === 0) throw invalid(root, files.corpus, undefined, 'no documents');
  return { dir: root, split, corpus, corpusSize, queries, qrels };
}

async function readQrels(root: string, file: string) {
  const qrels: Qrels = new Map();
  // Where each query was first judged, to point at the line when its text is missing.
  const firstLine = new Map<string, number>();
  let sawHeader = false;
  for await (const { line, number } of readLines(file)) {
    const fields = line.split('\t').map((field) => field.trim());
    if (!sawHeader) {
      if (fields.length !== 3 || fields.some((field, i) => field.toLowerCase() !== QRELS_HEADER[i])) {
        throw invalid(root, file, number, `expected the header "${QRELS_HEADER.join('\\t')}", got "${line}"`);
      }
      sawHeader = true;
      continue;
    }
    const [queryId, docId, score] = fields;
    if (fields.length !== 3 || !queryId || !docId || !score) {
      throw invalid(root, file, number, 'expected three tab-separated fields: query-id, corpus-id, score');
    }
    // BEIR parses the score with int(); a fraction or a word there is a broken file, not a grade.
    if (!INTEGER.test(score)) throw invalid(root, file, number, `score "${score}" is not an integer`);
    let judged = qrels.get(queryId);
    if (!judged) {
      judged = new Map();
      qrels.set(queryId, judged);
      firstLine.set(queryId, number);
    }
    if (judged.has(docId)) {
      throw invalid(root, file, number, `document "${docId}" is judged twice for query "${queryId}"`);
    }
    judged.set(docId, Number(score));
  }
  if (!sawHeader) throw invalid(root, file, undefined, 'empty file');
  if (qrels.size === 0) throw invalid(root, file, undefined, 'no judgments after the header');
  return { qrels, firstLine };
}

async function readQueries(root: string, file: string, qrels: Qrels): Promise<Map<string, string>> {
  const queries = new Map<string, string>();
  const seen = new Set<string>();
  for await (const { line, number } of readLines(file)) {
    const record = parseObject(root, file, number, line);
    const id = readId(root, file, number, record);
    if (typeof record.text !== 'string') throw invalid(root, file, number, '"text" must be a string');
    if (seen.has(id)) throw invalid(root, file, number, `duplicate query id "${id}"`);
    seen.add(id);
    if (qrels.has(id)) queries.set(id, record.text);
  }
  return queries;
}

async function* readCorpus(root: string, file: string): AsyncGenerator<BeirDocument> {
  const seen = new Set<string>();
  for await (const { line, number } of readLines(file)) {
    const record = parseObject(root, file, number, line);
    const id = readId(root, file, number, record);
    if (typeof record.text !== 'string') throw invalid(root, file, number, '"text" must be a string');
    const title = record.title ?? '';
    if (typeof title !== 'string') throw invalid(root, file, number, '"title" must be a string');
    if (seen.has(id)) throw invalid(root, file, number, `duplicate document id "${id}"`);
    seen.add(id);
    yield { id, title, text: record.text };
  }
}

/** Non-blank lines with their 1-based numbers; the stream is closed when the consumer stops early. */
async function* readLines(file: string): AsyncGenerator<{ line: string; number: number }> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const raw of lines) {
      number += 1;
      const line = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() !== '') yield { line, number };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

function parseObject(root: string, file: string, number: number, line: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw invalid(root, file, number, `not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(root, file, number, 'expected a JSON object');
  }
  return value as Record<string, unknown>;
}

function readId(root: string, file: string, number: number, record: Record<string, unknown>): string {
  const id = record._id;
  // Some exports write numeric ids; qrels always hold them as text, so compare as text.
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id !== 'string' || id.trim() === '') {
    throw invalid(root, file, number, '"_id" must be a non-empty string');
  }
  return id;
}

function invalid(root: string, file: string, line: number | undefined, problem: string): AppError {
  const name = path.relative(root, file);
  const where = line === undefined ? name : `${name} line ${line}`;
  return new AppError('DATASET_INVALID', 'user', `${where}: ${problem}`, {
    details: line === undefined ? { file } : { file, line },
  });
}

async function requireFile(root: string, file: string): Promise<void> {
  if (!(await isFile(file))) throw invalid(root, file, undefined, 'file is missing');
}

async function isFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ?? false;
}

async function listSplits(root: string): Promise<string[]> {
  const entries = await readdir(path.join(root, 'qrels'), { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.tsv'))
    .map((entry) => entry.name.slice(0, -'.tsv'.length))
    .sort();
}
