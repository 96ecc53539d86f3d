import { AppError, type IndexHit, type LexicalIndex, type SearchFilter } from '@sift/core';
import type { LexicalAnalyzer } from '@sift/lexical-analysis';
import { lexicalAnalyzerOf } from './fts-analysis.js';
import {
  DEFAULT_LEXICAL_PRUNING,
  ftsMatchExpression,
  planQuery,
  type LexicalPruning,
  type QueryPlan,
} from './fts-query.js';
import { buildSnippet, type MatchSpan } from './fts-snippet.js';
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
  /** Two-phase ranking of large indexes (planQuery); null ranks every matching row in one statement. */
  pruning?: LexicalPruning | null;
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
 * LexicalIndex on the SQLite file's FTS5 table `document_chunks_fts` (migration 010), which the triggers keep
 * in step with the chunks, each analysed in its document's language; this class only reads it.
 *
 * A query is analysed in every language of the documents it may find (those of `filter.languages`, or every
 * language in the index): see LexicalAnalyzer.queryTerms. Snippets mark the words of the chunk's own text
 * whose terms are the query's, so marks fall on the original spelling ("Verträgen" for "Vertrag").
 *
 * Searches are FTS5-first. Ranking inside the index is cheap; what costs is reading each matching chunk and
 * document row to test the filter (a common word matches tens of thousands of chunks). So a search ranks the
 * best candidates from the index alone and tests only those; the answer is exact whenever enough of them
 * pass, or when they were all the matching rows. A filter that lets few chunks through falls back to one
 * statement that joins and tests every matching row before ranking. Either way the filter applies before
 * LIMIT, so a filtered page is full when enough chunks match. Both steps run in one read transaction, so a
 * concurrent write cannot slip between them.
 *
 * On a large index, ranking itself is two-phase (planQuery, `rank`): the query's rarer terms find the
 * candidates, every term scores them, so a common word no longer makes FTS5 score a tenth of the index.
 */
