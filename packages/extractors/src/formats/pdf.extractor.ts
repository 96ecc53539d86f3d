import { AppError, isAppError } from '@sift/core';
import type { ExtractedMetadata, ExtractedText, ExtractionInput, Ocr, OcrResult } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { TextBuilder } from '../text-builder.js';
import { libraryVersion } from '@sift/tools';
import { layoutParagraphs, parsePdfDate } from './pdf-layout.js';
import { ocrPdfPage } from './pdf-page-ocr.js';
import { PdfWorkerPool, type PdfReader, type PdfWorkerPoolOptions } from './pdf-reader.js';

/** A page with fewer non-space characters than this has no usable text layer (a scan, maybe a page number). */
const MIN_TEXT_CHARS = 10;

/** Options of {@link PdfExtractor}. */
export interface PdfExtractorOptions {
  /** Recognises pages that have no text layer; without it such pages stay empty with a warning. */
  ocr?: Ocr;
  /** The pdftoppm binary used to render pages for OCR (default `pdftoppm` on PATH). */
  pdftoppmPath?: string;
  /** The pdf.js worker threads (memory cap per PDF, idle time). */
  workers?: PdfWorkerPoolOptions;
}

/**
 * PDF via pdf.js, one page at a time (only the current page's text items are held, so memory does not grow
 * with the page count beyond the text itself). pdf.js runs in a worker thread (pdf-reader.ts): loaded there
 * it costs a fraction of what it costs in a process running TypeScript through tsx, and a PDF that needs more
 * than the worker's heap cap fails alone with `DOCUMENT_TOO_COMPLEX`. Pages without a text layer are rendered
 * with pdftoppm and OCR'd when an `Ocr` is given. A page whose content fails to decode (pdf.js skips it with a
 * warning) is damaged, not a scan: it is not OCR'd and gets a warning. Encrypted files are `DOCUMENT_ENCRYPTED`;
 * files pdf.js cannot open, and files none of whose pages could be read, are `DOCUMENT_CORRUPT`.
 */
export class PdfExtractor implements FormatExtractor {
  readonly extensions = ['pdf'] as const;
  private readonly ocr: Ocr | undefined;
  private readonly pdftoppm: string;
  private readonly workers: PdfWorkerPool;

