import { AppError } from '@sift/core';
import type { ExtractedText, ExtractionInput } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { TextBuilder } from '../text-builder.js';
import { libraryVersion } from '@sift/tools';
import { SecondaryTexts } from '../secondary-texts.js';
import { assertOdfNotEncrypted } from './odf-secondary.js';
import { odsSheets } from './ods-sheets.js';
import { readOdfMetadata, readOoxmlMetadata } from './office-metadata.js';
import { SheetWriter, type SheetSource } from './sheet-writer.js';
import { DEFAULT_MAX_ROWS_PER_SHEET, xlsxSheets } from './xlsx-sheets.js';
import { ZipParts } from './zip-parts.js';

/** Options of {@link SpreadsheetExtractor}. */
export interface SpreadsheetExtractorOptions {
  /**
   * Rows with values read per sheet (default {@link DEFAULT_MAX_ROWS_PER_SHEET}); the rest are skipped with a
   * warning naming them, so one giant sheet cannot make a document of millions of lines.
   */
  maxRowsPerSheet?: number;
}

/**
 * Spreadsheets (.xlsx, .ods): one page per sheet, the sheet name as a level-1 heading, rows of cells as they
 * are displayed as `cell | cell` lines in table blocks of at most 50 lines that each repeat the header row,
 * then the sheet's headers and footers (once per workbook), comments, shapes and charts as their own kinds.
 * Worksheets of .xlsx are streamed.
 */
export class SpreadsheetExtractor implements FormatExtractor {
  readonly extensions = ['xlsx', 'ods'] as const;
  private readonly maxRows: number;

  constructor(options: SpreadsheetExtractorOptions = {}) {
    this.maxRows = Math.max(1, options.maxRowsPerSheet ?? DEFAULT_MAX_ROWS_PER_SHEET);
  }

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    const ods = input.type.extension === 'ods';
    const zip = await ZipParts.open(input.path, input.archiveLimits);
    try {
      if (ods) await assertOdfNotEncrypted(zip);
      const marker = ods ? 'content.xml' : 'xl/workbook.xml';
      if (!zip.has(marker)) {
        throw new AppError(
          'DOCUMENT_CORRUPT',
          'user',
          `The file is a ZIP package but not an ${ods ? 'ODS' : 'XLSX'} workbook`,
          {
            details: { missingPart: marker },
            retryable: false,
          },
        );
      }
      const metadata = ods ? await readOdfMetadata(zip) : await readOoxmlMetadata(zip);
      const warnings: string[] = [];
      const builder = new TextBuilder();
      const sheets: AsyncIterable<SheetSource> = ods
        ? odsSheets(zip, warnings, this.maxRows)
        : xlsxSheets(zip, warnings, this.maxRows);
      const headersAndFooters = new SecondaryTexts();
      let page = 0;
      for await (const sheet of sheets) {
        input.signal.throwIfAborted();
        const writer = new SheetWriter(builder, ++page, sheet.name);
        let n = 0;
        for await (const row of sheet.rows) {
          // Streamed rows arrive in bursts; checking every row would cost more than the row.
          if (++n % 1000 === 0) input.signal.throwIfAborted();
          writer.row(row);
        }
        writer.end(await sheet.secondary(), headersAndFooters);
      }
      input.onProgress?.(1);
      return builder.build({
        metadata: { ...metadata, pageCount: page },
        extractor: ods
          ? { name: 'fast-xml-parser', version: libraryVersion('fast-xml-parser') }
          : { name: 'saxes', version: libraryVersion('saxes') },
        warnings,
      });
    } finally {
      zip.close();
    }
  }
}
