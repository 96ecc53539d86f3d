import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM, type Page, type Worker } from 'tesseract.js';
import { AppError, type Ocr, type OcrBlock, type OcrResult } from '@sift/core';
import { detectImageFormat } from './image-signature.js';
import { Slots } from './slots.js';
import { tiffDecodable } from './tiff-support.js';
import { resolveLanguages, type LanguageSource } from './traineddata.js';

const ENGINE = {
  name: 'tesseract.js',
  version: (createRequire(import.meta.url)('tesseract.js/package.json') as { version: string }).version,
};

/** Options of {@link TesseractOcr}. */
export interface TesseractOcrOptions {
  /** How many recognitions run at once, each on its own worker thread (default 1). */
  poolSize?: number;
  /** Extra directories searched for `<lang>.traineddata[.gz]` before the `@tesseract.js-data/*` packages. */
  languageDirs?: string[];
  /** One recognition's limit; past it the worker is terminated and `OCR_TIMEOUT` thrown (default 120 s). */
  timeoutMs?: number;
  /** Starting a worker and loading its languages (default 60 s). */
  startTimeoutMs?: number;
}

interface PooledWorker {
  key: string;
  worker: Worker;
}

/**
 * OCR with tesseract.js (WebAssembly Tesseract, LSTM engine) on worker threads. Workers are created lazily
 * per language set and reused; at most `poolSize` exist at once, so a small machine is not oversubscribed.
 * Language data comes only from local files: a language without traineddata fails with
 * `OCR_LANGUAGE_MISSING` before any worker starts.
 */
export class TesseractOcr implements Ocr {
  private readonly slots: Slots;
  private readonly poolSize: number;
  private readonly idle: PooledWorker[] = [];
  private readonly sources = new Map<string, LanguageSource>();
  private live = 0;
  private closed = false;

  constructor(private readonly options: TesseractOcrOptions = {}) {
    this.poolSize = Math.max(1, options.poolSize ?? 1);
    this.slots = new Slots(this.poolSize);
  }

