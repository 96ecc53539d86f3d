import { AppError } from '../errors.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { VectorIndex } from '../ports/vector-index.port.js';
import type { SearchFilter } from './search.types.js';
import type { VectorSpaceService } from './vector-space.service.js';
import { meanVector } from './vector-math.js';

/** A document like the source, with the chunk that matched it best. */
export interface SimilarDocument {
  documentId: string;
  title: string | null;
  filename: string;
  contentType: string;
  /** Cosine similarity of the best chunk to the source's document vector. */
  score: number;
  chunkId: string;
}

/** Chunks of the source that make its vector: enough for its gist, bounded for very long documents. */
const MAX_SOURCE_CHUNKS = 256;

/**
 * "More like this": the source's document vector is the normalised mean of its chunk vectors; documents
 * are ranked by their chunk nearest to it, the source itself excluded.
 */
export class SimilarDocumentsService {
  constructor(
    private readonly deps: { metadata: MetadataStore; vectors: VectorIndex; spaces: VectorSpaceService },
  ) {}

  async similar(
    documentId: string,
    options: { limit: number; filter?: SearchFilter },
  ): Promise<{ documents: SimilarDocument[]; warnings: string[] }> {
    const { metadata, vectors } = this.deps;
    const source = await metadata.documents.get(documentId);
    if (!source) {
      throw new AppError('DOCUMENT_NOT_FOUND', 'not_found', `document ${documentId} does not exist`, {
        details: { documentId },
      });
    }
    const serving = await this.deps.spaces.serving();
    if (!serving) return { documents: [], warnings: ['the semantic index is unavailable'] };
    const chunks = await metadata.documents.listChunks(documentId, { limit: MAX_SOURCE_CHUNKS });
    const own = await Promise.all(chunks.map((c) => vectors.get(serving.space, c.id)));
    const vector = meanVector(own.filter((v): v is Float32Array => v !== null));
    if (!vector) return { documents: [], warnings: ['the document has no vectors yet'] };

    const filter: SearchFilter = {
      ...options.filter,
      excludeDocumentIds: [...(options.filter?.excludeDocumentIds ?? []), documentId],
    };
    // Several chunks of one document may be nearest; ask for more so `limit` distinct documents remain.
    const hits = await vectors.search(serving.space, vector, { filter, limit: options.limit * 8 });
    const best = new Map<string, { score: number; chunkId: string }>();
    for (const hit of hits) {
      if (!best.has(hit.documentId)) best.set(hit.documentId, { score: hit.score, chunkId: hit.chunkId });
    }
    const documents: SimilarDocument[] = [];
    for (const [id, hit] of [...best].slice(0, options.limit)) {
      const doc = await metadata.documents.get(id);
      if (!doc) continue;
      documents.push({
        documentId: id,
        title: doc.title,
        filename: doc.filename,
        contentType: doc.contentType,
        score: hit.score,
        chunkId: hit.chunkId,
      });
    }
    return { documents, warnings: [] };
  }
}
