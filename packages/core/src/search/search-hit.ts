import type { SecondaryBlockKind } from '../ingest/extraction.types.js';
import type { LexicalIndex } from '../ports/lexical-index.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { FusedHit } from './fusion.js';

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
  /** Where the text sits outside the main flow (`footer`, `note`, `comment`…); null for body text. */
  origin: SecondaryBlockKind | null;
  /** Exact character range of the chunk in the document's text. */
  startChar: number;
  endChar: number;
  content: string;
  /** The chunk around the query's terms, terms wrapped in the snippet markers. */
  snippet: string;
  scores: { lexical: number | null; vector: number | null; fused: number; rerank: number | null };
}

/**
 * Turns fused index hits into full hits; chunks deleted since the index read are left out. The ids come from
 * index reads that applied the search's filter (authorization included), so these reads take them as given.
 */
export async function hydrateHits(
  deps: { metadata: MetadataStore; lexical: LexicalIndex },
  hits: FusedHit[],
  query: string,
  options: { snippet: { open: string; close: string; maxChars: number }; rerankScores: Map<string, number> },
): Promise<SearchHit[]> {
  if (hits.length === 0) return [];
  // One read per kind for the whole page, the three side by side: against a database server each read is a
  // round trip, and three per hit made hydration most of a search's time.
  const chunkIds = hits.map((hit) => hit.chunkId);
  const [chunks, docs, snippets] = await Promise.all([
    deps.metadata.documents.getChunks(chunkIds),
    deps.metadata.documents.getMany([...new Set(hits.map((hit) => hit.documentId))]),
    deps.lexical.snippets(chunkIds, query, options.snippet),
  ]);
  const chunkById = new Map(chunks.map((chunk) => [chunk.id, chunk]));
  const docById = new Map(docs.map((doc) => [doc.id, doc]));
  return hits.flatMap((hit): SearchHit[] => {
    const chunk = chunkById.get(hit.chunkId);
    const doc = docById.get(hit.documentId);
    if (!chunk || !doc) return [];
    return [
      {
        chunkId: chunk.id,
        documentId: doc.id,
        title: doc.title,
        filename: doc.filename,
        contentType: doc.contentType,
        pageFrom: chunk.pageFrom,
        pageTo: chunk.pageTo,
        headingPath: chunk.headingPath,
        origin: chunk.origin,
        startChar: chunk.startChar,
        endChar: chunk.endChar,
        content: chunk.content,
        snippet: snippets.get(hit.chunkId) ?? chunk.content.slice(0, options.snippet.maxChars),
        scores: {
          lexical: hit.lexical?.score ?? null,
          vector: hit.vector?.score ?? null,
          fused: hit.score,
          rerank: options.rerankScores.get(hit.chunkId) ?? null,
        },
      },
    ];
  });
}
