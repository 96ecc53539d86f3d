import { describe, expect, it } from 'vitest';
import {
  limitMarkdownNesting,
  MAX_MARKDOWN_DELIMITER_RUN,
  MAX_MARKDOWN_QUOTE_DEPTH,
} from './markdown-nesting.js';

describe('limitMarkdownNesting', () => {
  it('leaves ordinary Markdown as it is', () => {
    const md =
      '# Title\n\n> quoted\n>> twice\n\n- a\n  - b\n\n**bold** and _em_ and `code` [link](x)\n\n```js\nx\n```\n';
    expect(limitMarkdownNesting(md)).toBe(md);
  });

  it('keeps at most the limit of block-quote markers on a line, and its text', () => {
    const out = limitMarkdownNesting(`${'> '.repeat(100)}deep words\nnext`);
    expect(out).toBe(`${'> '.repeat(MAX_MARKDOWN_QUOTE_DEPTH).trimEnd()} deep words\nnext`);
  });

  it('cuts indentation past the limit', () => {
    expect(limitMarkdownNesting(`${' '.repeat(1000)}- item`)).toBe(`${' '.repeat(128)}- item`);
  });

  it('shortens runs of one delimiter character to the limit', () => {
    const out = limitMarkdownNesting(`${'*'.repeat(100_000)}x${'['.repeat(40)}y`);
    expect(out).toBe(`${'*'.repeat(MAX_MARKDOWN_DELIMITER_RUN)}x${'['.repeat(MAX_MARKDOWN_DELIMITER_RUN)}y`);
  });
});
