import { XMLParser } from 'fast-xml-parser';
import { AppError } from '@sift/core';

/** An XML element with its attributes (names as written, prefixes kept) and its children in document order. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlChild[];
}

/** A child is an element or a run of character data. */
export type XmlChild = XmlNode | string;

type OrderedItem = Record<string, unknown> & { ':@'?: Record<string, string> };

// Entities are decoded here in one pass rather than by the parser: its entity support leaves numeric character
// references (`&#380;`) as they are, and decoding those afterwards would double-decode `&amp;#380;`.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: false,
  commentPropName: false,
});

const ENTITY = /&(#x[0-9a-f]+|#[0-9]+|lt|gt|amp|apos|quot);/giu;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** Decodes the predefined XML entities and numeric character references. */
export function decodeXmlEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Parses an XML document into a tree that keeps element order and mixed content (text between elements),
 * which office formats need. Malformed XML is a `DOCUMENT_CORRUPT` (user, permanent) naming `part`.
 */
export function parseXml(xml: string, part: string): XmlNode {
  let items: OrderedItem[];
  try {
    items = parser.parse(xml) as OrderedItem[];
  } catch (err) {
    throw new AppError('DOCUMENT_CORRUPT', 'user', `Malformed XML in ${part}`, {
      details: { part },
      retryable: false,
      cause: err,
    });
  }
  return { name: '#document', attrs: {}, children: convert(items) };
}

function convert(items: OrderedItem[]): XmlChild[] {
  const out: XmlChild[] = [];
  for (const item of items) {
    for (const [key, value] of Object.entries(item)) {
      if (key === ':@') continue;
      if (key === '#text') {
        out.push(decodeXmlEntities(String(value)));
        continue;
      }
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(item[':@'] ?? {})) attrs[k] = decodeXmlEntities(String(v));
      out.push({ name: key, attrs, children: convert(value as OrderedItem[]) });
    }
  }
  return out;
}

/** Whether a child is an element (not text). */
export function isElement(c: XmlChild | undefined): c is XmlNode {
  return typeof c === 'object';
}

/** Child elements named `name` (all child elements when omitted). */
export function elements(node: XmlNode | undefined, name?: string): XmlNode[] {
  if (!node) return [];
  return node.children.filter((c): c is XmlNode => isElement(c) && (name === undefined || c.name === name));
}

/** The first child element named `name`. */
export function element(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c): c is XmlNode => isElement(c) && c.name === name);
}

/** Follows a path of child element names, e.g. `path(doc, 'office:document-meta', 'office:meta')`. */
export function path(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  let cur = node;
  for (const n of names) cur = element(cur, n);
  return cur;
}

/** Every descendant element named `name`, in document order (not descending into matches). */
export function descendants(node: XmlNode | undefined, name: string, out: XmlNode[] = []): XmlNode[] {
  for (const c of node?.children ?? []) {
    if (!isElement(c)) continue;
    if (c.name === name) out.push(c);
    else descendants(c, name, out);
  }
  return out;
}

/** All character data under a node, concatenated. */
export function textContent(node: XmlNode | undefined): string {
  if (!node) return '';
  let s = '';
  for (const c of node.children) s += isElement(c) ? textContent(c) : c;
  return s;
}
