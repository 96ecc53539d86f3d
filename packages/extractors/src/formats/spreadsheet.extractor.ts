import { AppError } from '@sift/core';
import type { ExtractedText, ExtractionInput } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { TextBuilder } from '../text-builder.js';
import { libraryVersion } from '@sift/tools';
import { odsSheets } from './ods-sheets.js';
import { readOdfMetadata, readOoxmlMetadata } from './office-metadata.js';
import { SheetWriter } from './sheet-writer.js';
import { xlsxSheets, type SheetRows } from './xlsx-sheets.js';
import { ZipParts } from './zip-parts.js';

/**
 * Spreadsheets (.xlsx, .ods): one page per sheet, the sheet name as a level-1 heading, rows as
 * `cell | cell` lines in table blocks of at most 50 lines that each repeat the header row.
 */
export class SpreadsheetExtractor implements FormatExtractor {
  readonly extensions = ['xlsx', 'ods'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    const ods = input.type.extension === 'ods';
    const zip = await ZipParts.open(input.path, input.archiveLimits);
    try {
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
      const sheets: AsyncIterable<SheetRows> = ods ? odsSheets(zip, warnings) : xlsxSheets(zip, warnings);
      let page = 0;
      for await (const sheet of sheets) {
        input.signal.throwIfAborted();
        const writer = new SheetWriter(builder, ++page, sheet.name);
        for (const row of sheet.rows) writer.row(row);
        writer.end();
      }
      input.onProgress?.(1);
      return builder.build({
        metadata: { ...metadata, pageCount: page },
        extractor: { name: 'fast-xml-parser', version: libraryVersion('fast-xml-parser') },
        warnings,
      });
    } finally {
      zip.close();
    }
  }
}
