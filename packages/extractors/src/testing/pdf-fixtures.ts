import { AppError } from '@sift/core';
import { expect } from 'vitest';

/** The AppError `p` rejects with (fails the test when it resolves or rejects with anything else). */
export async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/** A hand-written PDF without an xref table (pdf.js rebuilds it), with the given page tree. */
export function rawPdf(pagesTree: string, objects: string): string {
  return [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    `2 0 obj << /Type /Pages ${pagesTree} >> endobj`,
    objects,
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n');
}
