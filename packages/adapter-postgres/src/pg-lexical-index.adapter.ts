import { AppError, type IndexHit, type LexicalIndex, type SearchFilter } from '@sift/core';
import {
  buildSnippet,
  DEFAULT_LEXICAL_PRUNING,
  planQuery,
  type LexicalAnalysisOptions,
  type LexicalAnalyzer,
  type LexicalPruning,
  type MatchSpan,
  type QueryPlan,
} from '@sift/lexical-analysis';
import { withTransaction, type PgClient, type PgPool, type PgQueryable } from './pg-database.js';
import { bm25Expression, PG_LEXICAL_SQL } from './pg-lexical-index.queries.js';
import { pgLexicalAnalyzer } from './pg-lexical-rows.js';
import { rankThenAdmit } from './pg-lexical-ranking.js';
import { readTermStats, type PgTermStats } from './pg-lexical-stats.js';
import { searchFilterSql } from './pg-search-filter.js';

/** BM25 weight of each column: a term found there counts this many times (as in FTS5's bm25()). */
export interface LexicalColumnWeights {
  content: number;
  heading: number;
  title: number;
}

/** Options of {@link PgLexicalIndex}. */
export interface PgLexicalIndexOptions {
  /** The SQLite index's defaults (title 3, heading 2, content 1), measured on SciFact and Cranfield. */
  weights?: Partial<LexicalColumnWeights>;
  /** Two-phase ranking of large indexes (planQuery); null ranks every matching chunk in one statement. */
  pruning?: LexicalPruning | null;
  /** The analysis the store indexes with (pgLexicalAnalyzer): the same options on both sides. */
  analysis?: LexicalAnalysisOptions;
}

/** As the SQLite index's DEFAULT_LEXICAL_WEIGHTS, so both shapes rank alike. */
export const DEFAULT_LEXICAL_WEIGHTS: LexicalColumnWeights = { content: 1, heading: 2, title: 3 };

// As the SQLite index: a filtered search first ranks this many times the rows it needs (at least
// MIN_CANDIDATES) from the postings alone, then filters them; only when too few pass does it rank every
// matching chunk that passes the filter. Deep pages go straight to that single statement.
const CANDIDATE_FACTOR = 10;
const MIN_CANDIDATES = 1000;
const MAX_CANDIDATES = 50_000;
// A filter naming at most this many documents goes straight to filterThenRank (see search).
const FEW_DOCUMENTS = 100;

/**
 * LexicalIndex on PostgreSQL: BM25 computed in SQL from the postings and counters of migration 003, which
 * the store writes in the transaction that writes the chunks (pg-lexical-rows.ts); this class only reads.
 * The scoring is FTS5's bm25() — same column weights, k1 = 1.2, b = 0.75, FTS5's idf (ln((N − n + 0.5) /
 * (n + 0.5)), at least 1e-6), the chunk's length over all columns against their average — and the terms are
 * those of the SQLite index (@sift/lexical-analysis: per-language stop words and stemmers, folded
 * diacritics), so both shapes rank alike.
 *
 * A query is analysed in every language of the documents it may find (those of `filter.languages`, or every
 * language present), and its terms chosen as the SQLite index chooses them (planQuery): terms in half the
 * chunks are left out, and on a large index the rarer terms find candidates that every term re-scores.
 * The filter, authorization included, is applied in SQL before the page is cut, never to results afterwards:
 * the best candidates are ranked from the postings and tested against their documents, and when too few
 * pass, one statement tests every matching chunk before ranking (rankThenFilter, filterThenRank — the SQLite
 * index's strategy, so both shapes return the same pages). Each search reads in one repeatable-read
 * snapshot, so the statistics and postings it scores with agree.
 */
export class PgLexicalIndex implements LexicalIndex {
  private readonly analyzer: LexicalAnalyzer;
  private readonly bm25: string;
  private readonly pruning: LexicalPruning | null;

  constructor(
    private readonly pool: PgPool,
    options: PgLexicalIndexOptions = {},
  ) {
    this.analyzer = pgLexicalAnalyzer(options.analysis);
    const w = { ...DEFAULT_LEXICAL_WEIGHTS, ...options.weights };
    for (const [column, weight] of Object.entries(w)) {
      if (!Number.isFinite(weight) || weight < 0) {
        throw invalidOption(`weights.${column}`, weight, 'a finite number ≥ 0');
      }
    }
    // Numbers, validated above, so they can be part of the statement text.
    this.bm25 = bm25Expression(w);
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
    // Built first: an invalid filter throws before any connection is taken.
    searchFilterSql(options.filter, [], 'd');
    return this.read(async (client) => {
      const { plan, stats } = await this.plan(client, query, options.filter.languages);
      if (plan.terms.length === 0) return [];
      // A few named documents hold few chunks: ranking the whole index first would only be thrown away.
      const few = (options.filter.documentIds?.length ?? Infinity) <= FEW_DOCUMENTS;
      return (
        (few ? null : await this.rankThenFilter(client, plan, stats, options.filter, limit, offset)) ??
        (await this.filterThenRank(client, plan.terms, stats, options.filter, limit, offset))
      );
    });
  }

