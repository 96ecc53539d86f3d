import yauzl from 'yauzl';
import { AppError } from '@sift/core';

/** Largest total of uncompressed bytes read from one office package (a V8 string tops out near 512 MB). */
const DEFAULT_MAX_BYTES = 400 * 1024 * 1024;
/** Parts below this size are read whatever their compression ratio: small XML legitimately deflates 100:1. */
const RATIO_CHECK_FROM = 16 * 1024 * 1024;

/** Limits of {@link ZipParts}; an extraction's `ArchiveLimits` fits. */
export interface ZipPartsLimits {
  /** Total uncompressed bytes that may be read (capped at 400 MB). */
  maxTotalBytes?: number;
  /** Largest uncompressed/compressed ratio of a part over 16 MB (a zip bomb dressed as a document). */
  maxCompressionRatio?: number;
}

/**
 * Random access to the parts of a ZIP-based office document (OOXML, ODF). The central directory is read
 * once; parts are inflated on demand. Not a general archive expander: member files never reach the disk.
 */
export class ZipParts {
  private bytesRead = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    private readonly maxBytes: number,
    private readonly maxRatio: number,
  ) {}

  /**
   * Opens `path`; a file that is not a readable ZIP is `DOCUMENT_CORRUPT` (user, permanent). Reading past
   * the limits is `ARCHIVE_LIMIT_EXCEEDED` (user, permanent).
   */
  static async open(path: string, limits: ZipPartsLimits = {}): Promise<ZipParts> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false });
    } catch (err) {
      throw corrupt('The file is not a readable ZIP package', err);
    }
    const entries = new Map<string, yauzl.Entry>();
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: yauzl.Entry) => {
          entries.set(entry.fileName.replace(/^\/+/u, ''), entry);
          zip.readEntry();
        });
        zip.once('end', () => resolve());
        zip.once('error', reject);
        zip.readEntry();
      });
    } catch (err) {
      zip.close();
      throw corrupt('The ZIP directory of the file is damaged', err);
    }
    const maxBytes = Math.min(limits.maxTotalBytes ?? DEFAULT_MAX_BYTES, DEFAULT_MAX_BYTES);
    return new ZipParts(zip, entries, maxBytes, limits.maxCompressionRatio ?? Infinity);
  }

  /** Part names (paths inside the package, no leading slash). */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Throws `ARCHIVE_LIMIT_EXCEEDED` if reading the part would break the limits (for parts read by others). */
  check(name: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    const size = entry.uncompressedSize;
    const ratio = size / Math.max(entry.compressedSize, 1);
    if (this.bytesRead + size > this.maxBytes || (size >= RATIO_CHECK_FROM && ratio > this.maxRatio)) {
      throw new AppError(
        'ARCHIVE_LIMIT_EXCEEDED',
        'user',
        `The document's part ${name} is too large to read`,
        {
          details: {
            part: name,
            size,
            compressedSize: entry.compressedSize,
            maxBytes: this.maxBytes,
            maxCompressionRatio: this.maxRatio,
          },
          retryable: false,
        },
      );
    }
  }

  /** The part's bytes, or undefined when the package has no such part. */
  async read(name: string): Promise<Buffer | undefined> {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    this.check(name);
    this.bytesRead += entry.uncompressedSize;
    try {
      const stream = await this.zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (err) {
      throw corrupt(`The part ${name} of the document cannot be inflated`, err);
    }
  }

  /**
   * The part's bytes as a stream, or undefined when absent, for parts too large to hold whole (big worksheets).
   * Limits are checked as for {@link read}; a damaged part errors the stream.
   */
  async stream(name: string): Promise<NodeJS.ReadableStream | undefined> {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    this.check(name);
    this.bytesRead += entry.uncompressedSize;
    try {
      return await this.zip.openReadStreamPromise(entry);
    } catch (err) {
      throw corrupt(`The part ${name} of the document cannot be inflated`, err);
    }
  }

  /** The part as UTF-8 text (a leading BOM removed), or undefined when absent. */
  async readText(name: string): Promise<string | undefined> {
    const buf = await this.read(name);
    return buf?.toString('utf8').replace(/^\uFEFF/u, '');
  }

  close(): void {
    this.zip.close();
  }
}

function corrupt(message: string, cause: unknown): AppError {
  return new AppError('DOCUMENT_CORRUPT', 'user', message, { retryable: false, cause });
}

/** Resolves a relationship target against the folder of the part that refers to it (`../x` allowed). */
export function resolvePartPath(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const segments = fromPart.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') segments.pop();
    else if (seg !== '.' && seg !== '') segments.push(seg);
  }
  return segments.join('/');
}
