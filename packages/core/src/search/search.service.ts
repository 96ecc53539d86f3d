import { AppError } from '../errors.js';
import type { Embedder } from '../ports/embedder.port.js';
import type { LexicalIndex } from '../ports/lexical-index.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { VectorIndex } from '../ports/vector-index.port.js';
import { alphaFusion, reciprocalRankFusion, type FusedHit } from './fusion.js';
import type { IndexHit, SearchFilter, VectorSpace } from './search.types.js';

export type SearchMode = 'lexical' | 'semantic' | 'hybrid';

export interface SearchRequest {
  query: string;
  mode: SearchMode;
  filter: SearchFilter;
  limit: number;
  offset?: number;
  /** Weaviate-style weighted fusion of normalised scores instead of RRF (0 lexical … 1 vector). */
  alpha?: number;
  /** One hit per document (its best chunk). */
  groupByDocument?: boolean;
  /** Drop hits whose fused score is below this. */
  minScore?: number;
}

/** One result with everything a client needs to cite and highlight it. */
export interface SearchHit {
  chunkId: string;
  documentId: string;
  title: string | null;
  filename: string;
  contentType: string;
  pageFrom: number | null;
  pageTo: number | null;
  headingPath: string[];
  startChar: number;
  endChar: number;
  content: string;
  snippet: string;
  scores: { lexical: number | null; vector: number | null; fused: number; rerank: number | null };
}

export interface SearchServiceOptions {
  /** How many candidates each leg contributes before fusion (at least limit + offset). */
  candidates: number;
  /** RRF weights; a weak embedder gets a small vector weight so it cannot drag good lexical results down. */
  weights: { lexical: number; vector: number };
  snippet: { open: string; close: string; maxChars: number };
}

const DEFAULTS: SearchServiceOptions = {
  candidates: 100,
  weights: { lexical: 1, vector: 1 },
  snippet: { open: '<mark>', close: '</mark>', maxChars: 240 },
};

/** Lexical, semantic and hybrid search over chunks, one implementation for every index backend. */
export class SearchService {
  private readonly options: SearchServiceOptions;

  constructor(
    private readonly deps: {
      metadata: MetadataStore;
      lexical: LexicalIndex;
      vectors: VectorIndex;
      embedder: Embedder;
    },
    options: Partial<SearchServiceOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async search(request: SearchRequest): Promise<SearchHit[]> {
    const query = request.query.trim();
    if (query === '') throw new AppError('SEARCH_QUERY_EMPTY', 'user', 'the query is empty');
    const offset = request.offset ?? 0;
    const want = Math.max(this.options.candidates, offset + request.limit);
    const [lexical, vector] = await Promise.all([
      request.mode === 'semantic'
        ? []
        : this.deps.lexical.search(query, { filter: request.filter, limit: want }),
      request.mode === 'lexical' ? [] : this.vectorLeg(query, request.filter, want),
    ]);
    let fused =
      request.alpha !== undefined
        ? alphaFusion({ lexical, vector }, request.alpha)
        : reciprocalRankFusion({ lexical, vector }, { weights: this.legWeights(request.mode) });
    if (request.minScore !== undefined) fused = fused.filter((h) => h.score >= request.minScore!);
    if (request.groupByDocument) fused = bestPerDocument(fused);
    return this.hydrate(fused.slice(offset, offset + request.limit), query);
  }

  /** The vector space of the current embedder. */
  async space(): Promise<VectorSpace> {
    const info = await this.deps.embedder.info();
    return { id: `${info.model}@${info.dimensions}`, dimensions: info.dimensions };
  }

  private async vectorLeg(query: string, filter: SearchFilter, limit: number): Promise<IndexHit[]> {
    const [vector] = await this.deps.embedder.embed([query], { kind: 'query' });
    return this.deps.vectors.search(await this.space(), vector!, { filter, limit });
  }

  private legWeights(mode: SearchMode): { lexical: number; vector: number } {
    if (mode === 'lexical') return { lexical: 1, vector: 0 };
    if (mode === 'semantic') return { lexical: 0, vector: 1 };
    return this.options.weights;
  }

  private async hydrate(hits: FusedHit[], query: string): Promise<SearchHit[]> {
    const out: SearchHit[] = [];
    for (const hit of hits) {
      const [chunk, doc] = await Promise.all([
        this.deps.metadata.documents.getChunk(hit.chunkId),
        this.deps.metadata.documents.get(hit.documentId),
      ]);
      // Deleted between the index read and now: skip rather than fail the whole search.
      if (!chunk || !doc) continue;
      const snippet =
        (await this.deps.lexical.snippet(hit.chunkId, query, this.options.snippet)) ??
        chunk.content.slice(0, this.options.snippet.maxChars);
      out.push({
        chunkId: chunk.id,
        documentId: doc.id,
        title: doc.title,
        filename: doc.filename,
        contentType: doc.contentType,
        pageFrom: chunk.pageFrom,
        pageTo: chunk.pageTo,
        headingPath: chunk.headingPath,
        startChar: chunk.startChar,
        endChar: chunk.endChar,
        content: chunk.content,
        snippet,
        scores: {
          lexical: hit.lexical?.score ?? null,
          vector: hit.vector?.score ?? null,
          fused: hit.score,
          rerank: null,
        },
      });
    }
    return out;
  }
}

function bestPerDocument(hits: FusedHit[]): FusedHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => (seen.has(h.documentId) ? false : (seen.add(h.documentId), true)));
}
