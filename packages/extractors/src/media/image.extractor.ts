import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, isAppError } from '@sift/core';
import type { ExtractedText, ExtractionInput, Ocr, OcrResult } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { TextBuilder } from '../text-builder.js';
import { probeMedia, type FfmpegPaths } from './ffmpeg-tools.js';
import { convertToPng } from './image-convert.js';
import { countTiffPages, selectTiffPage } from './tiff-pages.js';

/** Options of {@link ImageExtractor}. */
export interface ImageExtractorOptions extends FfmpegPaths {
  /** The OCR engine; null when OCR is switched off, and then images fail with `OCR_UNAVAILABLE`. */
  ocr: Ocr | null;
}

/**
 * Images through OCR: one page per image (every page of a multi-page TIFF), one paragraph block per
 * recognised paragraph with its confidence. The engine reads the file as it is; what it cannot decode (a
 * tiled or deflate-compressed TIFF, say) is converted to PNG first (libvips for TIFF, else ffmpeg). Each page
 * of a TIFF is recognised from a copy whose header points at that page. Unreadable images are
 * `DOCUMENT_CORRUPT`; an image in which nothing is recognised ends with a warning saying so.
 */
export class ImageExtractor implements FormatExtractor {
  readonly extensions = ['png', 'jpg', 'jpeg', 'bmp', 'tif', 'tiff', 'webp', 'gif'] as const;

  constructor(private readonly options: ImageExtractorOptions) {}

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    const { ocr } = this.options;
    if (!ocr) {
      throw new AppError('OCR_UNAVAILABLE', 'system', 'OCR is not enabled, so images cannot be read', {
        details: { filename: input.filename },
        retryable: false,
      });
    }
    input.signal.throwIfAborted();
    const probe = await probeMedia(input.path, 'image', { ...this.options, signal: input.signal });
    const picture = probe.streams.find((s) => s.codec_type === 'video');
    const tiff = isTiff(input) ? await readFile(input.path) : null;
    const pageCount = tiff ? countTiffPages(tiff) : 1;

    const builder = new TextBuilder();
    const warnings: string[] = [];
    const results: OcrResult[] = [];
    for (let page = 1; page <= pageCount; page++) {
      let result: OcrResult;
      try {
        result = await this.recognizePage(ocr, input, tiff && pageCount > 1 ? { tiff, page } : null);
      } catch (err) {
        // One bad page of many is a warning; a single image that cannot be read is the document's failure.
        if (pageCount === 1 || !isAppError(err) || err.code !== 'DOCUMENT_CORRUPT') throw err;
        warnings.push(`Page ${page} of the TIFF could not be read: ${err.message}`);
        continue;
      }
      results.push(result);
      builder.startPage(page, 'ocr');
      const blocks =
        result.blocks.length > 0 ? result.blocks : [{ text: result.text, confidence: result.confidence }];
      for (const block of blocks) builder.add('paragraph', block.text, { confidence: block.confidence });
      input.onProgress?.(page / pageCount);
    }
    if (results.length === 0) {
      throw new AppError('DOCUMENT_CORRUPT', 'user', 'No page of the TIFF could be read', {
        details: { pageCount },
        retryable: false,
      });
    }
    if (results.every((r) => r.text.trim() === '')) warnings.push('No text was recognised in the image');
    const withText = results.filter((r) => r.text.trim() !== '');
    const ocrConfidence =
      withText.length > 0 ? withText.reduce((sum, r) => sum + r.confidence, 0) / withText.length : 0;
    return builder.build({
      metadata: {
        pageCount,
        ...(picture?.width ? { width: picture.width, height: picture.height } : {}),
        ocrConfidence,
        ocrLanguages: input.ocrLanguages,
      },
      extractor: results[0]!.engine,
      warnings,
    });
  }

  /** OCRs the file, or one page of a multi-page TIFF, converting to PNG when the engine cannot decode it. */
  private async recognizePage(
    ocr: Ocr,
    input: ExtractionInput,
    tiffPage: { tiff: Buffer; page: number } | null,
  ): Promise<OcrResult> {
    const recognize = (path: string) =>
      ocr.recognize(path, { languages: input.ocrLanguages, signal: input.signal });
    const n = tiffPage?.page ?? 1;
    let source = input.path;
    const temporary: string[] = [];
    try {
      if (tiffPage) {
        source = join(input.workDir, `image-page-${n}.tif`);
        temporary.push(source);
        await writeFile(source, selectTiffPage(tiffPage.tiff, n - 1));
      }
      try {
        return await recognize(source);
      } catch (err) {
        if (!isAppError(err) || err.code !== 'OCR_INPUT_INVALID') throw err;
      }
      const png = join(input.workDir, `image-page-${n}.png`);
      temporary.push(png);
      try {
        await convertToPng(source, png, { ...this.options, tiff: isTiff(input), signal: input.signal });
      } catch (err) {
        if (isAppError(err) || input.signal.aborted) throw err;
        // libvips' own errors: the TIFF cannot be decoded at all.
        throw new AppError('DOCUMENT_CORRUPT', 'user', 'The image is damaged and cannot be decoded', {
          retryable: false,
          cause: err,
        });
      }
      try {
        return await recognize(png);
      } catch (err) {
        if (isAppError(err) && err.code === 'OCR_INPUT_INVALID') {
          throw new AppError('DOCUMENT_CORRUPT', 'user', 'The image is damaged and cannot be decoded', {
            retryable: false,
            cause: err,
          });
        }
        throw err;
      }
    } finally {
      await Promise.all(temporary.map((file) => rm(file, { force: true })));
    }
  }
}

function isTiff(input: ExtractionInput): boolean {
  return input.type.extension === 'tif' || input.type.extension === 'tiff';
}
