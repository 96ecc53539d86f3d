export { ImageExtractor, type ImageExtractorOptions } from './image.extractor.js';
export { AudioExtractor, type AudioExtractorOptions } from './audio.extractor.js';
export { countTiffPages } from './tiff-pages.js';
