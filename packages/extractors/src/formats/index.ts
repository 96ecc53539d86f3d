export { DocxExtractor } from './docx.extractor.js';
export { LegacyOfficeExtractor, type LegacyOfficeExtractorOptions } from './legacy-office.extractor.js';
export { OdfTextExtractor } from './odf-text.extractor.js';
export { PdfExtractor, type PdfExtractorOptions } from './pdf.extractor.js';
export { PptxExtractor } from './pptx.extractor.js';
export { RtfExtractor } from './rtf.extractor.js';
export { SpreadsheetExtractor } from './spreadsheet.extractor.js';
