import { AppError, type SearchFilter } from '@sift/core';

/**
 * Translates a SearchFilter into a SQL condition over `documents AS <docAlias>`, appending its values to
 * `params` and referring to them as `$n` — so a caller composes it with its own parameters, before or after.
 * Shared by the PostgreSQL lexical and vector legs (and anything else that searches documents), so they
 * filter alike and as the SQLite adapter's buildChunkFilter does: fields are ANDed; a list matches any of
 * its values; an empty list matches nothing (a caller that computed an empty set of allowed collections must
 * not see everything), except `excludeDocumentIds`, which then excludes nothing. No filter at all gives
 * `TRUE`, so the condition can always follow WHERE or AND.
 *
 * `access` is authorization and belongs inside the query, never applied to results afterwards. Every list
 * is one array parameter (`= ANY($n)`): the parameter count stays fixed per filter shape, and no list is
 * too long for the protocol's 65535-parameter cap.
 *
 * Tags are a jsonb array (`?|`: any of), metadata a jsonb object (`@>`: every wanted top-level pair with the
 * same JSON type and value, so `true` never matches 1 nor `"2020"` 2020, and 2 matches 2.0).
 *
 * An `uploadedFrom`/`uploadedTo` that is not ISO-8601 throws `SEARCH_FILTER_INVALID` (user).
 */
export function searchFilterSql(filter: SearchFilter, params: unknown[], docAlias: string): string {
  const d = docAlias;
  const where: string[] = [];
  const bind = (value: unknown, cast = ''): string => {
    params.push(value);
    return `$${params.length}${cast}`;
  };
  const anyOf = (column: string, values: readonly string[]) =>
    where.push(`${column} = ANY(${bind(values, '::text[]')})`);

  if (filter.access) {
    // Authorization: the principal's own documents or those of collections it reaches.
    const collections = bind(filter.access.collectionIds, '::text[]');
    if (filter.access.ownerId === null) where.push(`${d}.collection_id = ANY(${collections})`);
    else {
      where.push(
        `(${d}.owner_id = ${bind(filter.access.ownerId)} OR ${d}.collection_id = ANY(${collections}))`,
      );
    }
  }
  if (filter.ownerId !== undefined) where.push(`${d}.owner_id = ${bind(filter.ownerId)}`);
  if (filter.collectionIds) anyOf(`${d}.collection_id`, filter.collectionIds);
  if (filter.folderIds) anyOf(`${d}.folder_id`, filter.folderIds);
  if (filter.documentIds) anyOf(`${d}.id`, filter.documentIds);
  if (filter.types) {
    const types = bind(filter.types, '::text[]');
    where.push(`(${d}.content_type = ANY(${types}) OR ${d}.category = ANY(${types}))`);
  }
  if (filter.tags) where.push(`${d}.tags ?| ${bind(filter.tags, '::text[]')}`);
  if (filter.languages) anyOf(`${d}.language`, filter.languages);
  if (filter.uploadedFrom !== undefined) {
    where.push(`${d}.uploaded_at >= ${bind(filterTime('uploadedFrom', filter.uploadedFrom))}`);
  }
  if (filter.uploadedTo !== undefined) {
    where.push(`${d}.uploaded_at <= ${bind(filterTime('uploadedTo', filter.uploadedTo))}`);
  }
  if (filter.metadata && Object.keys(filter.metadata).length > 0) {
    where.push(`${d}.metadata @> ${bind(JSON.stringify(filter.metadata), '::jsonb')}`);
  }
  if (filter.excludeDocumentIds?.length) {
    where.push(`NOT (${d}.id = ANY(${bind(filter.excludeDocumentIds, '::text[]')}))`);
  }
  return where.length ? where.join(' AND ') : 'TRUE';
}

/** The store keeps `uploaded_at` as epoch ms (bigint), as the SQLite store does. */
function filterTime(field: 'uploadedFrom' | 'uploadedTo', value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new AppError('SEARCH_FILTER_INVALID', 'user', `${field} is not an ISO-8601 timestamp: ${value}`, {
      details: { field, value },
    });
  }
  return ms;
}