  async snippet(
    chunkId: string,
    query: string,
    options: { open: string; close: string; maxChars: number },
  ): Promise<string | null> {
    if (!Number.isInteger(options.maxChars) || options.maxChars < 1) {
      throw invalidOption('maxChars', options.maxChars, 'an integer ≥ 1');
    }
    return this.read(async (client) => {
      const found = await client.query<{ content: string; language: string | null }>(PG_LEXICAL_SQL.chunk, [
        chunkId,
      ]);
      const chunk = found.rows[0];
      if (!chunk) return null;
      const { plan } = await this.plan(client, query);
      return buildSnippet(chunk.content, this.matches(chunk, plan.terms), options);
    });
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
    // The chunks and the query's terms are independent reads, side by side on the pool: a page's snippets
    // cost the round trips of one snippet. Marks need no snapshot (a search has already chosen the hits),
    // so the terms are chosen without a transaction's extra round trips.
    const [chunks, { plan }] = await Promise.all([
      this.pool.query<{ id: string; content: string; language: string | null }>(PG_LEXICAL_SQL.chunks, [
        chunkIds,
      ]),
      this.plan(this.pool, query),
    ]);
    const terms = plan.terms;
    for (const chunk of chunks.rows) {
      out.set(chunk.id, buildSnippet(chunk.content, this.matches(chunk, terms), options));
    }
    return out;
  }

  /** The terms a search for `query` would use (planQuery), in a snapshot of their own. */
  async queryTerms(query: string, languages?: readonly string[]): Promise<string[]> {
    return this.read(async (client) => (await this.plan(client, query, languages)).plan.terms);
  }

  /**
   * A query's distinct index terms in each language of the documents searched (LexicalAnalyzer.queryTerms),
   * less those too common to weigh, with the statistics they were chosen by.
   */
  private async plan(
    client: PgQueryable,
    query: string,
    languages?: readonly string[],
  ): Promise<{ plan: QueryPlan; stats: PgTermStats }> {
    const tags =
      languages ??
      (await client.query<{ tag: string | null }>(PG_LEXICAL_SQL.languages)).rows.map((r) => r.tag);
    const analysis = [...new Set(tags.map((tag) => this.analyzer.languageOf(tag)))];
    const terms = this.analyzer.queryTerms(query, analysis);
    const stats = await readTermStats(client, terms);
    return { plan: planQuery(terms, stats, this.pruning), stats };
  }

  /**
   * The page from the best chunks by score alone, or null if too few of them pass the filter. Ranking is
   * cheap next to testing every matching chunk against its document (a common word matches tens of
   * thousands), so the best candidates are ranked from the postings alone and only they are tested; the
   * answer is exact when enough pass, or when they were all the matching chunks. Unfiltered, ranking the
   * page's chunks is enough.
   */
  private async rankThenFilter(
    client: PgClient,
    plan: QueryPlan,
    stats: PgTermStats,
    filter: SearchFilter,
    limit: number,
    offset: number,
  ): Promise<IndexHit[] | null> {
    const wanted = offset + limit;
    const unfiltered = searchFilterSql(filter, [], 'd') === 'TRUE';
    const take = unfiltered ? wanted : Math.max(MIN_CANDIDATES, CANDIDATE_FACTOR * wanted);
    if (take > MAX_CANDIDATES) return null;
    const { hits, ranked } = await rankThenAdmit(
      client,
      this.bm25,
      { plan, stats, filter },
      this.pruning,
      take,
      wanted,
    );
    // Any chunk not ranked comes after every ranked one, so the first `wanted` that pass are the true top.
    if (hits.length < wanted && ranked === take) return null;
    return hits.slice(offset, wanted);
  }

  /** Every chunk holding a term, tested against the filter, then ranked: one page (few chunks pass, or a deep page). */
  private async filterThenRank(
    client: PgClient,
    terms: readonly string[],
    stats: PgTermStats,
    filter: SearchFilter,
    limit: number,
    offset: number,
  ): Promise<IndexHit[]> {
    const params: unknown[] = [terms, stats.idfs(terms), stats.averageLength()];
    const filterSql = searchFilterSql(filter, params, 'd');
    const sql = PG_LEXICAL_SQL.filtered(
      this.bm25,
      filterSql,
      `$${params.length + 1}`,
      `$${params.length + 2}`,
    );
    return (await client.query<IndexHit>(sql, [...params, limit, offset])).rows;
  }

  /**
   * Where the query's terms occur in a chunk's text: each word analysed in the chunk's language, as it was
   * indexed, kept when its term is one the search used — so stemmed and folded forms are marked, with
   * offsets into the text itself.
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

  /** Runs `fn` in a read-only repeatable-read transaction: one snapshot for statistics and postings. */
  private read<T>(fn: (client: PgClient) => Promise<T>): Promise<T> {
    // The postings and chunk rows a search reads are cached (index-only scans of hot lists): a random read
    // costs about a sequential one. With the default (4) the planner hashes all 100k chunk rows to filter a
    // thousand scored chunks instead of looking each up, several times slower. Sent with the BEGIN (one
    // simple-protocol message): one round trip fewer per search.
    return withTransaction(this.pool, fn, { begin: READ_SNAPSHOT });
  }
}

const READ_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL random_page_cost = 1.1';

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
