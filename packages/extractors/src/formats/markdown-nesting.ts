/**
 * Deepest container nesting kept in Markdown: block quotes per line, and indentation (nested lists). The
 * parser's work grows with nesting on every line and its tree is walked recursively: a line of 100,000 `>`
 * took 72 s and then overflowed the stack. No document a person reads nests deeper than this.
 */
export const MAX_MARKDOWN_QUOTE_DEPTH = 32;
/** Columns of indentation kept (32 levels of nested lists at four columns each). */
export const MAX_MARKDOWN_INDENT = 128;

/** Longest run of one delimiter character kept (emphasis, strikethrough, brackets, code fences). */
export const MAX_MARKDOWN_DELIMITER_RUN = 32;

const DEEP_QUOTE = new RegExp(
  String.raw`^((?:[ \t]{0,3}>){${MAX_MARKDOWN_QUOTE_DEPTH}})(?:[ \t]{0,3}>)+`,
  'gmu',
);
const DEEP_INDENT = new RegExp(String.raw`^([ \t]{${MAX_MARKDOWN_INDENT}})[ \t]+`, 'gmu');
// micromark pairs emphasis and brackets by splicing its event list: a run of 100,000 `*` took minutes.
const LONG_RUN = new RegExp(`([*_~\\[\\]\`])\\1{${MAX_MARKDOWN_DELIMITER_RUN},}`, 'gu');

/**
 * `markdown` with block-quote markers and indentation beyond the limits removed from each line, and runs of
 * one delimiter character longer than the limit shortened to it; the text itself is kept. Linear in the
 * input (no pattern can backtrack beyond its own run).
 */
export function limitMarkdownNesting(markdown: string): string {
  return markdown
    .replace(DEEP_QUOTE, '$1')
    .replace(DEEP_INDENT, '$1')
    .replace(LONG_RUN, (run) => run.slice(0, MAX_MARKDOWN_DELIMITER_RUN));
}
