import type { SecondaryBlockKind } from '@sift/core';

/** Token types of rtf-stream-parser's Tokenize (its own enum is `const` and not importable here). */
export const GROUP_START = 0;
export const GROUP_END = 1;
export const CONTROL = 2;
export const TEXT = 3;
/** The word type rtf-stream-parser's `words` table gives destination control words. */
export const DESTINATION = 5;

/** Destinations whose text is document content; every other destination is skipped. */
export const TEXT_DESTINATIONS = new Set([
  'rtf',
  'field',
  'fldrslt',
  'result',
  'upr',
  'shp',
  'shpinst',
  'shptxt',
  'object',
]);
/**
 * Destinations whose text lies outside the main flow, with the block kind it becomes. Their paragraphs are read
 * apart from the paragraph they interrupt (a footnote sits in the middle of its reference's sentence).
 */
export const REGION_DESTINATIONS: Readonly<Record<string, SecondaryBlockKind>> = {
  header: 'header',
  headerl: 'header',
  headerr: 'header',
  headerf: 'header',
  footer: 'footer',
  footerl: 'footer',
  footerr: 'footer',
  footerf: 'footer',
  footnote: 'note',
  annotation: 'comment',
  shptxt: 'shape',
};
/** Ignorable (`\*`) destinations that still hold document text: shape instructions carry text boxes. */
export const STARRED_TEXT_DESTINATIONS = new Set(['shpinst', 'annotation']);
/** Destinations that mark the paragraph as a list item (their own text is the rendered bullet). */
export const LIST_MARKERS = new Set(['listtext', 'pntext']);
/** `\info` fields read as text (dates are read from their controls). */
export const INFO_FIELDS = new Set(['title', 'author', 'subject', 'keywords']);
/** Control symbols and words that stand for one character. */
export const SYMBOLS: Record<string, string> = {
  line: '\n',
  tab: '\t',
  emdash: '\u2014',
  endash: '\u2013',
  bullet: '\u2022',
  lquote: '\u2018',
  rquote: '\u2019',
  ldblquote: '\u201C',
  rdblquote: '\u201D',
  '~': '\u00A0',
  _: '\u2011',
  '-': '',
  '{': '{',
  '}': '}',
  '\\': '\\',
  emspace: '\u2003',
  enspace: '\u2002',
  qmspace: '\u2005',
};
/** \fcharset → Windows code page. 0 (ANSI) and 1 (default) fall back to \ansicpg. */
export const CHARSET_CODEPAGES: Record<number, number> = {
  2: 1252,
  77: 10000,
  128: 932,
  129: 949,
  130: 1361,
  134: 936,
  136: 950,
  161: 1253,
  162: 1254,
  163: 1258,
  177: 1255,
  178: 1256,
  186: 1257,
  204: 1251,
  222: 874,
  238: 1250,
  255: 437,
};
