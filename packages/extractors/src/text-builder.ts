import type {
  BlockKind,
  EmbeddedFile,
  ExtractedMetadata,
  ExtractedText,
  PageSpan,
  TextBlock,
} from '@sift/core';

type BlockExtras = Omit<TextBlock, 'kind' | 'start' | 'end'>;

/** Latin typographic ligatures (U+FB00–FB06) and the letters they stand for. */
const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
};

/**
 * Soft hyphens are invisible break hints and ligatures are glyph choices: left in, they split words ("exam\u00ADple")
 * and hide them ("\uFB01nd" is not "find") from search in every format, so added text drops the one and spells out
 * the other.
 */
function normalizeTypography(text: string): string {
  return text.replace(/\u00AD/gu, '').replace(/[\uFB00-\uFB06]/gu, (c) => LIGATURES[c] ?? c);
}

/**
 * Builds an ExtractedText block by block, so that every extractor produces offsets the same way: blocks are
 * separated by a blank line, each block's span is recorded exactly, and pages are spans over the blocks added
 * while they were open. Offsets are JavaScript string indexes into the final text.
 */
export class TextBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly blocks: TextBlock[] = [];
  private readonly pages: PageSpan[] = [];
  private openPage: { number: number; start: number; source?: PageSpan['source'] } | null = null;

  /** Appends a block; blank text is skipped. Returns the block's span, or null when skipped. */
  add(kind: BlockKind, text: string, extras: BlockExtras = {}): TextBlock | null {
    const clean = normalizeTypography(text)
      .replace(/\s+$/u, '')
      .replace(/^\s*\n/u, '');
    if (clean.trim() === '') return null;
    if (this.length > 0) this.push('\n\n');
    const start = this.length;
    this.push(clean);
    const page = extras.page ?? this.openPage?.number;
    const block: TextBlock = {
      kind,
      start,
      end: this.length,
      ...extras,
      ...(page !== undefined ? { page } : {}),
    };
    this.blocks.push(block);
    return block;
  }

  /** Starts page (or slide, or sheet) `number`; closes the previous one. */
  startPage(number: number, source?: PageSpan['source']): void {
    this.endPage();
    this.openPage = { number, start: this.length === 0 ? 0 : this.length + 2, ...(source ? { source } : {}) };
  }

  /** Closes the open page; a page that got no text is recorded as an empty span. */
  endPage(): void {
    if (!this.openPage) return;
    const { number, start, source } = this.openPage;
    const begin = Math.min(start, this.length);
    this.pages.push({
      number,
      start: begin,
      end: Math.max(begin, this.length),
      ...(source ? { source } : {}),
    });
    this.openPage = null;
  }

  /** Current text length (the next block starts after a separator). */
  get size(): number {
    return this.length;
  }

  build(options: {
    metadata?: ExtractedMetadata;
    extractor: { name: string; version: string };
    embedded?: EmbeddedFile[];
    warnings?: string[];
  }): ExtractedText {
    this.endPage();
    return {
      text: this.parts.join(''),
      blocks: this.blocks,
      pages: this.pages,
      metadata: options.metadata ?? {},
      extractor: options.extractor,
      embedded: options.embedded ?? [],
      warnings: options.warnings ?? [],
    };
  }

  private push(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }
}
