export {
  createDocumentExtractor,
  type DocumentExtractorDeps,
  type ExtractorTools,
} from './document-extractor.js';
export { FileContentDetector } from './content-detector.js';
export { EldLanguageDetector } from './language-detector.js';
export {
  SUPPORTED_TYPES,
  canonicalExtension,
  categoryForExtension,
  extensionForContentType,
  extensionOfFilename,
  supportedFileTypes,
  typeForExtension,
} from './supported-types.js';
export { TextBuilder } from './text-builder.js';
export type { FormatExtractor } from './format-extractor.js';
export {
  IsolatedDocumentExtractor,
  type IsolatedExtractorOptions,
} from './isolation/isolated-document-extractor.js';
export type { ExtractorFactoryRef } from './isolation/extraction-thread.js';
