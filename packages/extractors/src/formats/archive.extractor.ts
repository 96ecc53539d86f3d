import { AppError, type ExtractedText, type ExtractionInput } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { TextBuilder } from '../text-builder.js';
import { expandGzip } from './archive/gzip-expander.js';
import { MemberSink } from './archive/member-sink.js';
import { nestedDeclaredBytes } from './archive/nested-size.js';
import { expandRar } from './archive/rar-expander.js';
import { expandTar } from './archive/tar-expander.js';
import { expandZip } from './archive/zip-expander.js';
import { libraryVersion } from '@sift/tools';

/** The library that reads each archive format, reported as the extractor. */
const ARCHIVE_LIBRARIES: Record<string, { name: string; version: string }> = {
  zip: { name: 'yauzl', version: libraryVersion('yauzl') },
  tar: { name: 'tar-stream', version: libraryVersion('tar-stream') },
  'tar.gz': { name: 'tar-stream', version: libraryVersion('tar-stream') },
  gz: { name: 'node:zlib', version: process.versions.zlib ?? 'unknown' },
  rar: { name: 'node-unrar-js', version: libraryVersion('node-unrar-js') },
};

/**
 * Archives (zip, tar, tar.gz, gz, rar): members become embedded files for child documents, and the archive's
 * own text is the listing of its members as one `list` block. Limits (entries, total bytes, compression ratio,
 * nesting) and path safety are enforced while expanding, and again with what nested archives among the members
 * declare they expand to; any refusal removes everything written, so a refused
 * archive returns nothing half-extracted. 7z is refused: no offline 7z reader is available.
 */
export class ArchiveExtractor implements FormatExtractor {
  readonly extensions = ['zip', 'tar', 'tar.gz', 'gz', 'rar', '7z'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    const format = input.type.extension;
    if (format === '7z') {
      throw new AppError('UNSUPPORTED_TYPE', 'user', '7z archives are not supported; repack as zip or tar', {
        details: { extension: '7z' },
        retryable: false,
      });
    }
    const sink = await MemberSink.open(input);
    const warnings: string[] = [];
    try {
      if (format === 'zip') await expandZip(input.path, sink, warnings, input.signal);
      else if (format === 'tar') await expandTar(input.path, false, sink, warnings, input.signal);
      else if (format === 'tar.gz') await expandTar(input.path, true, sink, warnings, input.signal);
      else if (format === 'gz') await expandGzip(input.path, input.filename, sink);
      else if (format === 'rar') await expandRar(input.path, sink, warnings, input.signal);
      else
        throw new AppError('UNSUPPORTED_TYPE', 'user', `Unknown archive format ${format}`, {
          retryable: false,
        });
      sink.checkNested(await nestedDeclaredBytes(sink.files, input.signal));
    } catch (err) {
      await sink.discard();
      // Stream stages report an abort as their own AbortError; the caller expects the signal's reason.
      if (input.signal.aborted) throw input.signal.reason;
      throw err;
    }
    input.onProgress?.(1);

    const builder = new TextBuilder();
    builder.add('list', sink.files.map((f) => f.name).join('\n'));
    if (sink.files.length === 0) warnings.push('The archive contains no files');
    return builder.build({
      metadata: { entryCount: sink.files.length, totalBytes: sink.totalWritten },
      extractor: ARCHIVE_LIBRARIES[format] ?? { name: 'sift-archive', version: '1' },
      embedded: [...sink.files],
      warnings,
    });
  }
}
