import { AppError, type IndexHit, type LexicalIndex, type SearchFilter } from '@sift/core';
import { ftsMatchExpression } from './fts-query.js';
import { buildSnippet, parseHighlighted, type MatchSpan } from './fts-snippet.js';
import { FtsTermStats } from './fts-term-stats.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { LEXICAL_SQL } from './sqlite-lexical-index.queries.js';
import { buildChunkFilter, type SqlFragment } from './sqlite-search-filter.js';
import { StatementCache } from './sqlite-statements.js';

/** BM25 weight of each column of `document_chunks_fts`: a term found there counts this many times. */
export interface LexicalColumnWeights {
  content: number;
  heading: number;
  title: number;
}

/** Options of {@link SqliteLexicalIndex}. */
export interface SqliteLexicalIndexOptions {
  weights?: Partial<LexicalColumnWeights>;
}

/**
 * Measured on SciFact and Cranfield (bench/lexical-quality.bench.ts): a title weight of 3 gives the best
 * nDCG@10 on SciFact (0.708 vs 0.702 unweighted) and within 0.002 of the best (4) on Cranfield. The datasets
 * have no headings; 2 puts a heading between body text and the title.
 */
export const DEFAULT_LEXICAL_WEIGHTS: LexicalColumnWeights = { content: 1, heading: 2, title: 3 };

// A filtered search first ranks this many times the rows it needs (at least MIN_CANDIDATES) from the index
// alone, then filters them; only when too few pass does it rank every matching row that passes the filter.
const CANDIDATE_FACTOR = 10;
const MIN_CANDIDATES = 1000;
// Deep pages would pass too many seqs around as JSON; the single statement pages them itself.
const MAX_CANDIDATES = 50_000;

interface RankedRow {
  seq: number;
  score: number;
}

interface AdmittedRow {
  seq: number;
  chunkId: string;
  documentId: string;
}

/**
 * LexicalIndex on the SQLite file's FTS5 table `document_chunks_fts` (migration 002), which the triggers keep
 * in step with the chunks; this class only reads it.
 *
 * Searches are FTS5-first. Ranking inside the index is cheap; what costs is reading each matching chunk and
 * document row to test the filter (a common word matches tens of thousands of chunks). So a search ranks the
 * best candidates from the index alone and tests only those; the answer is exact whenever enough of them
 * pass, or when they were all the matching rows. A filter that lets few chunks through falls back to one
 * statement that joins and tests every matching row before ranking. Either way the filter applies before
 * LIMIT, so a filtered page is full when enough chunks match. Both steps run in one read transaction, so a
 * concurrent write cannot slip between them.
 */
