import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { deEncapsulateStream, Tokenize } from 'rtf-stream-parser';
import { AppError, isAppError } from '@sift/core';
import type { ExtractedMetadata, ExtractedText, ExtractionInput } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { SecondaryTexts } from '../secondary-texts.js';
import { tableRow } from '../table-text.js';
import { TextBuilder } from '../text-builder.js';
import { libraryVersion } from '@sift/tools';
import { addHtmlBlocks } from './html-blocks.js';
import { RtfInterpreter, type RtfEvent, type RtfInfo, type RtfToken } from './rtf-interpreter.js';

/**
 * Rich Text Format via rtf-stream-parser's tokenizer, streamed: paragraphs, headings (from heading styles or
 * outline levels), list paragraphs as list blocks, table rows as table blocks, headers, footers, footnotes,
 * comments and text boxes as blocks of their kind after the body, `\info` metadata. RTF that
 * encapsulates HTML (Outlook bodies, `\fromhtml`) is de-encapsulated and read as HTML. A file that does not
 * start with `{\rtf` is `DOCUMENT_CORRUPT`.
 */
export class RtfExtractor implements FormatExtractor {
  readonly extensions = ['rtf'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    const builder = new TextBuilder();
    const blocks = new BlockAssembler(builder);
    const interpreter = new RtfInterpreter((e) => blocks.event(e));
    const stream = createReadStream(input.path, { signal: input.signal });
    let first = true;
    try {
      for await (const token of stream.pipe(new Tokenize()) as AsyncIterable<RtfToken>) {
        if (first && !(token.type === 0)) throw notRtf();
        if (first) first = false;
        interpreter.token(token);
        if (interpreter.fromHtml) break;
      }
    } catch (err) {
      if (input.signal.aborted || isAppError(err)) throw err;
      throw new AppError('DOCUMENT_CORRUPT', 'user', 'The RTF file is damaged and cannot be read', {
        details: { reason: err instanceof Error ? err.message : String(err) },
        retryable: false,
        cause: err,
      });
    } finally {
      stream.destroy();
    }
    if (first) throw notRtf();
    if (interpreter.fromHtml) return this.extractHtml(input, interpreter.info);
    interpreter.end();
    blocks.end();
    input.onProgress?.(1);
    return builder.build({ metadata: metadataOf(interpreter.info), extractor: extractorInfo() });
  }

  private async extractHtml(input: ExtractionInput, info: RtfInfo): Promise<ExtractedText> {
    let html: string;
    try {
      const result = await deEncapsulateStream(createReadStream(input.path, { signal: input.signal }), {
        decode: (buf, enc) => iconv.decode(buf, enc),
        mode: 'html',
        warn: () => {},
      });
      html = String(result.text);
    } catch (err) {
      if (input.signal.aborted) throw err;
      throw new AppError(
        'DOCUMENT_CORRUPT',
        'user',
        'The RTF file claims to wrap HTML but the HTML cannot be recovered',
        {
          retryable: false,
          cause: err,
        },
      );
    }
    const builder = new TextBuilder();
    addHtmlBlocks(html, builder);
    input.onProgress?.(1);
    return builder.build({ metadata: metadataOf(info), extractor: extractorInfo() });
  }
}

/**
 * Groups consecutive list paragraphs into one list block and consecutive rows into one table block. Text of
 * headers, footers, footnotes, comments and text boxes is kept apart and added after the body, each distinct
 * text once (a section's header repeats the previous one more often than not).
 */
class BlockAssembler {
  private list: string[] = [];
  private rows: string[] = [];
  private readonly secondary = new SecondaryTexts();

  constructor(private readonly builder: TextBuilder) {}

  event(e: RtfEvent): void {
    if (e.region) {
      this.secondary.add(e.region, e.type === 'row' ? tableRow(e.cells) : e.text);
      return;
    }
    if (e.type === 'row') {
      this.flushList();
      this.rows.push(tableRow(e.cells));
      return;
    }
    this.flushRows();
    if (e.listLevel !== undefined) {
      this.list.push(`${'  '.repeat(Math.min(e.listLevel, 8))}- ${e.text.replace(/\s*\n\s*/gu, ' ')}`);
      return;
    }
    this.flushList();
    if (e.heading !== undefined)
      this.builder.add('heading', e.text.replace(/\s*\n\s*/gu, ' '), { level: e.heading });
    else this.builder.add('paragraph', e.text);
  }

  end(): void {
    this.flushList();
    this.flushRows();
    this.secondary.writeTo(this.builder);
  }

  private flushList(): void {
    if (this.list.length > 0) this.builder.add('list', this.list.join('\n'));
    this.list = [];
  }

  private flushRows(): void {
    if (this.rows.length > 0) this.builder.add('table', this.rows.join('\n'));
    this.rows = [];
  }
}

function metadataOf(info: RtfInfo): ExtractedMetadata {
  const { keywords, ...rest } = info;
  const meta: ExtractedMetadata = { ...rest };
  const list =
    keywords
      ?.split(/[,;]/u)
      .map((k) => k.trim())
      .filter(Boolean) ?? [];
  if (list.length > 0) meta.keywords = list;
  return meta;
}

function extractorInfo(): { name: string; version: string } {
  return { name: 'rtf-stream-parser', version: libraryVersion('rtf-stream-parser') };
}

function notRtf(): AppError {
  return new AppError('DOCUMENT_CORRUPT', 'user', 'The file does not start like an RTF document', {
    retryable: false,
  });
}
