import { descendants, elements, isElement, textContent, type XmlNode } from './xml-tree.js';

/**
 * The words of a chart part (`c:chartSpace`): the chart and axis titles, series names and category labels, each
 * once, in the order they appear. Values (`c:val`, numeric caches of `c:yVal`) are numbers, not words, and are
 * left out.
 */
export function chartText(root: XmlNode): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  const add = (s: string): void => {
    const t = s.replace(/\s+/gu, ' ').trim();
    if (t && !seen.has(t)) {
      seen.add(t);
      lines.push(t);
    }
  };
  const visit = (node: XmlNode): void => {
    for (const c of elements(node)) {
      if (c.name === 'c:val' || c.name === 'c:yVal' || c.name === 'c:bubbleSize' || c.name === 'c:extLst')
        continue;
      if (c.name === 'c:tx' || c.name === 'c:cat' || c.name === 'c:xVal') {
        // A rich title's paragraphs, or a cached string reference (c:strRef/c:strCache/c:pt/c:v).
        const paragraphs = descendants(c, 'a:p');
        if (paragraphs.length > 0) for (const p of paragraphs) add(drawingParagraph(p));
        else for (const v of descendants(c, 'c:v')) add(textContent(v));
        continue;
      }
      if (c.name === 'a:p') {
        add(drawingParagraph(c));
        continue;
      }
      visit(c);
    }
  };
  visit(root);
  return lines.join('\n');
}

/** The text of a diagram (SmartArt) data part: each node's paragraphs, one line each. */
export function diagramText(root: XmlNode): string {
  return descendants(root, 'a:p')
    .map((p) => drawingParagraph(p).trim())
    .filter((t) => t !== '')
    .join('\n');
}

/** Text of a DrawingML paragraph: runs, fields and line breaks. */
export function drawingParagraph(p: XmlNode): string {
  let s = '';
  for (const c of p.children) {
    if (!isElement(c)) continue;
    if (c.name === 'a:r' || c.name === 'a:fld') s += textContent(elements(c, 'a:t')[0]);
    else if (c.name === 'a:br') s += '\n';
  }
  return s;
}
