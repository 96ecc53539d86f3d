import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@sift/core';
import { TesseractOcr } from './tesseract-ocr.adapter.js';
import { detectImageFormat } from './image-signature.js';
import { findTrainedData } from './traineddata.js';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/ocr/', import.meta.url));
const TESTOCR_PNG = path.join(FIXTURES, 'testocr.png');

/** Levenshtein distance over code points, one row at a time. */
function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[y.length]!;
}

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

function characterErrorRate(hypothesis: string, reference: string): number {
  const ref = normalise(reference);
  return editDistance(normalise(hypothesis), ref) / ref.length;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

let tmp: string;
let ocr: TesseractOcr;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-tesseract-test-'));
  ocr = new TesseractOcr();
});

afterAll(async () => {
  await ocr.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('TesseractOcr', () => {
  it('reads testocr.png with a character error rate of at most 5%', async () => {
    const reference = fs.readFileSync(path.join(FIXTURES, 'testocr.txt'), 'utf8');
    const result = await ocr.recognize(TESTOCR_PNG, { languages: ['eng'] });
    const cer = characterErrorRate(result.text, reference);
    console.log(`testocr.png CER = ${cer.toFixed(4)}`);
    expect(cer).toBeLessThanOrEqual(0.05);
    expect(result.engine.name).toBe('tesseract.js');
    expect(result.engine.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('reports paragraphs with 0..1 confidences that cover the text', async () => {
    const result = await ocr.recognize(fs.readFileSync(TESTOCR_PNG), { languages: ['eng'] });
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(result.blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of result.blocks) {
      expect(block.confidence).toBeGreaterThan(0);
      expect(block.confidence).toBeLessThanOrEqual(1);
      expect(normalise(result.text)).toContain(normalise(block.text));
    }
    expect(normalise(result.blocks.map((b) => b.text).join(' '))).toBe(normalise(result.text));
  });

  it('reads the words of a bank statement (bill.png)', async () => {
    const result = await ocr.recognize(path.join(FIXTURES, 'bill.png'), { languages: ['eng'] });
    for (const word of ['CHEQUING', 'Balance Forward', 'Clearing Cheque', 'Interac', 'Assisted Deposit']) {
      expect(result.text).toContain(word);
    }
  });

  it('reads WebP, GIF, TIFF, JPEG and BMP conversions of the same image', async () => {
    for (const ext of ['webp', 'gif', 'tiff', 'jpg', 'bmp']) {
      const file = path.join(tmp, `testocr.${ext}`);
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', TESTOCR_PNG, file]);
      const bytes = fs.readFileSync(file);
      expect(detectImageFormat(bytes)).toBe(ext === 'jpg' ? 'jpeg' : ext);
      const result = await ocr.recognize(bytes, { languages: ['eng'] });
      expect(result.text).toContain('The quick brown dog jumped over the');
    }
  });

  it('fails with OCR_LANGUAGE_MISSING for a language without local traineddata', async () => {
    const err = await rejection(ocr.recognize(TESTOCR_PNG, { languages: ['eng', 'deu'] }));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'OCR_LANGUAGE_MISSING', category: 'user', retryable: false });
    expect((err as AppError).message).toBe(
      'OCR language deu is not installed; add @tesseract.js-data/deu or set SIFT_OCR_LANGUAGES',
    );
    expect((err as AppError).details).toMatchObject({ missing: ['deu'] });
  });

  it('refuses a language code shaped like a path', async () => {
    const err = await rejection(ocr.recognize(TESTOCR_PNG, { languages: ['../eng'] }));
    expect(err).toMatchObject({ code: 'OCR_LANGUAGE_MISSING' });
  });

  it('combines languages from different directories, gzipped or not', async () => {
    // A second "language" made of the English data, once plain in a directory of its own.
    const engFile = findTrainedData('eng', []);
    expect(engFile).not.toBeNull();
    const dir = path.join(tmp, 'tessdata');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'xyz.traineddata'), gunzipSync(fs.readFileSync(engFile!)));
    const local = new TesseractOcr({ languageDirs: [dir] });
    try {
      const plain = await local.recognize(TESTOCR_PNG, { languages: ['xyz'] });
      expect(plain.text).toContain('The quick brown dog');
      const mixed = await local.recognize(TESTOCR_PNG, { languages: ['eng', 'xyz'] });
      expect(mixed.text).toContain('The quick brown dog');
    } finally {
      await local.close();
    }
  });

  it('rejects bytes that are not an image with OCR_INPUT_INVALID', async () => {
    const err = await rejection(
      ocr.recognize(new TextEncoder().encode('%PDF-1.7 not an image'), { languages: ['eng'] }),
    );
    expect(err).toMatchObject({ code: 'OCR_INPUT_INVALID', category: 'user', retryable: false });
  });

  it('rejects a truncated PNG with OCR_INPUT_INVALID and keeps working', async () => {
    const truncated = fs.readFileSync(TESTOCR_PNG).subarray(0, 200);
    const err = await rejection(ocr.recognize(truncated, { languages: ['eng'] }));
    expect(err).toMatchObject({ code: 'OCR_INPUT_INVALID', retryable: false });
    const after = await ocr.recognize(TESTOCR_PNG, { languages: ['eng'] });
    expect(after.text).toContain('lazy fox');
  });

  it('rejects a missing file with OCR_INPUT_INVALID', async () => {
    const err = await rejection(ocr.recognize(path.join(tmp, 'absent.png'), { languages: ['eng'] }));
    expect(err).toMatchObject({ code: 'OCR_INPUT_INVALID' });
  });

  it('throws the abort reason when aborted mid-recognition, then recovers', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by test');
    const pending = ocr.recognize(path.join(FIXTURES, 'bill.png'), {
      languages: ['eng'],
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(reason), 20);
    expect(await rejection(pending)).toBe(reason);
    const after = await ocr.recognize(TESTOCR_PNG, { languages: ['eng'] });
    expect(after.text).toContain('lazy fox');
  });

  it('throws the reason of an already aborted signal without starting', async () => {
    const reason = new Error('gone');
    const err = await rejection(
      ocr.recognize(TESTOCR_PNG, { languages: ['eng'], signal: AbortSignal.abort(reason) }),
    );
    expect(err).toBe(reason);
  });

  it('queues work beyond the pool size, and a queued call leaves the queue on abort', async () => {
    const controller = new AbortController();
    const first = ocr.recognize(TESTOCR_PNG, { languages: ['eng'] });
    const queued = ocr.recognize(TESTOCR_PNG, { languages: ['eng'], signal: controller.signal });
    const third = ocr.recognize(path.join(FIXTURES, 'bill.png'), { languages: ['eng'] });
    controller.abort(new Error('not needed'));
    expect(await rejection(queued)).toMatchObject({ message: 'not needed' });
    expect((await first).text).toContain('lazy fox');
    expect((await third).text).toContain('CHEQUING');
  });

  it('fails with OCR_TIMEOUT when recognition runs past its limit', async () => {
    const impatient = new TesseractOcr({ timeoutMs: 1 });
    try {
      const err = await rejection(impatient.recognize(TESTOCR_PNG, { languages: ['eng'] }));
      expect(err).toMatchObject({ code: 'OCR_TIMEOUT', category: 'system', retryable: true });
    } finally {
      await impatient.close();
    }
  });

  it('refuses work after close', async () => {
    const closing = new TesseractOcr();
    await closing.recognize(TESTOCR_PNG, { languages: ['eng'] });
    await closing.close();
    const err = await rejection(closing.recognize(TESTOCR_PNG, { languages: ['eng'] }));
    expect(err).toMatchObject({ code: 'OCR_CLOSED' });
  });
});