export class SqliteLexicalIndex implements LexicalIndex {
  private readonly sql: StatementCache;
  private readonly stats: FtsTermStats;
  private readonly bm25: string;

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteLexicalIndexOptions = {},
  ) {
    this.sql = new StatementCache(db);
    this.stats = new FtsTermStats(db);
    const w = { ...DEFAULT_LEXICAL_WEIGHTS, ...options.weights };
    for (const [column, weight] of Object.entries(w)) {
      if (!Number.isFinite(weight) || weight < 0) {
        throw invalidOption(`weights.${column}`, weight, 'a finite number ≥ 0');
      }
    }
    // Numbers, validated above, so they can be part of the statement text; column order as in the table.
    this.bm25 = `bm25(document_chunks_fts, ${w.content}, ${w.heading}, ${w.title})`;
  }

  async search(
    query: string,
    options: { filter: SearchFilter; limit: number; offset?: number },
  ): Promise<IndexHit[]> {
    const { limit, offset = 0 } = options;
    if (!Number.isInteger(limit) || limit < 1) throw invalidOption('limit', limit, 'an integer ≥ 1');
    if (!Number.isInteger(offset) || offset < 0) throw invalidOption('offset', offset, 'an integer ≥ 0');
    const filter = buildChunkFilter(options.filter, { chunk: 'c', document: 'd' });
    const match = ftsMatchExpression(query, this.stats);
    if (match === null) return [];
    const read = this.db.transaction(
      () =>
        this.rankThenFilter(match, filter, limit, offset) ??
        this.filterThenRank(match, filter, limit, offset),
    );
    return read();
  }

  /** The page from the best candidates of the index, or null if too few of them pass the filter. */
  private rankThenFilter(
    match: string,
    filter: SqlFragment,
    limit: number,
    offset: number,
  ): IndexHit[] | null {
    const wanted = offset + limit;
    // `1` is the fragment for an empty filter: every ranked row passes, so ranking `wanted` rows is enough.
    const take = filter.sql === '1' ? wanted : Math.max(MIN_CANDIDATES, CANDIDATE_FACTOR * wanted);
    if (take > MAX_CANDIDATES) return null;
    const ranked = this.sql.get(LEXICAL_SQL.rank(this.bm25)).all(match, take) as RankedRow[];
    const rows = this.sql
      .get(LEXICAL_SQL.admit(filter.sql))
      .all(JSON.stringify(ranked.map((r) => r.seq)), ...filter.params) as AdmittedRow[];
    // Any chunk not ranked comes after every ranked one, so the first `wanted` that pass are the true top.
    if (rows.length < wanted && ranked.length === take) return null;
    const admitted = new Map(rows.map((row) => [row.seq, row]));
    const hits: IndexHit[] = [];
    for (const { seq, score } of ranked) {
      const row = admitted.get(seq);
      if (row) hits.push({ chunkId: row.chunkId, documentId: row.documentId, score });
    }
    return hits.slice(offset, wanted);
  }

  private filterThenRank(match: string, filter: SqlFragment, limit: number, offset: number): IndexHit[] {
    const statement = this.sql.get(LEXICAL_SQL.filtered(this.bm25, filter.sql));
    return statement.all(match, ...filter.params, limit, offset) as IndexHit[];
  }

  async snippet(
    chunkId: string,
    query: string,
    options: { open: string; close: string; maxChars: number },
  ): Promise<string | null> {
    if (!Number.isInteger(options.maxChars) || options.maxChars < 1) {
      throw invalidOption('maxChars', options.maxChars, 'an integer ≥ 1');
    }
    const chunk = this.sql.get(LEXICAL_SQL.chunk).get(chunkId) as
      { seq: number; content: string } | undefined;
    if (!chunk) return null;
    return buildSnippet(chunk.content, this.matches(chunk.seq, chunk.content, query), options);
  }

  /** Releases what the index holds besides the shared connection (which its owner closes). */
  close(): void {
    this.stats.close();
  }

  /**
   * Where the query's terms occur in a chunk's content, as FTS5's highlight() finds them: it applies the
   * index's own tokenizer, so a stemmed form (`runs` for `running`) and a folded one (`Zürich` for `zurich`)
   * are found too. The markers are private-use characters absent from the content, so they are unambiguous.
   */
  private matches(seq: number, content: string, query: string): MatchSpan[] {
    const match = ftsMatchExpression(query, this.stats);
    if (match === null) return [];
    const markers = markersAbsentFrom(content);
    if (!markers) return [];
    const [open, close] = markers;
    const marked = this.sql.get(LEXICAL_SQL.highlight).pluck().get(open, close, match, seq) as
      string | undefined;
    if (marked === undefined) return [];
    return parseHighlighted(marked, content, open, close) ?? [];
  }
}

/** Two characters of the private-use area that `content` does not hold (null if it holds nearly all 6,400). */
function markersAbsentFrom(content: string): [string, string] | null {
  const free: string[] = [];
  for (let code = 0xe000; free.length < 2 && code <= 0xf8ff; code++) {
    const char = String.fromCharCode(code);
    if (!content.includes(char)) free.push(char);
  }
  return free.length === 2 ? [free[0]!, free[1]!] : null;
}

function invalidOption(option: string, value: unknown, expected: string): AppError {
  return new AppError(
    'SEARCH_OPTIONS_INVALID',
    'user',
    `${option} must be ${expected}, got ${String(value)}`,
    {
      details: { option, value: typeof value === 'number' ? value : String(value) },
    },
  );
}
