import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TesseractOcr } from '@sift/adapter-tesseract';
import { characterErrorRate } from '../testing/error-rates.js';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { writeMultiPageTiff, type GrayPage } from '../testing/tiff-writer.js';
import { ImageExtractor } from './image.extractor.js';
import { countTiffPages, tiffPageOffsets } from './tiff-pages.js';

const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/ocr/', import.meta.url));
const TESTOCR = join(FIXTURES, 'testocr.png');
const BILL = join(FIXTURES, 'bill.png');
const TESTOCR_TEXT = readFileSync(join(FIXTURES, 'testocr.txt'), 'utf8');
/** A page of text turned by 10 degrees, from Tika's OCR tests. */
const ROTATED = fileURLToPath(
  new URL('../../../../../shared/datasets/extraction-dev/testRotated+10.png', import.meta.url),
);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);
}

/** A PNG as 8-bit grayscale pixels, via ffmpeg; its size read from the IHDR chunk. */
function grayPage(png: string): GrayPage {
  const header = readFileSync(png);
  const width = header.readUInt32BE(16);
  const height = header.readUInt32BE(20);
  const pixels = execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', png, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { width, height, pixels };
}

let tmp: string;
let ocr: TesseractOcr;
let extractor: ImageExtractor;

beforeAll(async () => {
  tmp = await makeTempDir('sift-image-extractor-');
  ocr = new TesseractOcr();
  extractor = new ImageExtractor({ ocr });
});

afterAll(async () => {
  await ocr.close();
  await removeTempDir(tmp);
});

