/** A recognised line or paragraph with its confidence. */
export interface OcrBlock {
  text: string;
  /** 0..1 */
  confidence: number;
}

export interface OcrResult {
  text: string;
  /** Mean confidence 0..1. */
  confidence: number;
  blocks: OcrBlock[];
  engine: { name: string; version: string };
}

/** Optical character recognition of one image (PNG, JPEG, BMP, TIFF, WebP, GIF). */
export interface Ocr {
  /** `languages`: tesseract codes, e.g. ['eng'] or ['eng', 'deu']. */
  recognize(
    image: string | Uint8Array,
    options: { languages: string[]; signal?: AbortSignal },
  ): Promise<OcrResult>;
  /** Frees workers and models. */
  close(): Promise<void>;
}
