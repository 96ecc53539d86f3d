import { AppError, isAppError } from '@sift/core';
import type { ExtractedMetadata, ExtractedText, ExtractionInput, Ocr, OcrResult } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { TextBuilder } from '../text-builder.js';
import { libraryVersion } from '@sift/tools';
import { annotationTexts, type AnnotationText } from './pdf-annotations.js';
import { embeddedFiles } from './pdf-attachments.js';
import { PdfHeadingDetector } from './pdf-headings.js';
import { layoutPage, parsePdfDate, type PdfBlock } from './pdf-layout.js';
import { ocrPdfPage } from './pdf-page-ocr.js';
import { PdfWorkerPool, type PdfReader, type PdfWorkerPoolOptions } from './pdf-reader.js';

/** A page with fewer non-space characters than this has no usable text layer (a scan, maybe a page number). */
const MIN_TEXT_CHARS = 10;

/** A page read but not yet added to the text: its headings wait until the body font size is known. */
interface PendingPage {
  number: number;
  source: 'text-layer' | 'ocr';
  blocks: PdfBlock[];
  /** OCR'd text, when the page had no text layer. */
  ocr?: { text: string; confidence?: number }[];
  /** Comments and form field values, after the page's body. */
  annotations: AnnotationText[];
}

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
 *
 * Each page's glyph runs are laid out into words, lines, paragraphs and tables (pdf-layout.ts); paragraphs in
 * a clearly larger font become headings (pdf-headings.ts, which holds the first pages back until the body
 * size is known); comments and filled form fields follow the page's body as `comment` and `field` blocks.
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
    const headings = new PdfHeadingDetector();
    const seenFields = new Set<string>();
    // Pages wait here until enough text tells the body font size; after that each goes out as it is read.
    let pending: PendingPage[] = [];
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
      let blocks = page ? layoutPage(page.items) : null;
      const chars = (blocks ?? []).reduce((sum, b) => sum + b.text.replace(/\s/gu, '').length, 0);
      const problem = page?.problems[0];
      if (problem !== undefined && chars < MIN_TEXT_CHARS) {
        // The page's content failed to decode and nothing readable came out: a damaged page, not a scan.
        state.unreadable++;
        warnings.push(`Page ${i} is damaged and its text could not be read: ${problem}`);
        blocks = null;
      } else if (problem !== undefined) {
        warnings.push(`Page ${i} is partly damaged; some of its text may be missing: ${problem}`);
      }
      const annotations = annotationTexts(page?.annotations ?? [], seenFields);
      // A page pdf.js cannot parse is not sent to OCR either: its structure, not its text layer, is broken.
      const ocr =
        blocks !== null && chars < MIN_TEXT_CHARS ? await this.ocrPage(i, input, warnings, state) : null;
      if (ocr) {
        pending.push({ number: i, source: 'ocr', blocks: [], ocr, annotations });
      } else {
        headings.observe(blocks ?? []);
        pending.push({ number: i, source: 'text-layer', blocks: blocks ?? [], annotations });
      }
      if (headings.ready) pending = flushPages(pending, builder, headings);
      input.onProgress?.(i / n);
    }
    flushPages(pending, builder, headings);
    if (n > 0 && state.unreadable === n) {
      throw new AppError('DOCUMENT_CORRUPT', 'user', 'No page of the PDF could be read', {
        details: { pages: n, firstProblem: warnings[0] },
        retryable: false,
      });
    }
    if (state.ocrEngine) metadata.ocrEngine = state.ocrEngine;
    const embedded = await embeddedFiles(reader, input, warnings);
    return builder.build({
      metadata: {
        ...metadata,
        pageCount: n,
        ...(embedded.length > 0 ? { attachmentCount: embedded.length } : {}),
      },
      extractor: { name: 'pdfjs-dist', version: libraryVersion('pdfjs-dist') },
      embedded,
      warnings,
    });
  }

  /** OCRs page `i`; null (with a warning) when it cannot, so the caller keeps the text layer. */
  private async ocrPage(
    i: number,
    input: ExtractionInput,
    warnings: string[],
    state: { ocrBlocked: string | null; ocrEngine: OcrResult['engine'] | undefined },
  ): Promise<PendingPage['ocr'] | null> {
    if (!this.ocr) {
      warnings.push(`Page ${i} has no text layer and was not OCR'd: no OCR engine is configured`);
      return null;
    }
    if (state.ocrBlocked) {
      warnings.push(`Page ${i} has no text layer and was not OCR'd: ${state.ocrBlocked}`);
      return null;
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
      return null;
    }
    state.ocrEngine = result.engine;
    return result.blocks.length > 0 ? result.blocks : [{ text: result.text, confidence: result.confidence }];
  }
}

/**
 * Adds pending pages to the text, headings ranked over all of them together (the first time, those are the
 * pages held back until the body size was known). Returns the empty queue.
 */
function flushPages(pages: PendingPage[], builder: TextBuilder, headings: PdfHeadingDetector): PendingPage[] {
  headings.rankAll(pages.map((p) => p.blocks));
  for (const page of pages) {
    builder.startPage(page.number, page.source);
    for (const b of page.ocr ?? []) builder.add('paragraph', b.text, { confidence: b.confidence });
    const levels = headings.classify(page.blocks);
    page.blocks.forEach((b, k) => {
      const level = levels[k];
      if (level !== undefined) builder.add('heading', b.text, { level });
      else builder.add(b.kind, b.text);
    });
    for (const a of page.annotations) builder.add(a.kind, a.text);
  }
  return [];
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
