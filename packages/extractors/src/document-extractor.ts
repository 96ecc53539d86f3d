import {
  AppError,
  type DocumentExtractor,
  type ExtractedText,
  type ExtractionInput,
  type LanguageDetector,
  type Ocr,
  type Transcriber,
} from '@sift/core';
import { screenOfficeFile } from './cfb-protection.js';
import type { FormatExtractor } from './format-extractor.js';
import { ArchiveExtractor } from './formats/archive.extractor.js';
import { CsvExtractor } from './formats/csv.extractor.js';
import { DocxExtractor } from './formats/docx.extractor.js';
import { EmlExtractor } from './formats/eml.extractor.js';
import { HtmlExtractor } from './formats/html.extractor.js';
import { JsonExtractor } from './formats/json.extractor.js';
import { LegacyOfficeExtractor } from './formats/legacy-office.extractor.js';
import { MarkdownExtractor } from './formats/markdown.extractor.js';
import { OdfTextExtractor } from './formats/odf-text.extractor.js';
import { PdfExtractor } from './formats/pdf.extractor.js';
import { PptxExtractor } from './formats/pptx.extractor.js';
import { RtfExtractor } from './formats/rtf.extractor.js';
import { SpreadsheetExtractor } from './formats/spreadsheet.extractor.js';
import { TextExtractor } from './formats/text.extractor.js';
import { EldLanguageDetector } from './language-detector.js';
import { AudioExtractor } from './media/audio.extractor.js';
import { ImageExtractor } from './media/image.extractor.js';
import { canonicalExtension, typeForExtension } from './supported-types.js';

/** Paths of the external programs extractors run (defaults: found on PATH). */
export interface ExtractorTools {
  ffmpegPath?: string;
  ffprobePath?: string;
  pdftoppmPath?: string;
  /** LibreOffice, for legacy .doc files. */
  sofficePath?: string;
}

/** What the dispatcher is built from; every part is optional. */
export interface DocumentExtractorDeps {
  /** OCR for images and for PDF pages without a text layer; without it images fail with `OCR_UNAVAILABLE`. */
  ocr?: Ocr;
  /** Speech to text for audio; without it audio fails with `TRANSCRIPTION_UNAVAILABLE`. */
  transcriber?: Transcriber;
  /** Detects `metadata.language` when the extractor did not set it; eld by default, null to skip. */
  languageDetector?: LanguageDetector | null;
  tools?: ExtractorTools;
  /** Extra format extractors; for an extension they also claim, the last one given wins. */
  formats?: FormatExtractor[];
}

/** Words: runs of letters, digits and marks, joined by an apostrophe or hyphen. (A CJK run counts as one.) */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*/gu;

/** Counts words as WORD matches, without building the array of matches. */
export function countWords(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(WORD)) n++;
  return n;
}

/** The format extractors Sift ships, configured from the dependencies. */
function builtInFormats(deps: DocumentExtractorDeps): FormatExtractor[] {
  const tools = deps.tools ?? {};
  const ffmpeg = {
    ...(tools.ffmpegPath ? { ffmpegPath: tools.ffmpegPath } : {}),
    ...(tools.ffprobePath ? { ffprobePath: tools.ffprobePath } : {}),
  };
  return [
    new TextExtractor(),
    new MarkdownExtractor(),
    new HtmlExtractor(),
    new CsvExtractor(),
    new JsonExtractor(),
    new EmlExtractor(),
    new ArchiveExtractor(),
    new PdfExtractor({
      ...(deps.ocr ? { ocr: deps.ocr } : {}),
      ...(tools.pdftoppmPath ? { pdftoppmPath: tools.pdftoppmPath } : {}),
    }),
    new DocxExtractor(),
    new PptxExtractor(),
    new SpreadsheetExtractor(),
    new OdfTextExtractor(),
    new RtfExtractor(),
    new LegacyOfficeExtractor(tools.sofficePath ? { sofficePath: tools.sofficePath } : {}),
    new ImageExtractor({ ocr: deps.ocr ?? null, ...ffmpeg }),
    new AudioExtractor({ transcriber: deps.transcriber ?? null, ...ffmpeg }),
  ];
}

/** Settles with the work, or rejects with the signal's reason as soon as it fires. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        // Stream stages report an abort as their own AbortError; callers match on the signal's reason.
        reject(signal.aborted ? signal.reason : err);
      },
    );
  });
}

/**
 * The DocumentExtractor: picks the FormatExtractor for `input.type.extension`, runs it, then completes the
 * metadata every document gets — `language` (detected when the extractor did not say; not for archives,
 * whose text is a file listing), `wordCount`, `charCount`, and `pageCount` from the pages when there are any.
 * An abort of `input.signal` rejects at once with the signal's reason.
 */
class DispatchingDocumentExtractor implements DocumentExtractor {
  private readonly byExtension = new Map<string, FormatExtractor>();

  constructor(
    private readonly formats: FormatExtractor[],
    private readonly languageDetector: LanguageDetector | null,
  ) {
    for (const format of formats) {
      for (const ext of format.extensions) this.byExtension.set(canonicalExtension(ext), format);
    }
  }

  /** Canonical extensions some format extractor reads. */
  get extensions(): string[] {
    return [...this.byExtension.keys()].sort();
  }

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    const claimed = canonicalExtension(input.type.extension);
    // Protected office files are refused here, before any reader or converter sees them.
    const extension = await screenOfficeFile(input.path, claimed, input.filename);
    if (extension !== claimed) input = { ...input, type: typeForExtension(extension) ?? input.type };
    // An abort while screening must not be missed: abortable() below only hears aborts still to come.
    input.signal.throwIfAborted();
    const format = this.byExtension.get(extension);
    if (!format) {
      throw new AppError('UNSUPPORTED_TYPE', 'user', `No extractor reads .${extension} files`, {
        details: { extension, contentType: input.type.contentType },
        retryable: false,
      });
    }
    const result = await abortable(format.extract(input), input.signal);
    const metadata = { ...result.metadata };
    if (!metadata.language && this.languageDetector && input.type.category !== 'archive') {
      const language = await this.languageDetector.detect(result.text);
      if (language) metadata.language = language;
    }
    metadata.wordCount = countWords(result.text);
    metadata.charCount = result.text.length;
    if (result.pages.length > 0) metadata.pageCount = result.pages.length;
    input.onProgress?.(1);
    return { ...result, metadata };
  }

  /** Stops what format extractors keep running between extractions (the warm LibreOffice). */
  async close(): Promise<void> {
    await Promise.all(this.formats.map((f) => f.close?.()));
  }
}

/** The dispatcher, which also tells which extensions it can read. */
export type RoutingDocumentExtractor = DocumentExtractor & {
  readonly extensions: string[];
  close(): Promise<void>;
};

/** Builds the DocumentExtractor with every built-in format (plus `deps.formats`). */
export function createDocumentExtractor(deps: DocumentExtractorDeps = {}): RoutingDocumentExtractor {
  const detector = deps.languageDetector === undefined ? new EldLanguageDetector() : deps.languageDetector;
  return new DispatchingDocumentExtractor([...builtInFormats(deps), ...(deps.formats ?? [])], detector);
}