  async recognize(
    image: string | Uint8Array,
    options: { languages: string[]; signal?: AbortSignal },
  ): Promise<OcrResult> {
    const { signal } = options;
    signal?.throwIfAborted();
    if (this.closed) throw closedError();
    const languages = options.languages.length > 0 ? [...new Set(options.languages)] : ['eng'];
    const key = languages.join('+');
    const source = this.sourceFor(key, languages);
    const bytes = await readImage(image);

    await this.slots.acquire(signal);
    let pooled: PooledWorker | null = null;
    try {
      pooled = await this.checkOut(key, languages, source);
      signal?.throwIfAborted();
      const page = await this.run(pooled, bytes, signal);
      return toResult(page);
    } catch (err) {
      if (pooled && (err instanceof WorkerGone || shouldDiscard(err))) {
        void this.discard(pooled);
        pooled = null;
      }
      throw err instanceof WorkerGone ? err.reason : err;
    } finally {
      if (pooled) this.checkIn(pooled);
      this.slots.release();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.slots.rejectWaiting(closedError());
    await Promise.all(this.idle.splice(0).map((p) => this.discard(p)));
    for (const source of this.sources.values()) {
      if (source.temporary) fs.rmSync(source.langPath, { recursive: true, force: true });
    }
    this.sources.clear();
  }

  private sourceFor(key: string, languages: string[]): LanguageSource {
    let source = this.sources.get(key);
    if (!source) {
      source = resolveLanguages(languages, this.options.languageDirs ?? []);
      this.sources.set(key, source);
    }
    return source;
  }

  /** Called holding a slot, so busy workers are fewer than poolSize and an idle one can be evicted. */
  private async checkOut(key: string, languages: string[], source: LanguageSource): Promise<PooledWorker> {
    const i = this.idle.findIndex((p) => p.key === key);
    if (i >= 0) return this.idle.splice(i, 1)[0]!;
    if (this.live >= this.poolSize && this.idle.length > 0) await this.discard(this.idle.shift()!);
    this.live += 1;
    try {
      return { key, worker: await this.startWorker(languages, source) };
    } catch (err) {
      this.live -= 1;
      throw err;
    }
  }

  private checkIn(pooled: PooledWorker): void {
    if (this.closed) void this.discard(pooled);
    else this.idle.push(pooled);
  }

  private async discard(pooled: PooledWorker): Promise<void> {
    this.live -= 1;
    await pooled.worker.terminate().catch(() => undefined);
  }

  private startWorker(languages: string[], source: LanguageSource): Promise<Worker> {
    const timeoutMs = this.options.startTimeoutMs ?? 60_000;
    return new Promise<Worker>((resolve, reject) => {
      let starting = true;
      const fail = (message: string, cause?: unknown) => {
        if (!starting) return;
        starting = false;
        clearTimeout(timer);
        reject(
          new AppError('OCR_ENGINE_FAILED', 'system', `Could not start tesseract.js: ${message}`, {
            details: { languages },
            cause,
          }),
        );
      };
      // A rejection while tesseract.js loads languages never settles createWorker's promise; the error
      // handler is the only place it surfaces, and without one tesseract.js throws it at the process.
      const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
      createWorker(languages, OEM.LSTM_ONLY, {
        langPath: source.langPath,
        gzip: source.gzip,
        cacheMethod: 'none',
        errorHandler: (e: unknown) => fail(String(e), e),
      }).then(
        (worker) => {
          if (!starting) return void worker.terminate();
          // Without a resolution (most screenshots and many scans carry none) Tesseract assumes 70 dpi
          // before it has seen any text, and at that scale the skew measurement behind rotateAuto finds no
          // lines: a tilted page was read as garbage. 300 dpi, Tesseract's own recommendation, lets the skew
          // be found; recognition itself still estimates the real scale from the text.
          worker.setParameters({ user_defined_dpi: '300' }).then(
            () => {
              starting = false;
              clearTimeout(timer);
              resolve(worker);
            },
            (e: unknown) => {
              void worker.terminate();
              fail(String(e), e);
            },
          );
        },
        (e: unknown) => fail(String(e), e),
      );
    });
  }

  private run(pooled: PooledWorker, bytes: Buffer, signal?: AbortSignal): Promise<Page> {
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    return new Promise<Page>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      // A recognition cannot be interrupted inside the worker; terminating the worker is the only way to
      // stop it, so abort and timeout both end it (and the pool starts a fresh one next time).
      const onAbort = () => {
        settle();
        reject(new WorkerGone(signal?.reason));
      };
      const timer = setTimeout(() => {
        settle();
        reject(
          new WorkerGone(
            new AppError('OCR_TIMEOUT', 'system', `OCR did not finish within ${timeoutMs} ms`, {
              details: { timeoutMs },
            }),
          ),
        );
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      // rotateAuto measures the skew of the text lines and straightens the page before recognition: a scan
      // a few degrees off reads as garbage without it (testRotated+10.png: confidence 34 -> 94), at no
      // measurable cost on straight pages, which are left as they are.
      pooled.worker.recognize(bytes, { rotateAuto: true }, { text: true, blocks: true }).then(
        (result) => {
          settle();
          resolve(result.data);
        },
        (e: unknown) => {
          settle();
          reject(engineError(e));
        },
      );
    });
  }
}

/** A failure that leaves the worker busy for good (abort, timeout): it must be terminated, not reused. */
class WorkerGone {
  constructor(readonly reason: unknown) {}
}

// Unknown engine failures may leave the WebAssembly heap in a bad state; a bad image does not.
function shouldDiscard(err: unknown): boolean {
  return err instanceof AppError && err.code === 'OCR_FAILED';
}

function engineError(e: unknown): AppError {
  const message = String(e);
  if (/read image/i.test(message)) {
    return new AppError(
      'OCR_INPUT_INVALID',
      'user',
      'The image could not be decoded (damaged or truncated)',
      {
        retryable: false,
        cause: e,
      },
    );
  }
  return new AppError('OCR_FAILED', 'system', `tesseract.js failed: ${message}`, { cause: e });
}

function closedError(): AppError {
  return new AppError('OCR_CLOSED', 'system', 'The OCR engine has been closed', { retryable: false });
}

async function readImage(image: string | Uint8Array): Promise<Buffer> {
  let bytes: Buffer;
  if (typeof image === 'string') {
    // Read the file here: tesseract.js would fetch a string that looks like a URL.
    try {
      bytes = await fs.promises.readFile(image);
    } catch (err) {
      // The name only: the image is a temp file under the data dir, which clients are not to see.
      throw new AppError('OCR_INPUT_INVALID', 'user', `Cannot read image file ${path.basename(image)}`, {
        retryable: false,
        cause: err,
      });
    }
  } else {
    bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  }
  const format = detectImageFormat(bytes);
  if (!format) {
    throw new AppError(
      'OCR_INPUT_INVALID',
      'user',
      'Not an image tesseract can read (expected PNG, JPEG, BMP, TIFF, WebP, GIF or PNM)',
      { details: { size: bytes.length }, retryable: false },
    );
  }
  if (format === 'tiff' && !tiffDecodable(bytes)) {
    throw new AppError(
      'OCR_INPUT_INVALID',
      'user',
      'A TIFF layout tesseract cannot decode (tiles, or deflate/JPEG compression): convert it first',
      { details: { size: bytes.length, format }, retryable: false },
    );
  }
  return bytes;
}

function toResult(page: Page): OcrResult {
  const text = page.text.replace(/\s+$/u, '');
  const blocks: OcrBlock[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      const paragraphText = paragraph.text.trim();
      if (paragraphText) blocks.push({ text: paragraphText, confidence: unit(paragraph.confidence) });
    }
  }
  return { text, confidence: text ? unit(page.confidence) : 0, blocks, engine: ENGINE };
}

/** Tesseract reports 0..100. */
function unit(confidence: number): number {
  return Math.min(1, Math.max(0, confidence / 100));
}
