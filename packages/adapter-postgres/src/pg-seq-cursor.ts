import { AppError } from '@sift/core';

// Cursors of lists in insertion order: the `seq` identity of the last row, as the SQLite adapter encodes its
// rowid, so a client sees the same opaque shape from either store.

/** The cursor after the row with this `seq`. */
export function encodeSeqCursor(seq: number): string {
  return Buffer.from(String(seq)).toString('base64url');
}

/** The `seq` a cursor carries; INVALID_CURSOR (user) for anything this store did not hand out. */
export function decodeSeqCursor(cursor: string): number {
  const seq = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new AppError('INVALID_CURSOR', 'user', 'the cursor is not one this list returned', {
      details: { cursor },
    });
  }
  return seq;
}
