import { AppError } from '../errors.js';
import type { LexicalIndex } from '../ports/lexical-index.port.js';
import { silentLogger, type Logger } from '../ports/logger.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { Reranker } from '../ports/reranker.port.js';
import { noopTelemetry, type Telemetry } from '../ports/telemetry.port.js';
import { timed } from '../telemetry/timed.js';
import type { VectorIndex } from '../ports/vector-index.port.js';
import { alphaFusion, reciprocalRankFusion, type FusedHit } from './fusion.js';
import { MmrReranker } from './mmr.reranker.js';
import type { QueryCache } from './query-cache.js';
import { hydrateHits, type SearchHit } from './search-hit.js';
import { rerankFused } from './search-rerank.js';
import { DEFAULT_HYBRID_ALPHA } from './space-profiles.js';
import type { IndexHit, SearchFilter } from './search.types.js';
import type { ServingSpace, VectorSpaceService } from './vector-space.service.js';
import type { HybridAlphaSource } from './vector-space.types.js';

export type { SearchHit } from './search-hit.js';

export type SearchMode = 'lexical' | 'semantic' | 'hybrid';
export type HybridFusion = 'rrf' | 'relative';

export interface SearchRequest {
  query: string;
  mode: SearchMode;
  filter: SearchFilter;
  limit: number;
  offset?: number;
  /** Hybrid only: `rrf` (reciprocal rank fusion) or `relative` (normalised scores); default from options. */
  fusion?: HybridFusion;
  /** Weaviate-style weighted fusion of normalised scores (0 lexical … 1 vector); implies `relative`. */
  alpha?: number;
  /** Reranker name (`mmr`, `cross-encoder`, `llm`, `none`), or true for the configured default. */
  rerank?: string | boolean;
  /** One hit per document (its best chunk). */
  groupByDocument?: boolean;
  /** Drop hits whose fused score is below this. */
  minScore?: number;
  /** Who searched, for the query log. */
  userId?: string | null;
}

/** Hits plus how they were found. */
export interface SearchResponse {
  hits: SearchHit[];
  mode: SearchMode;
  /** Reranker that ordered the hits, or null. */
  reranker: string | null;
  /** Served from the query cache. */
  cached: boolean;
  /** What limited this answer (a semantic index being rebuilt, a reranker that failed). */
  warnings: string[];
  tookMs: number;
}

export interface SearchServiceOptions {
  /** How many candidates each leg contributes before fusion (at least limit + offset). */
  candidates: number;
  /** RRF weights; a weak embedder gets a small vector weight so it cannot drag good lexical results down. */
  weights: { lexical: number; vector: number };
  /** How hybrid mode fuses the legs when a request does not say. */
  fusion: HybridFusion;
  /**
   * The alpha of `relative` fusion when a request gives none, overriding the serving space's own
   * (SIFT_HYBRID_ALPHA set explicitly); null: the serving space's, chosen for its model (VectorSpaceProfile).
   */
  alpha: number | null;
  snippet: { open: string; close: string; maxChars: number };
  /** How many fused candidates a reranker re-orders. */
  rerankDepth: number;
  /**
   * How long a search waits for its reranker (null: as long as it takes). A reranker that honours it returns
   * what it scored in time; the rest keep their fused places, and the answer says so.
   */
  rerankBudgetMs: number | null;
  /** Reranker used for `rerank: true`; null: none. */
  defaultReranker: string | null;
}

const DEFAULTS: SearchServiceOptions = {
  candidates: 100,
  weights: { lexical: 1, vector: 1 },
  fusion: 'rrf',
  alpha: null,
  snippet: { open: '<mark>', close: '</mark>', maxChars: 240 },
  rerankDepth: 50,
  rerankBudgetMs: null,
  defaultReranker: null,
};

export interface SearchServiceDeps {
  metadata: MetadataStore;
  lexical: LexicalIndex;
  vectors: VectorIndex;
  spaces: VectorSpaceService;
  /** Rerankers by name besides the built-in `mmr` (cross-encoder, llm), as configured. */
  rerankers?: Record<string, Reranker>;
  cache?: QueryCache<SearchResponse>;
  logger?: Logger;
  /** A span and a latency observation per search, zero-result counts; default: not observed. */
  telemetry?: Telemetry;
}

/** Lexical, semantic and hybrid search over chunks, one implementation for every index backend. */
export class SearchService {
  private readonly options: SearchServiceOptions;
  private readonly logger: Logger;
  private readonly rerankers: Record<string, Reranker>;

  constructor(
    private readonly deps: SearchServiceDeps,
    options: Partial<SearchServiceOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.logger = deps.logger ?? silentLogger;
    this.rerankers = { mmr: new MmrReranker(), ...deps.rerankers };
  }

  /** The alpha hybrid `relative` fusion uses when a request names none, and who chose it. */
  async hybridAlpha(): Promise<{ alpha: number; source: 'config' | HybridAlphaSource }> {
    if (this.options.alpha !== null) return { alpha: this.options.alpha, source: 'config' };
    const profile = await this.deps.spaces.servingProfile();
    return profile
      ? { alpha: profile.hybridAlpha, source: profile.alphaSource }
      : { alpha: DEFAULT_HYBRID_ALPHA, source: 'default' };
  }

  /** Names accepted in `rerank`. */
  rerankerNames(): string[] {
    return Object.keys(this.rerankers);
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const telemetry = this.deps.telemetry ?? noopTelemetry;
    const labels = { mode: request.mode };
    const spec = {
      span: 'search',
      metric: 'sift_search_duration_seconds',
      labels,
      attributes: labels,
    } as const;
    const response = await timed(telemetry, spec, () => this.answer(request));
    // A page past the last hit is not a search that found nothing.
    if (response.hits.length === 0 && !request.offset)
      telemetry.metrics.count('sift_search_zero_results_total', labels);
    return response;
  }

