import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | null = null;

/**
 * pdf.js, loaded the first time a PDF is shown: its ~1 MB stays out of every other screen. Its worker is a
 * bundled file of this server (the CSP allows workers from 'self' and blob: only).
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist').then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = new URL(
      'pdfjs-dist/build/pdf.worker.min.mjs',
      import.meta.url,
    ).toString();
    return lib;
  });
  return pdfjs;
}

export interface PdfState {
  pdf: PDFDocumentProxy | null;
  error: unknown;
}

/**
 * The original PDF of a document, opened with pdf.js once `enabled` (the Original tab or a cited page is
 * shown) and closed when the view goes away. The bytes come through the API client, so an expired session is
 * refreshed like any other call.
 */
export function usePdfDocument(documentId: string, enabled: boolean): PdfState {
  const [state, setState] = useState<PdfState & { for: string | null }>({
    pdf: null,
    error: null,
    for: null,
  });

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let destroy: (() => Promise<void>) | null = null;
    void (async () => {
      try {
        const [lib, bytes] = await Promise.all([
          loadPdfJs(),
          unwrap(
            api.GET('/api/v1/documents/{id}/file', {
              params: { path: { id: documentId } },
              parseAs: 'arrayBuffer',
            }),
          ),
        ]);
        if (cancelled) return;
        const task = lib.getDocument({
          data: new Uint8Array(bytes as ArrayBuffer),
          // The CSP allows no eval; pdf.js then draws fonts without compiling them to functions.
          isEvalSupported: false,
        });
        destroy = () => task.destroy();
        const pdf = await task.promise;
        if (!cancelled) setState({ pdf, error: null, for: documentId });
      } catch (error) {
        if (!cancelled) setState({ pdf: null, error, for: documentId });
      }
    })();
    return () => {
      cancelled = true;
      void destroy?.();
    };
  }, [documentId, enabled]);

  // A state left from another document (the route param changed) is not shown.
  return state.for === documentId ? { pdf: state.pdf, error: state.error } : { pdf: null, error: null };
}