export class SqliteLexicalIndex implements LexicalIndex {
  private readonly sql: StatementCache;
  private readonly stats: FtsTermStats;
  private readonly analyzer: LexicalAnalyzer;
  private readonly bm25: string;
  private readonly pruning: LexicalPruning | null;

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteLexicalIndexOptions = {},
  ) {
    this.sql = new StatementCache(db);
    this.stats = new FtsTermStats(db);
    this.analyzer = lexicalAnalyzerOf(db);
    const w = { ...DEFAULT_LEXICAL_WEIGHTS, ...options.weights };
    for (const [column, weight] of Object.entries(w)) {
      if (!Number.isFinite(weight) || weight < 0) {
        throw invalidOption(`weights.${column}`, weight, 'a finite number ≥ 0');
      }
    }
    // Numbers, validated above, so they can be part of the statement text; column order as in the table.
    this.bm25 = `bm25(document_chunks_fts, ${w.content}, ${w.heading}, ${w.title})`;
    this.pruning = options.pruning === undefined ? DEFAULT_LEXICAL_PRUNING : options.pruning;
    const p = this.pruning;
    if (p && !(p.commonShare >= 0 && p.minRows >= 0 && Number.isInteger(p.candidates) && p.candidates >= 1)) {
      throw invalidOption(
        'pruning',
        JSON.stringify(p),
        'commonShare and minRows ≥ 0, candidates an integer ≥ 1',
      );
    }
  }

  async search(
    query: string,
    options: { filter: SearchFilter; limit: number; offset?: number },
  ): Promise<IndexHit[]> {
    const { limit, offset = 0 } = options;
    if (!Number.isInteger(limit) || limit < 1) throw invalidOption('limit', limit, 'an integer ≥ 1');
    if (!Number.isInteger(offset) || offset < 0) throw invalidOption('offset', offset, 'an integer ≥ 0');
    const filter = buildChunkFilter(options.filter, { chunk: 'c', document: 'd' });
    const read = this.db.transaction((): IndexHit[] => {
      const plan = planQuery(this.analyse(query, options.filter.languages), this.stats, this.pruning);
      const match = ftsMatchExpression(plan.terms);
      if (match === null) return [];
      return (
        this.rankThenFilter(plan, filter, limit, offset) ?? this.filterThenRank(match, filter, limit, offset)
      );
    });
    return read();
  }

  /**
   * The terms to search for a query: its words analysed in each language of the documents searched, less
   * those too common to weigh (selectQueryTerms, via planQuery).
   */
  queryTerms(query: string, languages?: readonly string[]): string[] {
    return planQuery(this.analyse(query, languages), this.stats, this.pruning).terms;
  }

  /** A query's distinct index terms in each language of the documents searched (LexicalAnalyzer.queryTerms). */
  private analyse(query: string, languages?: readonly string[]): string[] {
    const tags = languages ?? this.indexedLanguages();
    const analysis = [...new Set(tags.map((tag) => this.analyzer.languageOf(tag)))];
    return this.analyzer.queryTerms(query, analysis);
  }

  /** The document language tags present in the index, null for documents of unknown language. */
  private indexedLanguages(): (string | null)[] {
    return this.sql.get(LEXICAL_SQL.languages).pluck().all() as (string | null)[];
  }

  /** The page from the best candidates of the index, or null if too few of them pass the filter. */
  private rankThenFilter(
    plan: QueryPlan,
    filter: SqlFragment,
    limit: number,
    offset: number,
  ): IndexHit[] | null {
    const wanted = offset + limit;
    // `1` is the fragment for an empty filter: every ranked row passes, so ranking `wanted` rows is enough.
    const take = filter.sql === '1' ? wanted : Math.max(MIN_CANDIDATES, CANDIDATE_FACTOR * wanted);
    if (take > MAX_CANDIDATES) return null;
    const ranked = this.rank(plan, take);
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

  /**
   * The best `take` rows by BM25 over every term of the plan. With fewer essential terms than terms, the
   * essential ones find `pruning.candidates` rows (or `take`, if more) and every term re-scores only those:
   * FTS5 still walks the common terms' lists to match and count them, but decodes positions and scores
   * only the candidates. Too few candidates to fill the page: the single statement ranks every row.
   */
  private rank(plan: QueryPlan, take: number): RankedRow[] {
    const full = ftsMatchExpression(plan.terms)!;
    if (!this.pruning || plan.essential.length === plan.terms.length) {
      return this.sql.get(LEXICAL_SQL.rank(this.bm25)).all(full, take) as RankedRow[];
    }
    const pool = Math.max(this.pruning.candidates, take);
    const candidates = this.sql
      .get(LEXICAL_SQL.rank(this.bm25))
      .all(ftsMatchExpression(plan.essential), pool) as RankedRow[];
    if (candidates.length < take) {
      return this.sql.get(LEXICAL_SQL.rank(this.bm25)).all(full, take) as RankedRow[];
    }
    const seqs = JSON.stringify(candidates.map((row) => row.seq));
    return this.sql.get(LEXICAL_SQL.rescore(this.bm25)).all(full, seqs, take) as RankedRow[];
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
      { content: string; language: string | null } | undefined;
    if (!chunk) return null;
    return buildSnippet(chunk.content, this.matches(chunk, this.queryTerms(query)), options);
  }

  async snippets(
    chunkIds: readonly string[],
    query: string,
    options: { open: string; close: string; maxChars: number },
  ): Promise<Map<string, string>> {
    if (!Number.isInteger(options.maxChars) || options.maxChars < 1) {
      throw invalidOption('maxChars', options.maxChars, 'an integer ≥ 1');
    }
    const out = new Map<string, string>();
    if (chunkIds.length === 0) return out;
    const chunks = this.sql.get(LEXICAL_SQL.chunks).all(JSON.stringify(chunkIds)) as {
      id: string;
      content: string;
      language: string | null;
    }[];
    // The query is analysed once for the whole page.
    const terms = this.queryTerms(query);
    for (const chunk of chunks) {
      out.set(chunk.id, buildSnippet(chunk.content, this.matches(chunk, terms), options));
    }
    return out;
  }

  /** Releases what the index holds besides the shared connection (nothing today; kept for the port's users). */
  close(): void {}

  /**
   * Where the query's terms occur in a chunk's text: each word of the text analysed in the chunk's language,
   * as it was indexed, and kept when its term is one the search used. So a stemmed form (`runs` for
   * `running`, `umowie` for `umowy`) and a folded one (`Zürich` for `zurich`) are marked, with offsets into
   * the text itself.
   */
  private matches(
    chunk: { content: string; language: string | null },
    terms: readonly string[],
  ): MatchSpan[] {
    const wanted = new Set(terms);
    if (wanted.size === 0) return [];
    const language = this.analyzer.languageOf(chunk.language);
    return this.analyzer
      .words(chunk.content, language)
      .filter((word) => word.term !== null && wanted.has(word.term))
      .map(({ start, end }) => ({ start, end }));
  }
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
