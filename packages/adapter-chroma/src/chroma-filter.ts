import { AppError, type SearchFilter } from '@sift/core';
import type { Metadata, Where } from 'chromadb';
import type { DocumentFacets } from './vector-feed.port.js';

/**
 * The metadata keys of a record in a Chroma collection. Fixed fields are plain names; each tag is a boolean key
 * of its own (Chroma filters scalars, not lists: `{"tag:finance": true}`), and each top-level user metadata
 * value a `meta:` key with its JSON type kept, so `true` never matches 1 nor `"1969"` 1969.
 */
export const KEYS = {
  chunkId: 'chunk_id',
  documentId: 'document_id',
  ownerId: 'owner_id',
  collectionId: 'collection_id',
  folderId: 'folder_id',
  contentType: 'content_type',
  category: 'category',
  language: 'language',
  uploadedAt: 'uploaded_at',
  tag: (tag: string) => `tag:${tag}`,
  meta: (key: string) => `meta:${key}`,
} as const;

/**
 * A chunk's record metadata: what every SearchFilter field reads, so filters run inside Chroma's query. Null
 * fields are left out (a filter on them then never matches, as NULL never equals in SQL). User metadata
 * values that are not scalars, or numbers Chroma cannot hold exactly (beyond ±2^53), are left out too: no
 * filter value can equal them.
 */
export function recordMetadata(chunkId: string, d: DocumentFacets): Metadata {
  const out: Metadata = {
    [KEYS.chunkId]: chunkId,
    [KEYS.documentId]: d.documentId,
    [KEYS.ownerId]: d.ownerId,
    [KEYS.contentType]: d.contentType,
    [KEYS.category]: d.category,
    [KEYS.uploadedAt]: d.uploadedAt,
  };
  if (d.collectionId !== null) out[KEYS.collectionId] = d.collectionId;
  if (d.folderId !== null) out[KEYS.folderId] = d.folderId;
  if (d.language !== null) out[KEYS.language] = d.language;
  for (const tag of d.tags) out[KEYS.tag(tag)] = true;
  for (const [key, value] of Object.entries(d.metadata ?? {})) {
    if (isStorable(value)) out[KEYS.meta(key)] = value;
  }
  return out;
}

function isStorable(value: unknown): value is string | number | boolean {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return !Number.isInteger(value) || Number.isSafeInteger(value);
}

/** A filter that no record can pass (an empty list): the search answers nothing without asking Chroma. */
export const MATCHES_NOTHING = Symbol('matches nothing');

/**
 * Translates a SearchFilter into a Chroma `where`, with the semantics of the SQL filters of the SQLite and
 * PostgreSQL indexes: fields are ANDed, a list matches any of its values, an empty list matches nothing
 * (except `excludeDocumentIds`, which then excludes nothing). `access` becomes `$or` of the principal's own
 * documents and those of the collections it reaches. Returns undefined for no condition at all.
 *
 * An `uploadedFrom`/`uploadedTo` that is not ISO-8601 throws `SEARCH_FILTER_INVALID` (user).
 */
export function chromaWhere(filter: SearchFilter): Where | undefined | typeof MATCHES_NOTHING {
  const all: Where[] = [];
  let nothing = false;
  const anyOf = (key: string, values: readonly string[]): Where | null => {
    if (values.length === 0) {
      nothing = true;
      return null;
    }
    return values.length === 1 ? { [key]: { $eq: values[0]! } } : { [key]: { $in: [...values] } };
  };
  const push = (where: Where | null) => {
    if (where) all.push(where);
  };

  if (filter.access) {
    const { ownerId, collectionIds } = filter.access;
    const reachable: Where[] = [];
    if (ownerId !== null) reachable.push({ [KEYS.ownerId]: { $eq: ownerId } });
    if (collectionIds.length > 0) reachable.push(anyOf(KEYS.collectionId, collectionIds)!);
    if (reachable.length === 0) nothing = true;
    else push(or(reachable));
  }
  if (filter.ownerId !== undefined) push({ [KEYS.ownerId]: { $eq: filter.ownerId } });
  if (filter.collectionIds) push(anyOf(KEYS.collectionId, filter.collectionIds));
  if (filter.folderIds) push(anyOf(KEYS.folderId, filter.folderIds));
  if (filter.documentIds) push(anyOf(KEYS.documentId, filter.documentIds));
  if (filter.types) {
    const byType = anyOf(KEYS.contentType, filter.types);
    if (byType) push(or([byType, anyOf(KEYS.category, filter.types)!]));
  }
  if (filter.tags) {
    if (filter.tags.length === 0) nothing = true;
    else push(or([...new Set(filter.tags)].map((tag) => ({ [KEYS.tag(tag)]: { $eq: true } }))));
  }
  if (filter.languages) push(anyOf(KEYS.language, filter.languages));
  if (filter.uploadedFrom !== undefined) {
    push({ [KEYS.uploadedAt]: { $gte: filterTime('uploadedFrom', filter.uploadedFrom) } });
  }
  if (filter.uploadedTo !== undefined) {
    push({ [KEYS.uploadedAt]: { $lte: filterTime('uploadedTo', filter.uploadedTo) } });
  }
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    push({ [KEYS.meta(key)]: { $eq: value } });
  }
  if (filter.excludeDocumentIds?.length) {
    push({ [KEYS.documentId]: { $nin: [...filter.excludeDocumentIds] } });
  }
  if (nothing) return MATCHES_NOTHING;
  if (all.length === 0) return undefined;
  return all.length === 1 ? all[0] : { $and: all };
}

/** Chroma refuses `$or`/`$and` of fewer than two clauses. */
function or(clauses: Where[]): Where {
  return clauses.length === 1 ? clauses[0]! : { $or: clauses };
}

function filterTime(field: 'uploadedFrom' | 'uploadedTo', value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new AppError('SEARCH_FILTER_INVALID', 'user', `${field} is not an ISO-8601 timestamp: ${value}`, {
      details: { field, value },
    });
  }
  return ms;
}
