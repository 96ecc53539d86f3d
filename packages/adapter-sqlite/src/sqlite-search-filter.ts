import { AppError, type SearchFilter } from '@sift/core';
import { isoToMs } from './sqlite-time.js';

/** A WHERE fragment and its positional (`?`) parameters, in order. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** Table aliases the fragment refers to: a `document_chunks` row and its `documents` row, joined by the caller. */
export interface ChunkFilterAliases {
  chunk: string;
  document: string;
}

/**
 * Translates a SearchFilter into a WHERE fragment over `document_chunks AS <chunk> JOIN documents AS <document>
 * ON <document>.id = <chunk>.document_id`, shared by the lexical and the vector index so both legs filter alike.
 * Fields are ANDed; a list matches any of its values. An empty list matches nothing (a caller that computed an
 * empty set of allowed collections must not see everything), except `excludeDocumentIds`, which then excludes
 * nothing. No filter at all gives `1` so the fragment can always follow WHERE or AND.
 *
 * Every list is bound as ONE JSON parameter read with json_each: SQLite caps bound parameters (32766), and a
 * folder subtree or a document allow-list can be longer than that. The parameter count also stays fixed per
 * filter shape, so the caller's prepared-statement cache stays small.
 *
 * An `uploadedFrom`/`uploadedTo` that is not ISO-8601 throws `SEARCH_FILTER_INVALID` (user).
 */
export function buildChunkFilter(filter: SearchFilter, alias: ChunkFilterAliases): SqlFragment {
  // Every field is a property of the document today; the chunk alias is part of the contract for fields that
  // will be the chunk's (pages, headings).
  return buildDocumentFilter(filter, alias.document);
}

/**
 * The same conditions over `documents AS <d>` alone, for callers that filter documents before joining their
 * chunks (evaluating each condition once per document instead of once per chunk).
 */
export function buildDocumentFilter(filter: SearchFilter, d: string): SqlFragment {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, ...values: unknown[]) => {
    where.push(condition);
    params.push(...values);
  };
  const anyOf = (column: string, values: readonly string[]) =>
    add(`${column} IN (SELECT value FROM json_each(?))`, JSON.stringify(values));

  if (filter.access) {
    // Authorization, inside the query: the principal's own documents or those of collections it reaches.
    const collections = JSON.stringify(filter.access.collectionIds);
    if (filter.access.ownerId === null)
      add(`${d}.collection_id IN (SELECT value FROM json_each(?))`, collections);
    else {
      add(
        `(${d}.owner_id = ? OR ${d}.collection_id IN (SELECT value FROM json_each(?)))`,
        filter.access.ownerId,
        collections,
      );
    }
  }
  if (filter.ownerId !== undefined) add(`${d}.owner_id = ?`, filter.ownerId);
  if (filter.collectionIds) anyOf(`${d}.collection_id`, filter.collectionIds);
  if (filter.folderIds) anyOf(`${d}.folder_id`, filter.folderIds);
  if (filter.documentIds) anyOf(`${d}.id`, filter.documentIds);
  if (filter.types) {
    const types = JSON.stringify(filter.types);
    add(
      `(${d}.content_type IN (SELECT value FROM json_each(?)) OR ${d}.category IN (SELECT value FROM json_each(?)))`,
      types,
      types,
    );
  }
  if (filter.tags) {
    add(
      `EXISTS (SELECT 1 FROM json_each(${d}.tags) AS t WHERE t.value IN (SELECT value FROM json_each(?)))`,
      JSON.stringify(filter.tags),
    );
  }
  if (filter.languages) anyOf(`${d}.language`, filter.languages);
  if (filter.uploadedFrom !== undefined) {
    add(`${d}.uploaded_at >= ?`, filterTime('uploadedFrom', filter.uploadedFrom));
  }
  if (filter.uploadedTo !== undefined) {
    add(`${d}.uploaded_at <= ?`, filterTime('uploadedTo', filter.uploadedTo));
  }
  if (filter.metadata && Object.keys(filter.metadata).length > 0) {
    add(metadataCondition(d), JSON.stringify(filter.metadata));
  }
  if (filter.excludeDocumentIds?.length) {
    add(`${d}.id NOT IN (SELECT value FROM json_each(?))`, JSON.stringify(filter.excludeDocumentIds));
  }
  return { sql: where.length ? where.join(' AND ') : '1', params };
}

/**
 * Every wanted pair (one JSON object parameter) has a top-level key in the document's metadata with the same
 * JSON type and value. Comparing types keeps `true` from matching the number 1 and `"1"` from matching 1 (SQLite
 * would equate them); integer and real count as one type, so 2 matches 2.0. Keys are compared as text, so no
 * key needs quoting into a JSON path.
 */
function metadataCondition(d: string): string {
  return `NOT EXISTS (
    SELECT 1 FROM json_each(?) AS want WHERE NOT EXISTS (
      SELECT 1 FROM json_each(${d}.metadata) AS have
      WHERE have.key = want.key AND have.value = want.value
        AND (have.type = want.type OR (have.type IN ('integer', 'real') AND want.type IN ('integer', 'real')))
    )
  )`;
}

function filterTime(field: 'uploadedFrom' | 'uploadedTo', value: string): number {
  return isoToMs(
    value,
    () =>
      new AppError('SEARCH_FILTER_INVALID', 'user', `${field} is not an ISO-8601 timestamp: ${value}`, {
        details: { field, value },
      }),
  );
}
