import { readFile } from 'node:fs/promises';
import type { ExtractedMetadata, ExtractedText, ExtractionInput } from '@sift/core';
import type { BlockContent, List, ListItem, PhrasingContent, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import type { FormatExtractor } from '../format-extractor.js';
import { libraryVersion } from '@sift/tools';
import { tableRow } from '../table-text.js';
import { TextBuilder } from '../text-builder.js';
import { limitMarkdownNesting } from './markdown-nesting.js';
import { decodeText } from '../text-decoding.js';

type Node = RootContent | BlockContent | PhrasingContent | ListItem;

/** Plain text of inline content: markup dropped, link text and image alt text kept, hard breaks as LF. */
function inline(nodes: readonly Node[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text' || node.type === 'inlineCode') out += node.value;
    else if (node.type === 'break') out += '\n';
    else if (node.type === 'image' || node.type === 'imageReference') out += node.alt ?? '';
    else if ('children' in node) out += inline(node.children as Node[]);
  }
  return out;
}

/** Removes tags from raw HTML embedded in Markdown, keeping its text. */
function stripTags(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/giu, '')
    .replace(/<[^>]*>/gu, '')
    .trim();
}

/** A list as lines: `- item` or `1. item`, nested lists indented by two spaces per level. */
function listLines(list: List, indent: string): string[] {
  const lines: string[] = [];
  list.children.forEach((item, i) => {
    const marker = list.ordered ? `${(list.start ?? 1) + i}. ` : '- ';
    let first = true;
    for (const child of item.children) {
      if (child.type === 'list') {
        lines.push(...listLines(child, `${indent}  `));
        continue;
      }
      const text = plain(child);
      if (text === '') continue;
      for (const line of text.split('\n')) {
        lines.push(`${indent}${first ? marker : ' '.repeat(marker.length)}${line}`);
        first = false;
      }
    }
    if (first) lines.push(`${indent}${marker.trimEnd()}`);
  });
  return lines;
}

/** A table as tab-separated lines, header row first. */
function tableLines(table: Table): string {
  return table.children.map((row) => tableRow(row.children.map((cell) => inline(cell.children)))).join('\n');
}

/** Plain text of any block, for nesting inside lists and quotes. */
function plain(node: Node): string {
  switch (node.type) {
    case 'list':
      return listLines(node, '').join('\n');
    case 'table':
      return tableLines(node);
    case 'code':
      return node.value;
    case 'html':
      return stripTags(node.value);
    case 'thematicBreak':
    case 'definition':
      return '';
    case 'blockquote':
      return node.children
        .map((c) => plain(c))
        .filter((t) => t !== '')
        .join('\n');
    default:
      return 'children' in node ? inline(node.children as Node[]) : 'value' in node ? String(node.value) : '';
  }
}

/** YAML-ish front matter (`---` … `---` at the very start): simple `key: value` lines become metadata. */
function splitFrontMatter(source: string): { body: string; meta: ExtractedMetadata } {
  const match = /^---\n([\s\S]*?)\n(?:---|\.\.\.)\n/u.exec(source);
  if (!match) return { body: source, meta: {} };
  const meta: ExtractedMetadata = {};
  for (const line of match[1]!.split('\n')) {
    const kv = /^([A-Za-z_][\w-]*):\s*(.+)$/u.exec(line);
    if (!kv) continue;
    const key = kv[1]!.toLowerCase();
    const value = kv[2]!.trim().replace(/^(['"])(.*)\1$/u, '$2');
    if (key === 'title' || key === 'author' || key === 'description') meta[key] = value;
    else if (key === 'date') meta.createdAt = value;
    else if (key === 'lang' || key === 'language') meta.language = value.slice(0, 2).toLowerCase();
    else if (key === 'tags' || key === 'keywords') {
      meta.keywords = value
        .replace(/^\[|\]$/gu, '')
        .split(',')
        .map((t) => t.trim().replace(/^(['"])(.*)\1$/u, '$2'))
        .filter(Boolean);
    }
  }
  return { body: source.slice(match[0].length), meta };
}

/**
 * Markdown (CommonMark + GFM tables via mdast-util-from-markdown): headings keep their level (text without
 * `#`), paragraphs, lists (`- ` / `1. ` lines, nested ones indented), code (without fences), tables
 * (`cell | cell` lines) and quotes become blocks of their plain content. Front matter becomes metadata; the
 * first level-1 heading is the title when the front matter has none.
 */
export class MarkdownExtractor implements FormatExtractor {
  readonly extensions = ['md'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    const { text, encoding } = decodeText(await readFile(input.path));
    const { body, meta } = splitFrontMatter(text);
    const tree = fromMarkdown(limitMarkdownNesting(body), {
      extensions: [gfmTable()],
      mdastExtensions: [gfmTableFromMarkdown()],
    });
    const builder = new TextBuilder();
    let firstH1: string | undefined;
    for (const node of tree.children) {
      if (node.type === 'heading') {
        const heading = inline(node.children).trim();
        if (node.depth === 1) firstH1 ??= heading;
        builder.add('heading', heading, { level: node.depth });
      } else if (node.type === 'list') builder.add('list', plain(node));
      else if (node.type === 'table') builder.add('table', plain(node));
      else if (node.type === 'code') builder.add('code', node.value);
      else if (node.type === 'blockquote') builder.add('quote', plain(node));
      else builder.add('paragraph', plain(node));
    }
    const title = meta.title ?? firstH1;
    return builder.build({
      metadata: { ...meta, ...(title ? { title } : {}), encoding },
      extractor: { name: 'mdast-util-from-markdown', version: libraryVersion('mdast-util-from-markdown') },
    });
  }
}
