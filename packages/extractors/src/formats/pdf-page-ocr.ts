import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ocr, OcrResult } from '@sift/core';
import { runTool } from '@sift/tools';

/** How a page without a text layer is turned into an image and recognised. */
export interface PdfPageOcrOptions {
  ocr: Ocr;
  /** The pdftoppm binary (poppler-utils). */
  pdftoppm: string;
  pdfPath: string;
  page: number;
  workDir: string;
  languages: string[];
  signal: AbortSignal;
  /** Rendering resolution; 200 dpi is enough for body text without huge images. */
  dpi?: number;
}

/** Rendering one page of a big scan can take a while on a slow disk; this bounds a hung pdftoppm. */
const RENDER_TIMEOUT_MS = 120_000;

/**
 * Renders one PDF page to a PNG in `workDir` with pdftoppm, recognises it, and deletes the PNG. Throws
 * `TOOL_MISSING` when pdftoppm is not installed and whatever the OCR engine throws.
 */
export async function ocrPdfPage(opts: PdfPageOcrOptions): Promise<OcrResult> {
  const prefix = join(opts.workDir, `pdf-page-${opts.page}`);
  const png = `${prefix}.png`;
  try {
    const dpi = String(opts.dpi ?? 200);
    const page = String(opts.page);
    // -singlefile writes exactly `<prefix>.png` instead of a page-numbered name padded to the page count.
    // runTool's defaults run it without network and below the server's CPU priority, like every converter.
    await runTool(
      opts.pdftoppm,
      ['-r', dpi, '-f', page, '-l', page, '-png', '-singlefile', opts.pdfPath, prefix],
      {
        timeoutMs: RENDER_TIMEOUT_MS,
        signal: opts.signal,
        toolHint: 'Debian package poppler-utils',
      },
    );
    return await opts.ocr.recognize(png, { languages: opts.languages, signal: opts.signal });
  } finally {
    await rm(png, { force: true });
  }
}