  private async answer(request: SearchRequest): Promise<SearchResponse> {
    const started = performance.now();
    const query = request.query.trim();
    if (query === '') throw new AppError('SEARCH_QUERY_EMPTY', 'user', 'the query is empty');
    const reranker = this.reranker(request.rerank);
    const fusion = request.alpha !== undefined ? 'relative' : (request.fusion ?? this.options.fusion);
    // Read before the cache: an admin may re-tune the space's weight, and answers fused with the old one must
    // not be served for it.
    const alpha =
      request.alpha ??
      (request.mode === 'hybrid' && fusion === 'relative' ? (await this.hybridAlpha()).alpha : null);
    const scope = scopeKey(request, reranker?.name ?? null, alpha);
    const cache = this.deps.cache;
    const cached = cache?.get(scope, query);
    if (cached) return this.finish(request, { ...cached, cached: true }, started);

    const warnings: string[] = [];
    const serving = request.mode === 'lexical' ? null : await this.deps.spaces.serving();
    if (request.mode !== 'lexical' && !serving) {
      warnings.push(
        'the semantic index is unavailable (being rebuilt for a new model); lexical results only',
      );
    }
    const queryVector = serving ? (await serving.embedder.embed([query], { kind: 'query' }))[0]! : null;
    const near = queryVector ? cache?.getSimilar(scope, queryVector) : null;
    if (near) return this.finish(request, { ...near, cached: true }, started);

    const offset = request.offset ?? 0;
    const want = Math.max(this.options.candidates, offset + request.limit);
    const [lexical, vector] = await Promise.all([
      request.mode === 'semantic'
        ? []
        : this.deps.lexical.search(query, { filter: request.filter, limit: want }),
      serving && queryVector
        ? this.deps.vectors.search(serving.space, queryVector, { filter: request.filter, limit: want })
        : ([] as IndexHit[]),
    ]);
    // One leg alone keeps its own order: fusion only matters when both legs answered.
    const bothLegs = request.mode === 'hybrid' && serving !== null;
    let fused =
      fusion === 'relative' && (bothLegs || request.alpha !== undefined)
        ? alphaFusion({ lexical, vector }, alpha ?? DEFAULT_HYBRID_ALPHA)
        : reciprocalRankFusion({ lexical, vector }, { weights: this.legWeights(request.mode, serving) });
    if (request.minScore !== undefined) fused = fused.filter((h) => h.score >= request.minScore!);
    const rerankScores = new Map<string, number>();
    if (reranker && fused.length > 0) {
      const step = {
        reranker,
        depth: this.options.rerankDepth,
        budgetMs: this.options.rerankBudgetMs,
        metadata: this.deps.metadata,
        vectors: this.deps.vectors,
        logger: this.logger,
      };
      fused = await rerankFused(step, query, fused, serving, rerankScores, warnings);
    }
    if (request.groupByDocument) fused = bestPerDocument(fused);
    const hits = await hydrateHits(this.deps, fused.slice(offset, offset + request.limit), query, {
      snippet: this.options.snippet,
      rerankScores,
    });
    const response: SearchResponse = {
      hits,
      mode: request.mode,
      reranker: rerankScores.size > 0 ? reranker!.name : null,
      cached: false,
      warnings,
      tookMs: 0,
    };
    // An answer missing a leg would outlive the rebuild that caused it; only complete answers are cached.
    if (cache && warnings.length === 0) {
      cache.set(scope, query, response, {
        vector: queryVector,
        collections: request.filter.collectionIds ?? null,
      });
    }
    return this.finish(request, response, started);
  }

  private reranker(rerank: string | boolean | undefined): Reranker | null {
    const name = rerank === true ? this.options.defaultReranker : rerank || null;
    if (!name || name === 'none') return null;
    const reranker = this.rerankers[name];
    if (!reranker) {
      throw new AppError('RERANKER_UNKNOWN', 'user', `unknown or unconfigured reranker "${name}"`, {
        details: { reranker: name, available: ['none', ...this.rerankerNames()] },
      });
    }
    return reranker;
  }

  private legWeights(mode: SearchMode, serving: ServingSpace | null): { lexical: number; vector: number } {
    if (mode === 'lexical' || !serving) return { lexical: 1, vector: 0 };
    if (mode === 'semantic') return { lexical: 0, vector: 1 };
    return this.options.weights;
  }

  private async finish(
    request: SearchRequest,
    response: SearchResponse,
    started: number,
  ): Promise<SearchResponse> {
    const tookMs = performance.now() - started;
    try {
      await this.deps.metadata.search.recordQuery({
        userId: request.userId ?? null,
        query: request.query,
        mode: request.mode,
        filters: request.filter,
        resultsCount: response.hits.length,
        latencyMs: tookMs,
      });
    } catch (err) {
      // Analytics must never cost the user their results.
      this.logger.warn({ err }, 'could not log a search query');
    }
    return { ...response, tookMs: Math.round(tookMs * 10) / 10 };
  }
}

function bestPerDocument(hits: FusedHit[]): FusedHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => (seen.has(h.documentId) ? false : (seen.add(h.documentId), true)));
}

/** Everything but the words that decides an answer: two requests equal here may share a cached answer. */
function scopeKey(request: SearchRequest, reranker: string | null, alpha: number | null): string {
  return JSON.stringify([
    request.mode,
    request.filter,
    request.limit,
    request.offset ?? 0,
    alpha,
    request.fusion ?? null,
    reranker,
    request.groupByDocument ?? false,
    request.minScore ?? null,
  ]);
}
