import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, type EmbeddedFile, type ExtractionInput } from '@sift/core';

/**
 * Below this many written bytes the compression ratio is not enforced: a small archive of repetitive text
 * legitimately exceeds any sane ratio, and the damage a bomb can do before this point is bounded.
 */
export const RATIO_FLOOR_BYTES = 10 * 1024 * 1024;

/** A breach of one of the archive limits; permanent. */
export function limitExceeded(
  limit: string,
  message: string,
  details: Record<string, unknown> = {},
): AppError {
  return new AppError('ARCHIVE_LIMIT_EXCEEDED', 'user', message, {
    details: { limit, ...details },
    retryable: false,
  });
}

/** An entry whose name or type could escape the extraction directory; the whole archive is refused. */
export function unsafePath(entry: string, reason: string): AppError {
  return new AppError('ARCHIVE_UNSAFE_PATH', 'user', `Unsafe archive entry "${entry}": ${reason}`, {
    details: { entry, reason },
    retryable: false,
  });
}

/** A damaged archive; permanent. */
export function archiveCorrupt(message: string, cause?: unknown): AppError {
  return new AppError('DOCUMENT_CORRUPT', 'user', `The archive is damaged: ${message}`, {
    ...(cause === undefined ? {} : { cause }),
    retryable: false,
  });
}

/**
 * Checks an entry name and returns it normalised (`/` separators, no `.` or empty segments), or null for a
 * directory. Absolute paths, drive letters, UNC paths, `..` segments and control characters are refused.
 */
export function normaliseEntryName(raw: string): string | null {
  const name = raw.replace(/\\/gu, '/');
  if (name.startsWith('/')) throw unsafePath(raw, 'absolute path');
  if (/^[a-zA-Z]:/u.test(name)) throw unsafePath(raw, 'drive letter');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f]/u.test(name)) throw unsafePath(raw, 'control character in name');
  const segments = name.split('/');
  if (segments.includes('..')) throw unsafePath(raw, 'parent directory segment');
  const kept = segments.filter((s) => s !== '' && s !== '.');
  if (name.endsWith('/')) return null;
  if (kept.length === 0) throw unsafePath(raw, 'empty name');
  return kept.join('/');
}

/** A file name safe on any file system, keeping the extension (detection reads it). */
function diskName(index: number, name: string): string {
  const base = name.split('/').pop() ?? 'file';
  const safe = base.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(-100);
  return `${String(index).padStart(6, '0')}-${safe}`;
}

/**
 * Where archive members go: a private directory under the extraction's workDir, with every written byte
 * counted against the archive limits while it streams (headers are never trusted). `discard()` removes
 * everything written, so a refused archive leaves nothing half-extracted.
 */
export class MemberSink {
  readonly files: EmbeddedFile[] = [];
  private entries = 0;
  private written = 0;
  private paths = 0;

  private constructor(
    private readonly input: ExtractionInput,
    /** The private directory every member is written to. */
    readonly dir: string,
  ) {}

  static async open(input: ExtractionInput): Promise<MemberSink> {
    if (input.depth + 1 > input.archiveLimits.maxDepth) {
      throw limitExceeded(
        'maxDepth',
        `Archives nested deeper than ${input.archiveLimits.maxDepth} are refused`,
        {
          depth: input.depth + 1,
          max: input.archiveLimits.maxDepth,
        },
      );
    }
    return new MemberSink(input, await mkdtemp(join(input.workDir, 'archive-')));
  }

  get totalWritten(): number {
    return this.written;
  }

  /** What the upload's tree held before this archive (nothing for an upload itself). */
  private get tree(): { bytes: number; entries: number; base: number } {
    const usage = this.input.treeUsage;
    return usage
      ? { bytes: usage.expandedBytes, entries: usage.descendants, base: usage.rootSize }
      : { bytes: 0, entries: 0, base: this.input.size };
  }

  /**
   * Counts one entry of any kind (directories too: they cost work); throws past maxEntries, which holds for
   * the whole tree of the upload.
   */
  countEntry(): void {
    this.entries++;
    const max = this.input.archiveLimits.maxEntries;
    const tree = this.tree;
    if (this.entries + tree.entries > max) {
      const message =
        tree.entries > 0
          ? `The upload expands to more than ${max} files across its nested archives`
          : `The archive has more than ${max} entries`;
      throw limitExceeded('maxEntries', message, {
        max,
        ...(tree.entries > 0 ? { tree: tree.entries } : {}),
      });
    }
  }

  /** Refuses before any extraction when the sizes the archive declares already break the limits. */
  checkDeclared(declaredBytes: number): void {
    this.check(declaredBytes, true);
  }

  /**
   * Refuses when what the members declare they expand to themselves (nested archives), added to what was
   * written, breaks the limits: the limits are for everything one upload becomes, not for one level of it.
   */
  checkNested(nestedBytes: number): void {
    if (nestedBytes > 0) this.check(this.written + nestedBytes, true);
  }

  /** Adds bytes about to be written; throws (before they are written) when a limit would be broken. */
  addBytes(n: number): void {
    this.check(this.written + n, false);
    this.written += n;
  }

  private check(ownTotal: number, declared: boolean): void {
    const { maxTotalBytes, maxCompressionRatio } = this.input.archiveLimits;
    // Nested archives count what the rest of their upload already became, against the upload's own size.
    const tree = this.tree;
    const total = ownTotal + tree.bytes;
    const facts = {
      written: this.written,
      ...(declared ? { declared: ownTotal } : {}),
      ...(tree.bytes > 0 ? { tree: tree.bytes } : {}),
    };
    if (total > maxTotalBytes) {
      throw limitExceeded('maxTotalBytes', `The archive expands to more than ${maxTotalBytes} bytes`, {
        ...facts,
        max: maxTotalBytes,
      });
    }
    if (total > RATIO_FLOOR_BYTES && total / Math.max(1, tree.base) > maxCompressionRatio) {
      throw limitExceeded(
        'maxCompressionRatio',
        `The archive expands more than ${maxCompressionRatio} times`,
        {
          ...facts,
          max: maxCompressionRatio,
        },
      );
    }
  }

  /** A fresh path in `dir` for the member `name` (already normalised); every call gives a new one. */
  pathFor(name: string): string {
    return join(this.dir, diskName(++this.paths, name));
  }

  /** Records a member written to `path` by someone else (after they counted its bytes through addBytes). */
  record(name: string, path: string, size: number, contentType?: string): EmbeddedFile {
    const file: EmbeddedFile = { name, path, size, ...(contentType ? { contentType } : {}) };
    this.files.push(file);
    return file;
  }

  /**
   * Streams one member to disk through the `via` stages (a decompressor), counting the bytes that reach the
   * disk and honouring the extraction's abort signal.
   */
  async write(name: string, source: Readable, via: NodeJS.ReadWriteStream[] = []): Promise<EmbeddedFile> {
    const path = this.pathFor(name);
    let size = 0;
    const counter = new Transform({
      transform: (chunk: Buffer, _enc, done) => {
        try {
          this.addBytes(chunk.length);
          size += chunk.length;
          done(null, chunk);
        } catch (err) {
          done(err as Error);
        }
      },
    });
    await pipeline([source, ...via, counter, createWriteStream(path)], { signal: this.input.signal });
    return this.record(name, path, size);
  }

  /** Removes everything written (after a refusal or failure). */
  async discard(): Promise<void> {
    this.files.length = 0;
    await rm(this.dir, { recursive: true, force: true });
  }
}
