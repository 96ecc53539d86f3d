import { parseHTML } from 'linkedom';
import { tableRow } from '../../table-text.js';
import type { TextBuilder } from '../../text-builder.js';

/** The few DOM members the walker uses (linkedom's nodes provide them). */
export interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  localName?: string;
  getAttribute?(name: string): string | null;
}

const ELEMENT = 1;
/** iframes inside srcdoc documents inside srcdoc documents… stop here. */
const MAX_FRAME_DEPTH = 3;
const TEXT = 3;

/** Never text: code, styling, embedded objects, and the document head. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'head',
  'title',
  'meta',
  'link',
  'button',
  'select',
  'input',
  'textarea',
]);

/** Elements that end the running paragraph: their content starts a new block. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'body',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hgroup',
  'hr',
  'html',
  'li',
  'main',
  'nav',
  'section',
  'summary',
  'caption',
  'tr',
  'td',
  'th',
]);

function children(node: DomNode): DomNode[] {
  return Array.from(node.childNodes);
}

function tagOf(node: DomNode): string {
  return node.nodeType === ELEMENT ? (node.localName ?? '').toLowerCase() : '';
}

function hidden(node: DomNode): boolean {
  return node.getAttribute?.('hidden') != null || node.getAttribute?.('aria-hidden') === 'true';
}

/** Collapses runs of whitespace inside lines and drops blank lines, keeping hard breaks. */
function tidy(raw: string): string {
  return raw
    .split('\n')
    .map((line) => line.replace(/\s+/gu, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * Text of an element as the reader sees it: whitespace collapsed, `<br>` and nested blocks as line breaks,
 * skipped elements (scripts, styles…) left out; `except` tags are not entered (nested lists of a list item).
 */
export function inlineText(node: DomNode, except: ReadonlySet<string> = new Set()): string {
  let raw = '';
  const visit = (n: DomNode): void => {
    for (const child of children(n)) {
      if (child.nodeType === TEXT) raw += (child.textContent ?? '').replace(/\s+/gu, ' ');
      if (child.nodeType !== ELEMENT) continue;
      const tag = tagOf(child);
      if (SKIPPED.has(tag) || except.has(tag) || hidden(child)) continue;
      if (tag === 'br') raw += '\n';
      else if (BLOCKS.has(tag) || tag === 'p' || /^h[1-6]$/u.test(tag) || tag === 'pre') {
        raw += '\n';
        visit(child);
        raw += '\n';
      } else visit(child);
    }
  };
  visit(node);
  return tidy(raw);
}

const LISTS = new Set(['ul', 'ol']);

function listLines(list: DomNode, indent: string): string[] {
  const lines: string[] = [];
  const ordered = tagOf(list) === 'ol';
  const start = Number(list.getAttribute?.('start') ?? '1');
  let n = Number.isFinite(start) ? start : 1;
  for (const item of children(list)) {
    if (tagOf(item) !== 'li' || hidden(item)) continue;
    const marker = ordered ? `${n++}. ` : '- ';
    const text = inlineText(item, LISTS).split('\n');
    text.forEach((line, i) => lines.push(`${indent}${i === 0 ? marker : ' '.repeat(marker.length)}${line}`));
    for (const child of children(item)) {
      if (LISTS.has(tagOf(child))) lines.push(...listLines(child, `${indent}  `));
    }
  }
  return lines;
}

function rowsOf(node: DomNode, rows: DomNode[]): DomNode[] {
  for (const child of children(node)) {
    const tag = tagOf(child);
    if (tag === 'tr') rows.push(child);
    else if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot') rowsOf(child, rows);
  }
  return rows;
}

function tableLines(table: DomNode): string {
  return rowsOf(table, [])
    .map((row) =>
      tableRow(
        children(row)
          .filter((c) => tagOf(c) === 'td' || tagOf(c) === 'th')
          .map((cell) => inlineText(cell)),
      ),
    )
    .filter((line) => line.trim() !== '')
    .join('\n');
}

/**
 * Walks a DOM subtree into blocks: h1–h6 headings with their level, paragraphs (also loose text between
 * blocks), ul/ol as one `list` block, each table as one `table` block of tab-separated rows, pre as `code`,
 * blockquote as `quote`. Scripts, styles and hidden elements never reach the text. An iframe's inline document
 * (`srcdoc`) is shown to the reader in place, so its text is read in place too (nested up to 3 deep).
 */
export class HtmlWalker {
  private pending = '';

  constructor(
    private readonly builder: TextBuilder,
    private readonly frameDepth = 0,
  ) {}

  /** Adds the blocks of `root`'s content. */
  walk(root: DomNode): void {
    this.visit(root);
    this.flush();
  }

  private frame(srcdoc: string | null): void {
    if (!srcdoc || this.frameDepth >= MAX_FRAME_DEPTH) return;
    this.flush();
    const { document } = parseHTML(`<!DOCTYPE html><html><head></head><body>${srcdoc}</body></html>`);
    new HtmlWalker(this.builder, this.frameDepth + 1).walk(document.body as unknown as DomNode);
  }

  private flush(): void {
    const text = tidy(this.pending);
    this.pending = '';
    if (text !== '') this.builder.add('paragraph', text);
  }

  private visit(node: DomNode): void {
    for (const child of children(node)) {
      if (child.nodeType === TEXT) {
        this.pending += (child.textContent ?? '').replace(/\s+/gu, ' ');
        continue;
      }
      if (child.nodeType !== ELEMENT) continue;
      const tag = tagOf(child);
      if (tag === 'iframe' && !hidden(child)) {
        this.frame(child.getAttribute?.('srcdoc') ?? null);
        continue;
      }
      if (SKIPPED.has(tag) || hidden(child)) continue;
      const heading = /^h([1-6])$/u.exec(tag);
      if (heading) {
        this.flush();
        this.builder.add('heading', inlineText(child).replace(/\n/gu, ' '), { level: Number(heading[1]) });
      } else if (tag === 'p') {
        this.flush();
        this.builder.add('paragraph', inlineText(child));
      } else if (LISTS.has(tag)) {
        this.flush();
        this.builder.add('list', listLines(child, '').join('\n'));
      } else if (tag === 'table') {
        this.flush();
        this.builder.add('table', tableLines(child));
      } else if (tag === 'pre') {
        this.flush();
        this.builder.add('code', child.textContent ?? '');
      } else if (tag === 'blockquote') {
        this.flush();
        this.builder.add('quote', inlineText(child));
      } else if (tag === 'br') {
        this.pending += '\n';
      } else if (BLOCKS.has(tag)) {
        this.flush();
        this.visit(child);
        this.flush();
      } else {
        this.visit(child);
      }
    }
  }
}
