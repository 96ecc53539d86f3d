export { TesseractOcr, type TesseractOcrOptions } from './tesseract-ocr.adapter.js';
export { detectImageFormat, type ImageFormat } from './image-signature.js';
export { findTrainedData } from './traineddata.js';
