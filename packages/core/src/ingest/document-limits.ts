import { AppError } from '../errors.js';

/** Distinct tags one document may carry. */
export const MAX_TAGS_PER_DOCUMENT = 100;
/** Characters (code points) of one tag, after trimming. */
export const MAX_TAG_LENGTH = 100;
/** Bytes of a document's user metadata serialised as UTF-8 JSON. */
export const MAX_USER_METADATA_BYTES = 64 * 1024;
/** Nesting of objects and arrays in user metadata; the metadata object itself is level 1. */
export const MAX_USER_METADATA_DEPTH = 10;

/**
 * Trims and lower-cases tags and drops empty and repeated ones. Refuses (rather than silently dropping) a
 * tag longer than {@link MAX_TAG_LENGTH} with `TAG_TOO_LONG`, and more than {@link MAX_TAGS_PER_DOCUMENT}
 * distinct tags with `TAGS_TOO_MANY`: tags are stored on every document row and listed with it.
 */
export function normaliseTags(tags: readonly string[]): string[] {
  const distinct = new Set<string>();
  for (const raw of tags) {
    const tag = raw.trim().toLowerCase();
    if (tag === '') continue;
    const length = [...tag].length;
    if (length > MAX_TAG_LENGTH) {
      throw new AppError(
        'TAG_TOO_LONG',
        'user',
        `a tag has ${length} characters; at most ${MAX_TAG_LENGTH} are allowed`,
        { details: { limit: MAX_TAG_LENGTH, length, tag: `${[...tag].slice(0, 20).join('')}…` } },
      );
    }
    distinct.add(tag);
  }
  if (distinct.size > MAX_TAGS_PER_DOCUMENT) {
    throw new AppError(
      'TAGS_TOO_MANY',
      'user',
      `${distinct.size} tags given; a document may have at most ${MAX_TAGS_PER_DOCUMENT}`,
      { details: { limit: MAX_TAGS_PER_DOCUMENT, count: distinct.size } },
    );
  }
  return [...distinct];
}

/**
 * Refuses user metadata nested deeper than {@link MAX_USER_METADATA_DEPTH} (`METADATA_TOO_DEEP`) or larger
 * than {@link MAX_USER_METADATA_BYTES} as JSON (`METADATA_TOO_LARGE`): it is stored with and sent back with
 * every document.
 */
export function checkUserMetadata(metadata: Record<string, unknown>): void {
  // Depth first: it stops at the limit, so a pathological nesting never reaches JSON.stringify's recursion.
  if (exceedsDepth(metadata, 1)) {
    throw new AppError(
      'METADATA_TOO_DEEP',
      'user',
      `metadata is nested more than ${MAX_USER_METADATA_DEPTH} levels deep`,
      { details: { limit: MAX_USER_METADATA_DEPTH } },
    );
  }
  const bytes = new TextEncoder().encode(JSON.stringify(metadata)).length;
  if (bytes > MAX_USER_METADATA_BYTES) {
    throw new AppError(
      'METADATA_TOO_LARGE',
      'user',
      `metadata is ${bytes} bytes as JSON; at most ${MAX_USER_METADATA_BYTES} are allowed`,
      { details: { limit: MAX_USER_METADATA_BYTES, bytes } },
    );
  }
}

function exceedsDepth(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth > MAX_USER_METADATA_DEPTH) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => exceedsDepth(child, depth + 1));
}
