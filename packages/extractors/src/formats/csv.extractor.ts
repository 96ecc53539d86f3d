import { readFile } from 'node:fs/promises';
import { AppError, type ExtractedText, type ExtractionInput } from '@sift/core';
import { parse } from 'csv-parse/sync';
import type { FormatExtractor } from '../format-extractor.js';
import { libraryVersion } from '@sift/tools';
import { tableRow } from '../table-text.js';
import { TextBuilder } from '../text-builder.js';
import { decodeText } from '../text-decoding.js';

/** Data rows per `table` block; each block repeats the header so a chunk of it reads on its own. */
export const ROWS_PER_BLOCK = 50;

const CANDIDATES = [',', ';', '\t', '|'];
const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/**
 * Guesses the delimiter from the first lines (quoted parts ignored): the candidate that splits the most lines
 * into the same non-zero number of fields wins, more fields breaking ties; comma when nothing splits.
 */
export function detectDelimiter(text: string): string {
  const lines = text
    .split('\n', 40)
    .filter((l) => l.trim() !== '')
    .slice(0, 20)
    .map((l) => l.replace(/"[^"]*"/gu, ''));
  let best = { delimiter: ',', consistency: 0, fields: 0 };
  for (const delimiter of CANDIDATES) {
    const counts = lines.map((l) => l.split(delimiter).length - 1);
    const tally = new Map<number, number>();
    for (const c of counts) if (c > 0) tally.set(c, (tally.get(c) ?? 0) + 1);
    for (const [fields, hits] of tally) {
      const consistency = hits / lines.length;
      if (consistency > best.consistency || (consistency === best.consistency && fields > best.fields)) {
        best = { delimiter, consistency, fields };
      }
    }
  }
  return best.delimiter;
}

function line(cells: string[]): string {
  return tableRow(cells);
}

/**
 * CSV and TSV through csv-parse (delimiter detected for .csv, tab for .tsv, which is read without quoting as
 * TSV has none). The first row is the header; rows are grouped into `table` blocks of ROWS_PER_BLOCK rows as
 * `cell | cell` lines, each block starting with the header line.
 */
export class CsvExtractor implements FormatExtractor {
  readonly extensions = ['csv', 'tsv'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    const { text, encoding } = decodeText(await readFile(input.path));
    const tsv = input.type.extension === 'tsv';
    const delimiter = tsv ? '\t' : detectDelimiter(text);
    let rows: string[][];
    try {
      rows = parse(text, {
        delimiter,
        quote: tsv ? false : '"',
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
      }) as string[][];
    } catch (err) {
      throw new AppError(
        'DOCUMENT_CORRUPT',
        'user',
        `The ${tsv ? 'TSV' : 'CSV'} file cannot be parsed: ${(err as Error).message}`,
        {
          cause: err,
          retryable: false,
        },
      );
    }
    const builder = new TextBuilder();
    const [header = [], ...data] = rows;
    const headerLine = line(header);
    if (data.length === 0) builder.add('table', headerLine);
    for (let i = 0; i < data.length; i += ROWS_PER_BLOCK) {
      input.signal.throwIfAborted();
      builder.add('table', [headerLine, ...data.slice(i, i + ROWS_PER_BLOCK).map(line)].join('\n'));
    }
    return builder.build({
      metadata: {
        rows: data.length,
        columns: rows.reduce((n, r) => Math.max(n, r.length), 0),
        delimiter: DELIMITER_NAMES[delimiter] ?? delimiter,
        encoding,
      },
      extractor: { name: 'csv-parse', version: libraryVersion('csv-parse') },
    });
  }
}
