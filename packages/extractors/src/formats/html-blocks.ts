import { parseHTML } from 'linkedom';
import type { TextBuilder } from '../text-builder.js';
import { HtmlWalker, type DomNode } from './html/html-walker.js';

/**
 * Appends the blocks of an HTML fragment (mammoth's rendering of a .docx, HTML de-encapsulated from RTF) to
 * `builder` with the shared HTML walker, so converted documents get the same structure as HTML files.
 */
export function addHtmlBlocks(html: string, builder: TextBuilder): void {
  const { document } = parseHTML(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`);
  new HtmlWalker(builder).walk(document.body as unknown as DomNode);
}
