import type { ExtractedMetadata } from '@sift/core';
import { TextBuilder } from '../text-builder.js';
import { normaliseNewlines } from '../text-decoding.js';
import { renderHtml } from './html.extractor.js';
import { splitParagraphs } from './text.extractor.js';

/**
 * Share of one body's distinct words the other must hold for the two to count as the same content. Mailers
 * render alternatives a little differently (link targets, signature separators, list bullets), so equality
 * is too strict; a text that really differs ("Plain Text part" against "HTML part", or a second HTML part
 * inlined after an attachment) drops well below.
 */
const SAME_CONTENT = 0.9;

function distinctWords(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Share of the words of `a` that `b` also has (1 when `a` has none). */
function coverage(a: Set<string>, b: Set<string>): number {
  if (a.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / a.size;
}

/**
 * The HTML documents of a mail: mailparser joins every text/html part into one string (with `<br/>` between
 * them), but a second `<html>` inside the first is dropped by the HTML parser, so each is rendered alone.
 */
function htmlDocuments(html: string): string[] {
  return html
    .split(/(?<=<\/html\s*>)/iu)
    .map((part) => {
      const start = part.search(/<html[\s>]/iu);
      return start > 0 ? part.slice(start) : part;
    })
    .filter((part) => part.trim() !== '' && !/^(?:\s|<br\s*\/?>)*$/iu.test(part));
}

function addBlocksOf(target: TextBuilder, source: ReturnType<TextBuilder['build']>): void {
  for (const { kind, start, end, ...extras } of source.blocks) {
    target.add(kind, source.text.slice(start, end), extras);
  }
}

/**
 * Adds the body of a mail: its text/plain parts and its text/html parts (each kind already joined by the
 * parser). When both carry the same content (the usual multipart/alternative) only one is kept — the one
 * holding more of the other's words, the HTML on a tie, for its headings and lists; when they differ
 * (alternatives that say different things, or HTML parts beside a plain one in multipart/mixed) both are.
 */
export function addMailBodies(
  builder: TextBuilder,
  text: string | undefined,
  html: string | false | undefined,
): ExtractedMetadata {
  const plain = new TextBuilder();
  if (text && text.trim() !== '') {
    for (const paragraph of splitParagraphs(normaliseNewlines(text))) plain.add('paragraph', paragraph);
  }
  const rendered = new TextBuilder();
  let htmlMetadata: ExtractedMetadata = {};
  for (const doc of html ? htmlDocuments(html) : []) {
    const found = renderHtml(doc, rendered, { readability: false });
    htmlMetadata = { ...found, ...htmlMetadata };
  }
  const plainOut = plain.build({ extractor: { name: '', version: '' } });
  const htmlOut = rendered.build({ extractor: { name: '', version: '' } });
  const plainWords = distinctWords(plainOut.text);
  const htmlWords = distinctWords(htmlOut.text);
  const plainInHtml = coverage(plainWords, htmlWords);
  const htmlInPlain = coverage(htmlWords, plainWords);
  const same = plainInHtml >= SAME_CONTENT && htmlInPlain >= SAME_CONTENT;
  if (htmlWords.size === 0) addBlocksOf(builder, plainOut);
  else if (plainWords.size === 0) addBlocksOf(builder, htmlOut);
  // One holds all the other says (or nearly, both ways): keep the one that covers the other better.
  else if (plainInHtml === 1 || (same && plainInHtml >= htmlInPlain)) addBlocksOf(builder, htmlOut);
  else if (htmlInPlain === 1 || same) addBlocksOf(builder, plainOut);
  else {
    addBlocksOf(builder, plainOut);
    addBlocksOf(builder, htmlOut);
  }
  return htmlMetadata;
}
