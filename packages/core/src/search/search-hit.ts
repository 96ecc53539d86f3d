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

/** Turns fused index hits into full hits; chunks deleted since the index read are left out. */
export async function hydrateHits(
  deps: { metadata: MetadataStore; lexical: LexicalIndex },
  hits: FusedHit[],
  query: string,
  options: { snippet: { open: string; close: string; maxChars: number }; rerankScores: Map<string, number> },
): Promise<SearchHit[]> {
  // All hits at once: against a database server each read is a round trip, and a page of 100 hits read one
  // after another spent most of a search waiting on them (the embedded store answers synchronously anyway).
  const hydrated = await Promise.all(
    hits.map(async (hit): Promise<SearchHit | null> => {
      const [chunk, doc] = await Promise.all([
        deps.metadata.documents.getChunk(hit.chunkId),
        deps.metadata.documents.get(hit.documentId),
      ]);
      if (!chunk || !doc) return null;
      const snippet =
        (await deps.lexical.snippet(hit.chunkId, query, options.snippet)) ??
        chunk.content.slice(0, options.snippet.maxChars);
      return {
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
        snippet,
        scores: {
          lexical: hit.lexical?.score ?? null,
          vector: hit.vector?.score ?? null,
          fused: hit.score,
          rerank: options.rerankScores.get(hit.chunkId) ?? null,
        },
      };
    }),
  );
  return hydrated.filter((hit): hit is SearchHit => hit !== null);
}