describe('ImageExtractor', () => {
  it('OCRs a PNG into paragraphs with confidences on one OCR page', async () => {
    const result = await extractor.extract(await extractionInput(TESTOCR, tmp));
    const blocks = expectConsistentOffsets(result);
    const cer = characterErrorRate(result.text, TESTOCR_TEXT);
    console.log(`image extractor testocr.png CER = ${cer.toFixed(4)}`);
    expect(cer).toBeLessThanOrEqual(0.05);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(result.blocks.every((b) => b.kind === 'paragraph' && b.confidence! > 0.5 && b.page === 1)).toBe(
      true,
    );
    expect(result.pages).toEqual([{ number: 1, start: 0, end: result.text.length, source: 'ocr' }]);
    const png = readFileSync(TESTOCR);
    expect(result.metadata).toMatchObject({
      width: png.readUInt32BE(16),
      height: png.readUInt32BE(20),
      pageCount: 1,
      ocrLanguages: ['eng'],
    });
    expect(result.metadata.ocrConfidence).toBeGreaterThan(0.5);
    expect(result.extractor.name).toBe('tesseract.js');
    expect(result.warnings).toEqual([]);
  });

  it('reads a WebP conversion of the same image to the same text', async () => {
    const webp = join(tmp, 'testocr.webp');
    ffmpeg('-i', TESTOCR, webp);
    const fromPng = await extractor.extract(await extractionInput(TESTOCR, tmp));
    const fromWebp = await extractor.extract(await extractionInput(webp, tmp));
    expect(fromWebp.text).toBe(fromPng.text);
  });

  it('converts first what the engine cannot decode (a deflate-compressed TIFF)', async () => {
    const tiff = join(tmp, 'deflate.tif');
    ffmpeg('-i', TESTOCR, '-compression_algo', 'deflate', tiff);
    await expect(ocr.recognize(tiff, { languages: ['eng'] })).rejects.toMatchObject({
      code: 'OCR_INPUT_INVALID',
    });
    const result = await extractor.extract(await extractionInput(tiff, tmp));
    expect(characterErrorRate(result.text, TESTOCR_TEXT)).toBeLessThanOrEqual(0.05);
  });

  it('OCRs every page of a multi-page TIFF into its own page', async () => {
    const tiff = join(tmp, 'two-pages.tif');
    writeFileSync(tiff, writeMultiPageTiff([grayPage(TESTOCR), grayPage(BILL)]));
    expect(countTiffPages(readFileSync(tiff))).toBe(2);
    const progress: number[] = [];
    const result = await extractor.extract(
      await extractionInput(tiff, tmp, { onProgress: (f) => progress.push(f) }),
    );
    expectConsistentOffsets(result);
    expect(result.pages.map((p) => [p.number, p.source])).toEqual([
      [1, 'ocr'],
      [2, 'ocr'],
    ]);
    const [first, second] = result.pages.map((p) => result.text.slice(p.start, p.end));
    expect(characterErrorRate(first!, TESTOCR_TEXT)).toBeLessThanOrEqual(0.05);
    expect(second).toContain('Clearing Cheque');
    expect(result.metadata.pageCount).toBe(2);
    expect(progress).toEqual([0.5, 1]);
  });

  it('reads a tiled TIFF, which the engine takes for a picture without text, through libvips', async () => {
    const tiled = join(tmp, 'tiled.tif');
    await sharp(TESTOCR).tiff({ tile: true, tileWidth: 128, tileHeight: 128 }).toFile(tiled);
    const result = await extractor.extract(await extractionInput(tiled, tmp));
    expect(characterErrorRate(result.text, TESTOCR_TEXT)).toBeLessThanOrEqual(0.05);
    expect(result.warnings).toEqual([]);
  });

  it('straightens a page scanned at a slant before reading it', async () => {
    const result = await extractor.extract(await extractionInput(ROTATED, tmp));
    expect(result.text.replace(/\s+/gu, ' ')).toContain(
      'Its had resolving otherwise she contented therefore',
    );
    expect(result.metadata.ocrConfidence).toBeGreaterThan(0.8);
  }, 60_000);

  it('keeps the readable pages of a TIFF with a broken page, with a warning', async () => {
    const bytes = writeMultiPageTiff([grayPage(BILL), grayPage(TESTOCR)]);
    // Point page 2's StripOffsets (the 6th IFD entry) far past the end of the file.
    const secondIfd = tiffPageOffsets(bytes)[1]!;
    bytes.writeUInt32LE(0x7fffffff, secondIfd + 2 + 5 * 12 + 8);
    const tiff = join(tmp, 'broken-page.tif');
    writeFileSync(tiff, bytes);
    const result = await extractor.extract(await extractionInput(tiff, tmp));
    expect(result.pages.map((p) => p.number)).toEqual([1]);
    expect(result.text).toContain('Clearing Cheque');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^Page 2 of the TIFF could not be read/);
  });

  it('reports an image without text with a warning, not an error', async () => {
    const blank = join(tmp, 'blank.png');
    ffmpeg('-f', 'lavfi', '-i', 'color=white:s=320x200', '-frames:v', '1', blank);
    const result = await extractor.extract(await extractionInput(blank, tmp));
    expect(result.text).toBe('');
    expect(result.blocks).toEqual([]);
    expect(result.metadata.ocrConfidence).toBe(0);
    expect(result.warnings).toEqual(['No text was recognised in the image']);
  });

  it('fails with DOCUMENT_CORRUPT for random bytes named .png', async () => {
    const bogus = join(tmp, 'bogus.png');
    writeFileSync(bogus, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    const err = await rejection(extractor.extract(await extractionInput(bogus, tmp)));
    expect(err).toMatchObject({ code: 'DOCUMENT_CORRUPT', category: 'user', retryable: false });
  });

  it('fails with DOCUMENT_CORRUPT for a PNG cut after its header', async () => {
    const cut = join(tmp, 'cut.png');
    writeFileSync(cut, readFileSync(TESTOCR).subarray(0, 60));
    const err = await rejection(extractor.extract(await extractionInput(cut, tmp)));
    expect(err).toMatchObject({ code: 'DOCUMENT_CORRUPT', retryable: false });
  });

  it('fails with OCR_UNAVAILABLE when no OCR engine is configured', async () => {
    const err = await rejection(
      new ImageExtractor({ ocr: null }).extract(await extractionInput(TESTOCR, tmp)),
    );
    expect(err).toMatchObject({ code: 'OCR_UNAVAILABLE', category: 'system', retryable: false });
  });

  it('passes on OCR_LANGUAGE_MISSING for a language without traineddata', async () => {
    const err = await rejection(
      extractor.extract(await extractionInput(TESTOCR, tmp, { ocrLanguages: ['deu'] })),
    );
    expect(err).toMatchObject({ code: 'OCR_LANGUAGE_MISSING', category: 'user' });
  });

  it('fails with TOOL_MISSING when ffprobe is not installed', async () => {
    const noTools = new ImageExtractor({ ocr, ffprobePath: join(tmp, 'no-ffprobe') });
    const err = await rejection(noTools.extract(await extractionInput(TESTOCR, tmp)));
    expect(err).toMatchObject({ code: 'TOOL_MISSING', retryable: false });
    expect((err as Error).message).toContain('ffmpeg');
  });

  it('throws the abort reason', async () => {
    const reason = new Error('cancelled');
    const err = await rejection(
      extractor.extract(await extractionInput(TESTOCR, tmp, { signal: AbortSignal.abort(reason) })),
    );
    expect(err).toBe(reason);
  });
});
