export { ChromaVectorIndex, type ChromaVectorIndexOptions } from './chroma-vector-index.adapter.js';
export { ChromaOutboxDrainer } from './chroma-outbox-drainer.js';
export { createChromaClient } from './chroma-collections.js';
export { chromaWhere, recordMetadata, MATCHES_NOTHING } from './chroma-filter.js';
export type { DocumentFacets, OutboxFeed, SpaceInfo, VectorChange, VectorTruth } from './vector-feed.port.js';
