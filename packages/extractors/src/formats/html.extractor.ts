import { readFile } from 'node:fs/promises';
import type { ExtractedMetadata, ExtractedText, ExtractionInput } from '@sift/core';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { FormatExtractor } from '../format-extractor.js';
import { libraryVersion } from '@sift/tools';
import { TextBuilder } from '../text-builder.js';
import { decodeText } from '../text-decoding.js';
import { HtmlWalker, inlineText, type DomNode } from './html/html-walker.js';
import { limitNesting, MAX_READABILITY_DEPTH } from './html/html-nesting.js';

/** Below this many characters Readability's pick is not trusted to be the page's main content. */
const MIN_ARTICLE_CHARS = 200;
/**
 * Readability scores every element and grows slow on very large documents (exports, generated reports),
 * which are rarely web articles with boilerplate around them; past this size the whole body is walked.
 */
const MAX_READABILITY_CHARS = 3_000_000;

/** The part of linkedom's Document the extractor uses. */
interface Doc {
  documentElement: DomNode | null;
  body: DomNode | null;
  querySelector(selector: string): DomNode | null;
}

/**
 * linkedom builds a body only inside an `<html>` element, so fragments (e-mail bodies) are wrapped first.
 * Callers bound the nesting first (`limitNesting`): the DOM is super-linear in depth.
 */
function parse(html: string): Doc {
  const whole = /<html[\s>]/iu.test(html)
    ? html
    : /<body[\s>]/iu.test(html)
      ? `<!doctype html><html>${html}</html>`
      : `<!doctype html><html><body>${html}</body></html>`;
  return parseHTML(whole).document as unknown as Doc;
}

function meta(doc: Doc, ...selectors: string[]): string | undefined {
  for (const selector of selectors) {
    const value = doc.querySelector(selector)?.getAttribute?.('content')?.trim();
    if (value) return value;
  }
  return undefined;
}

/** Title, author, description, keywords, dates and language from the head. */
function headMetadata(doc: Doc): ExtractedMetadata {
  const out: ExtractedMetadata = {};
  const titleEl = doc.querySelector('title');
  const title = (titleEl ? inlineText(titleEl) : '') || meta(doc, 'meta[property="og:title"]');
  if (title) out.title = title;
  const author = meta(doc, 'meta[name="author"]', 'meta[property="article:author"]');
  if (author) out.author = author;
  const description = meta(doc, 'meta[name="description"]', 'meta[property="og:description"]');
  if (description) out.description = description;
  const keywords = meta(doc, 'meta[name="keywords"]');
  if (keywords)
    out.keywords = keywords
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
  const published = meta(doc, 'meta[property="article:published_time"]', 'meta[name="date"]');
  if (published) out.createdAt = published;
  const modified = meta(doc, 'meta[property="article:modified_time"]');
  if (modified) out.modifiedAt = modified;
  const lang = /^([a-z]{2})(?:[-_]|$)/iu.exec(doc.documentElement?.getAttribute?.('lang')?.trim() ?? '');
  if (lang) out.language = lang[1]!.toLowerCase();
  return out;
}

/**
 * Renders an HTML string into `builder` and returns what the head says about the document. With `readability`
 * (whole web pages), Mozilla Readability picks the main content when it finds an article of some length, and
 * the page title leads it as a level-1 heading (Readability drops the article's own title heading); otherwise,
 * and always for fragments such as e-mail bodies, the whole body is walked.
 */
export function renderHtml(
  raw: string,
  builder: TextBuilder,
  options: { readability: boolean },
): ExtractedMetadata {
  const limited = limitNesting(raw);
  const html = limited.html;
  const doc = parse(html);
  const metadata = headMetadata(doc);
  if (options.readability && html.length <= MAX_READABILITY_CHARS && limited.depth <= MAX_READABILITY_DEPTH) {
    // Readability rewrites the document it is given, so it gets a copy of its own.
    const article = new Readability(
      parse(html) as unknown as ConstructorParameters<typeof Readability>[0],
    ).parse();
    if (article?.content && (article.textContent ?? '').trim().length >= MIN_ARTICLE_CHARS) {
      if (!metadata.author && article.byline) metadata.author = article.byline;
      const title = metadata.title ?? article.title ?? undefined;
      if (title) builder.add('heading', title, { level: 1 });
      new HtmlWalker(builder).walk(parse(article.content).body!);
      return { ...metadata, mainContent: 'article' };
    }
  }
  const root = doc.body ?? doc.documentElement;
  if (root) new HtmlWalker(builder).walk(root);
  return { ...metadata, ...(options.readability ? { mainContent: 'body' } : {}) };
}

/** How far into a page a charset declaration is looked for (pages with long comment or script preambles). */
const CHARSET_SCAN_BYTES = 64 * 1024;

/**
 * A `<meta charset>` (or http-equiv content type) in the page's head, for legacy pages that are not UTF-8.
 * Browsers prescan only 1 KB and then guess; pages with a long preamble before their `<meta>` (comments,
 * scripts, styles) still mean what they declare, so the whole head is read, up to `<body` or 64 KB.
 */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  let head = Buffer.from(bytes.subarray(0, CHARSET_SCAN_BYTES)).toString('latin1');
  const body = head.search(/<body[\s>]/iu);
  if (body >= 0) head = head.slice(0, body);
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/iu.exec(head)?.[1];
}

/** HTML pages: main content through Readability, structure through a DOM walk (see `renderHtml`). */
export class HtmlExtractor implements FormatExtractor {
  readonly extensions = ['html'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    const bytes = await readFile(input.path);
    const { text, encoding } = decodeText(bytes, declaredCharset(bytes));
    const builder = new TextBuilder();
    const metadata = renderHtml(text, builder, { readability: true });
    return builder.build({
      metadata: { ...metadata, encoding },
      extractor: {
        name: 'linkedom+@mozilla/readability',
        version: `${libraryVersion('linkedom')}+${libraryVersion('@mozilla/readability')}`,
      },
    });
  }
}
