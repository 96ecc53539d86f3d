// The outbox port lives in core (both the PostgreSQL adapter that implements it and this one use it).
export type { DocumentFacets, OutboxFeed, SpaceInfo, VectorChange, VectorTruth } from '@sift/core';
