/** Where a citation points: a document, optionally its page and a character range of its extracted text. */
export interface CitationTarget {
  documentId: string;
  /** 1-based page (PDF page, slide, sheet) the cited text is on. */
  page?: number | null;
  /** Start (inclusive) and end (exclusive) offsets into the document's extracted text (`/text`). */
  start?: number | null;
  end?: number | null;
}

/** What the document view reads back from its URL: all null when the URL carries no citation. */
export interface CitationRange {
  page: number | null;
  start: number | null;
  end: number | null;
}

const isCount = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isInteger(n);

/**
 * The document view's address for a citation: `/documents/:id?page=N&start=S&end=E`. It opens the document
 * with the cited range highlighted in its text and, for PDFs, the cited page shown beside it.
 */
export function citationHref({ documentId, page, start, end }: CitationTarget): string {
  const query = new URLSearchParams();
  if (isCount(page) && page >= 1) query.set('page', String(page));
  if (isCount(start) && isCount(end) && start >= 0 && end > start) {
    query.set('start', String(start));
    query.set('end', String(end));
  }
  const search = query.toString();
  return `/documents/${encodeURIComponent(documentId)}${search ? `?${search}` : ''}`;
}

function readCount(params: URLSearchParams, name: string): number | null {
  const raw = params.get(name);
  if (raw === null || !/^\d{1,10}$/.test(raw)) return null;
  return Number(raw);
}

/** The citation in a document view's query string; a malformed or empty range is ignored, not an error. */
export function parseCitation(params: URLSearchParams): CitationRange {
  const page = readCount(params, 'page');
  const start = readCount(params, 'start');
  const end = readCount(params, 'end');
  const ranged = start !== null && end !== null && end > start;
  return {
    page: page !== null && page >= 1 ? page : null,
    start: ranged ? start : null,
    end: ranged ? end : null,
  };
}