  constructor(options: PdfExtractorOptions = {}) {
    this.ocr = options.ocr;
    this.pdftoppm = options.pdftoppmPath ?? 'pdftoppm';
    this.workers = new PdfWorkerPool(options.workers);
  }

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    const reader = await this.workers.open(input.path).catch((err: unknown) => {
      throw isAppError(err) ? err : loadError(err);
    });
    // An abort ends the worker at once, even inside a long page; the request in flight rejects with the reason.
    const onAbort = (): void => reader.destroy(input.signal.reason);
    input.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await this.readDocument(reader, input);
      await reader.close();
      return result;
    } catch (err) {
      reader.destroy(err);
      throw err;
    } finally {
      input.signal.removeEventListener('abort', onAbort);
    }
  }

  private async readDocument(reader: PdfReader, input: ExtractionInput): Promise<ExtractedText> {
    const metadata = readMetadata(reader.info);
    const builder = new TextBuilder();
    const warnings: string[] = [];
    const state = {
      ocrBlocked: null as string | null,
      unreadable: 0,
      ocrEngine: undefined as OcrResult['engine'] | undefined,
    };
    const n = reader.pages;
    for (let i = 1; i <= n; i++) {
      input.signal.throwIfAborted();
      const page = await reader.page(i).catch((err: unknown) => {
        // A dead worker (an AppError) or an abort ends the document; pdf.js's own errors end only the page.
        if (input.signal.aborted) throw input.signal.reason;
        if (isAppError(err)) throw err;
        state.unreadable++;
        warnings.push(`Page ${i} could not be read: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      });
      let paragraphs = page ? layoutParagraphs(page.items) : null;
      const chars = (paragraphs ?? []).reduce((sum, p) => sum + p.replace(/\s/gu, '').length, 0);
      const problem = page?.problems[0];
      if (problem !== undefined && chars < MIN_TEXT_CHARS) {
        // The page's content failed to decode and nothing readable came out: a damaged page, not a scan.
        state.unreadable++;
        warnings.push(`Page ${i} is damaged and its text could not be read: ${problem}`);
        paragraphs = null;
      } else if (problem !== undefined) {
        warnings.push(`Page ${i} is partly damaged; some of its text may be missing: ${problem}`);
      }
      // A page pdf.js cannot parse is not sent to OCR either: its structure, not its text layer, is broken.
      const ocrd =
        paragraphs !== null &&
        chars < MIN_TEXT_CHARS &&
        (await this.ocrPage(i, input, builder, warnings, state));
      if (!ocrd) {
        builder.startPage(i, 'text-layer');
        for (const p of paragraphs ?? []) builder.add('paragraph', p);
      }
      input.onProgress?.(i / n);
    }
    if (n > 0 && state.unreadable === n) {
      throw new AppError('DOCUMENT_CORRUPT', 'user', 'No page of the PDF could be read', {
        details: { pages: n, firstProblem: warnings[0] },
        retryable: false,
      });
    }
    if (state.ocrEngine) metadata.ocrEngine = state.ocrEngine;
    return builder.build({
      metadata: { ...metadata, pageCount: n },
      extractor: { name: 'pdfjs-dist', version: libraryVersion('pdfjs-dist') },
      warnings,
    });
  }

  /** OCRs page `i` into the builder; false (with a warning) when it cannot, so the caller keeps the text layer. */
  private async ocrPage(
    i: number,
    input: ExtractionInput,
    builder: TextBuilder,
    warnings: string[],
    state: { ocrBlocked: string | null; ocrEngine: OcrResult['engine'] | undefined },
  ): Promise<boolean> {
    if (!this.ocr) {
      warnings.push(`Page ${i} has no text layer and was not OCR'd: no OCR engine is configured`);
      return false;
    }
    if (state.ocrBlocked) {
      warnings.push(`Page ${i} has no text layer and was not OCR'd: ${state.ocrBlocked}`);
      return false;
    }
    let result: OcrResult;
    try {
      result = await ocrPdfPage({
        ocr: this.ocr,
        pdftoppm: this.pdftoppm,
        pdfPath: input.path,
        page: i,
        workDir: input.workDir,
        languages: input.ocrLanguages,
        signal: input.signal,
      });
    } catch (err) {
      if (input.signal.aborted) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      // A missing tool stays missing: do not try (and warn about a failed attempt) on every page.
      if (isAppError(err) && err.code === 'TOOL_MISSING') state.ocrBlocked = reason;
      warnings.push(`Page ${i} has no text layer and could not be OCR'd: ${reason}`);
      return false;
    }
    state.ocrEngine = result.engine;
    builder.startPage(i, 'ocr');
    const blocks =
      result.blocks.length > 0 ? result.blocks : [{ text: result.text, confidence: result.confidence }];
    for (const b of blocks) builder.add('paragraph', b.text, { confidence: b.confidence });
    return true;
  }
}

/** Title, author, dates and the rest, from the document information dictionary's string entries. */
function readMetadata(info: Record<string, string>): ExtractedMetadata {
  const meta: ExtractedMetadata = {};
  const str = (key: string): string | undefined => {
    const v = info[key];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const title = str('Title');
  const author = str('Author');
  const subject = str('Subject');
  const keywords = str('Keywords');
  const created = parsePdfDate(info.CreationDate);
  const modified = parsePdfDate(info.ModDate);
  const language = /^([a-z]{2})(?:-|$)/iu.exec(str('Language') ?? '')?.[1];
  if (title) meta.title = title;
  if (author) meta.author = author;
  if (subject) meta.subject = subject;
  if (keywords)
    meta.keywords = keywords
      .split(/[,;]/u)
      .map((k) => k.trim())
      .filter(Boolean);
  if (created) meta.createdAt = created;
  if (modified) meta.modifiedAt = modified;
  if (language) meta.language = language.toLowerCase();
  if (str('Producer')) meta.producer = str('Producer');
  if (str('Creator')) meta.creatorTool = str('Creator');
  return meta;
}

function loadError(err: unknown): AppError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'PasswordException') {
    return new AppError('DOCUMENT_ENCRYPTED', 'user', 'The PDF is password-protected', {
      retryable: false,
      cause: err,
    });
  }
  return new AppError('DOCUMENT_CORRUPT', 'user', 'The PDF is damaged or truncated and cannot be read', {
    details: { reason: err instanceof Error ? err.message : String(err) },
    retryable: false,
    cause: err,
  });
}
