import { AppError } from '../errors.js';
import { DOCUMENT_SORTS, type DocumentSort, type SortOrder } from './document-sort.js';

/** A sort key as a listing cursor carries it. */
export type SortValue = number | string | null;

/** What a cursor's key must be for each sort; keys that may be absent (`processed_at`) may also be null. */
export const DOCUMENT_SORT_KEY_TYPES: Record<DocumentSort, { type: 'number' | 'string'; nullable: boolean }> =
  {
    uploaded_at: { type: 'number', nullable: false },
    name: { type: 'string', nullable: false },
    size: { type: 'number', nullable: false },
    status: { type: 'string', nullable: false },
    type: { type: 'string', nullable: false },
    chunk_count: { type: 'number', nullable: false },
    processed_at: { type: 'number', nullable: true },
  };

/**
 * A keyset cursor after the row with this key and insertion sequence, in this sort and order (which it names,
 * so a cursor cannot page another order); opaque to clients. Every metadata store issues the same format.
 */
export function encodeDocumentCursor(
  sort: DocumentSort,
  order: SortOrder,
  key: SortValue,
  seq: number,
): string {
  return Buffer.from(JSON.stringify([sort, order, key, seq])).toString('base64url');
}

/**
 * The key and sequence of a cursor issued for this sort and order; anything else is refused with
 * INVALID_CURSOR (user). `legacy` may translate an older cursor format a store once issued.
 */
export function decodeDocumentCursor(
  cursor: string,
  sort: DocumentSort,
  order: SortOrder,
  legacy?: (text: string) => unknown[] | null,
): { key: SortValue; seq: number } {
  const text = Buffer.from(cursor, 'base64url').toString();
  const parsed = legacy?.(text) ?? parseJson(text);
  if (!Array.isArray(parsed) || parsed.length !== 4)
    throw invalidCursor(cursor, 'is not one this store returned');
  const [cursorSort, cursorOrder, key, seq] = parsed as unknown[];
  if (
    !DOCUMENT_SORTS.includes(cursorSort as DocumentSort) ||
    (cursorOrder !== 'asc' && cursorOrder !== 'desc')
  )
    throw invalidCursor(cursor, 'is not one this store returned');
  if (cursorSort !== sort || cursorOrder !== order)
    throw invalidCursor(
      cursor,
      `was made for the order ${String(cursorSort)} ${String(cursorOrder)}, not ${sort} ${order}`,
    );
  const spec = DOCUMENT_SORT_KEY_TYPES[sort];
  const keyOk =
    (key === null && spec.nullable) ||
    (spec.type === 'number' ? Number.isSafeInteger(key) : typeof key === 'string');
  if (!keyOk || !Number.isSafeInteger(seq)) throw invalidCursor(cursor, 'is not one this store returned');
  return { key: key as SortValue, seq: seq as number };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function invalidCursor(cursor: string, reason: string): AppError {
  return new AppError('INVALID_CURSOR', 'user', `the cursor ${reason}`, { details: { cursor, reason } });
}
