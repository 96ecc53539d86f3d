import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { TermStatistics } from './fts-query.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** Must equal the `tokenize` option of `document_chunks_fts` (migration 002), or stems would not be its terms. */
const TOKENIZER = 'porter unicode61 remove_diacritics 2';
// Stems and counts kept at most; a query's words repeat across queries (and across search and snippet).
const CACHE_SIZE = 10_000;
// Counting the rows of a term walks its whole posting list (3 ms for a word in 100k chunks), so counts are
// reused until the index has grown or shrunk by this share. They only decide which words are too common to
// weigh, and the share of rows a word is in hardly moves meanwhile.
const FREQUENCY_TOLERANCE = 0.01;
// FTS5 keeps the row count and per-column token totals in this record of its %_data table.
const AVERAGES_ROWID = 1;

/**
 * Term statistics of `document_chunks_fts`, read from the index itself.
 *
 * Stems come from the very tokenizer the index uses, run on a private in-memory FTS5 table (SQLite offers no
 * SQL function that tokenizes a string), so no stemmer has to be re-implemented and kept in step. Document
 * frequencies come from an `fts5vocab` table, created in the connection's TEMP schema because it is a view of
 * the index for this reader, not part of the stored schema; they are cached (see FREQUENCY_TOLERANCE). The
 * row count is the first varint of FTS5's averages record: one row read instead of counting 100k chunks.
 */
export class FtsTermStats implements TermStatistics {
  private readonly tokenizer: Database.Database;
  private readonly tokenize: { clear: Statement; insert: Statement; terms: Statement };
  private readonly stems = new Map<string, string>();
  private readonly frequencies = new Map<string, number>();
  private frequenciesAt = 0;
  private vocab: { df: Statement; averages: Statement; count: Statement } | undefined;

  constructor(private readonly db: SqliteDatabase) {
    this.tokenizer = new Database(':memory:');
    this.tokenizer.exec(`
      CREATE VIRTUAL TABLE words USING fts5 (word, tokenize = '${TOKENIZER}');
      CREATE VIRTUAL TABLE words_terms USING fts5vocab (words, instance);`);
    this.tokenize = {
      clear: this.tokenizer.prepare('DELETE FROM words'),
      insert: this.tokenizer.prepare('INSERT INTO words (rowid, word) VALUES (1, ?)'),
      terms: this.tokenizer.prepare('SELECT term FROM words_terms ORDER BY offset').pluck(),
    };
  }

  stem(word: string): string {
    let stem = this.stems.get(word);
    if (stem === undefined) {
      this.tokenize.clear.run();
      this.tokenize.insert.run(word);
      stem = (this.tokenize.terms.all() as string[]).join(' ');
      if (this.stems.size >= CACHE_SIZE) this.stems.clear();
      this.stems.set(word, stem);
    }
    return stem;
  }

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

  /** Closes the private tokenizer database (not the shared connection). */
  close(): void {
    this.tokenizer.close();
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
