import type { Statement } from 'better-sqlite3';
import type { TermStatistics } from './fts-query.js';
import type { SqliteDatabase } from './sqlite-database.js';

// Counts kept at most; a query's terms repeat across queries (and across search and snippet).
const CACHE_SIZE = 10_000;
// Counting the rows of a term walks its whole posting list (3 ms for a word in 100k chunks), so counts are
// reused until the index has grown or shrunk by this share. They only decide which words are too common to
// weigh, and the share of rows a word is in hardly moves meanwhile.
const FREQUENCY_TOLERANCE = 0.01;
// FTS5 keeps the row count and per-column token totals in this record of its %_data table.
const AVERAGES_ROWID = 1;

/**
 * Term statistics of `document_chunks_fts`, read from the index itself. Document frequencies come from an
 * `fts5vocab` table, created in the connection's TEMP schema because it is a view of the index for this
 * reader, not part of the stored schema; they are cached (see FREQUENCY_TOLERANCE). The row count is the
 * first varint of FTS5's averages record: one row read instead of counting 100k chunks.
 */
export class FtsTermStats implements TermStatistics {
  private readonly frequencies = new Map<string, number>();
  private frequenciesAt = 0;
  private vocab: { df: Statement; averages: Statement; count: Statement } | undefined;

  constructor(private readonly db: SqliteDatabase) {}

  documentFrequency(term: string): number {
    const rows = this.rowCount();
    if (Math.abs(rows - this.frequenciesAt) > rows * FREQUENCY_TOLERANCE) {
      this.frequencies.clear();
      this.frequenciesAt = rows;
    }
    let df = this.frequencies.get(term);
    if (df === undefined) {
      df = (this.statements().df.get(term) as number | undefined) ?? 0;
      if (this.frequencies.size >= CACHE_SIZE) this.frequencies.clear();
      this.frequencies.set(term, df);
    }
    return df;
  }

  rowCount(): number {
    const { averages, count } = this.statements();
    const record = averages.get(AVERAGES_ROWID) as Buffer | undefined;
    // An index that never held a row has no averages record yet.
    if (!record || record.length === 0) return count.get() as number;
    return readVarint(record);
  }

  private statements() {
    if (!this.vocab) {
      this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.sift_chunks_fts_rows
        USING fts5vocab (main, document_chunks_fts, row)`);
      this.vocab = {
        df: this.db.prepare('SELECT doc FROM temp.sift_chunks_fts_rows WHERE term = ?').pluck(),
        averages: this.db.prepare('SELECT block FROM document_chunks_fts_data WHERE id = ?').pluck(),
        count: this.db.prepare('SELECT count(*) FROM document_chunks').pluck(),
      };
    }
    return this.vocab;
  }
}

/** SQLite's varint (big-endian, 7 bits a byte with a continuation bit; a 9th byte carries 8 bits). */
function readVarint(bytes: Uint8Array): number {
  let value = 0;
  for (let i = 0; i < 9 && i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (i === 8) return value * 256 + byte;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return value;
  }
  return value;
}
