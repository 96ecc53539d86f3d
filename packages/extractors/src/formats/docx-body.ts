import type { DocxNumbering, ListLabel } from './docx-numbering.js';
import type { DocxStyles } from './docx-styles.js';
import { ooxmlBranch } from './ooxml-markup.js';
import { tableRow } from '../table-text.js';
import { descendants, element, elements, isElement, textContent, type XmlNode } from './xml-tree.js';

/** A block of WordprocessingML content before it reaches the text builder. */
export interface DocxBlock {
  kind: 'heading' | 'paragraph' | 'list' | 'table';
  text: string;
  level?: number;
}

/** Containers whose children are read as if they stood in their place (content controls, custom XML, insertions). */
const TRANSPARENT = new Set([
  'w:customXml',
  'w:ins',
  'w:moveTo',
  'w:smartTag',
  'w:dir',
  'w:bdo',
  'w:fldSimple',
]);
/** Deleted or moved-away text: not what the document shows. */
const REMOVED = new Set(['w:del', 'w:moveFrom']);

/**
 * Walks WordprocessingML block content (a body, header, footer, note, comment or text box) into blocks: headings
 * from paragraph styles, list items numbered as Word shows them, tables as tab-separated rows, content controls,
 * insertions and field results read in place, deleted text and field instructions left out, ruby reduced to its
 * base text. Text boxes met on the way are walked too and collected apart (see {@link takeShapes}).
 */
export class DocxBodyWalker {
  private shapes: string[] = [];
  /** Complex fields open across runs (and paragraphs): true once past the separator (showing the result). */
  private fields: boolean[] = [];
  private depth = 0;

  constructor(
    private readonly styles: DocxStyles,
    private readonly numbering: DocxNumbering,
  ) {}

  /** The blocks of `container`'s content. */
  walk(container: XmlNode | undefined): DocxBlock[] {
    // A field left open at the end of a part (a damaged file) must not hide the text of the next part.
    if (this.depth === 0) this.fields = [];
    this.depth++;
    try {
      return this.blocks(container);
    } finally {
      this.depth--;
    }
  }

  private blocks(container: XmlNode | undefined): DocxBlock[] {
    const out: DocxBlock[] = [];
    let list: string[] = [];
    const flush = (): void => {
      if (list.length > 0) out.push({ kind: 'list', text: list.join('\n') });
      list = [];
    };
    const visit = (node: XmlNode | undefined): void => {
      for (const c of elements(node)) {
        if (c.name === 'w:p') {
          const p = this.paragraph(c);
          if (!p) continue;
          if (p.item !== undefined) {
            list.push(p.item);
            continue;
          }
          flush();
          out.push(p.block);
        } else if (c.name === 'w:tbl') {
          flush();
          const text = this.table(c);
          if (text) out.push({ kind: 'table', text });
        } else if (c.name === 'w:sdt') visit(element(c, 'w:sdtContent'));
        else if (c.name === 'mc:AlternateContent') visit(ooxmlBranch(c));
        else if (TRANSPARENT.has(c.name)) visit(c);
      }
    };
    visit(container);
    flush();
    return out;
  }

  /** The text of each text box met since the last call, in document order. */
  takeShapes(): string[] {
    const shapes = this.shapes;
    this.shapes = [];
    return shapes;
  }

  /** Blocks of `container` as plain lines (cells, text boxes, notes). */
  plainText(container: XmlNode | undefined): string {
    return this.walk(container)
      .map((b) => b.text)
      .join('\n');
  }

  private paragraph(p: XmlNode): { block: DocxBlock; item?: undefined } | { item: string } | undefined {
    const pPr = element(p, 'w:pPr');
    const styleId = element(pPr, 'w:pStyle')?.attrs['w:val'];
    const label = this.listLabel(pPr, styleId);
    const text = this.inline(p)
      .replace(/[ \t]+\n/gu, '\n')
      .trim();
    if (text === '') return undefined;
    const level = this.styles.headingLevel(styleId);
    const marker = label ? (label.bullet ? '' : label.label) : '';
    if (level !== undefined) {
      const heading = (marker ? `${marker} ${text}` : text).replace(/\s*\n\s*/gu, ' ');
      return { block: { kind: 'heading', text: heading, level } };
    }
    if (label) {
      const bullet = label.bullet ? '- ' : marker ? `${marker} ` : '';
      return { item: `${'  '.repeat(label.level)}${bullet}${text.replace(/\s*\n\s*/gu, ' ')}` };
    }
    return { block: { kind: 'paragraph', text } };
  }

  /** Advances the numbering for a paragraph that has one (its own w:numPr, else its style's). */
  private listLabel(pPr: XmlNode | undefined, styleId: string | undefined): ListLabel | undefined {
    const numPr = element(pPr, 'w:numPr');
    const own = element(numPr, 'w:numId')?.attrs['w:val'];
    const fromStyle = this.styles.numbering(styleId);
    const numId = own ?? fromStyle?.numId;
    if (numId === undefined) return undefined;
    const ilvl = Number(element(numPr, 'w:ilvl')?.attrs['w:val'] ?? fromStyle?.ilvl ?? 0) || 0;
    return this.numbering.next(numId, ilvl);
  }

  private table(tbl: XmlNode): string {
    const rows: string[] = [];
    for (const tr of wrapped(tbl, 'w:tr')) {
      const cells = wrapped(tr, 'w:tc').map((tc) => this.plainText(tc));
      if (cells.some((c) => c.trim() !== '')) rows.push(tableRow(cells));
    }
    return rows.join('\n');
  }

  /** Text of a paragraph's runs and inline containers. */
  private inline(node: XmlNode): string {
    let s = '';
    for (const c of node.children) {
      if (!isElement(c)) continue;
      if (c.name === 'w:r') s += this.run(c);
      else if (c.name === 'w:hyperlink' || TRANSPARENT.has(c.name)) s += this.inline(c);
      else if (c.name === 'w:sdt') s += this.inline(element(c, 'w:sdtContent') ?? c);
      else if (c.name === 'mc:AlternateContent') s += this.inline(ooxmlBranch(c) ?? c);
      else if (c.name === 'm:oMath' || c.name === 'm:oMathPara') s += mathText(c);
      else if (c.name === 'w:ruby') s += this.inline(element(c, 'w:rubyBase') ?? c);
      else if (REMOVED.has(c.name)) continue;
    }
    return s;
  }

  private run(r: XmlNode): string {
    let s = '';
    for (const c of r.children) {
      if (!isElement(c)) continue;
      if (c.name === 'w:fldChar') {
        const type = c.attrs['w:fldCharType'];
        if (type === 'begin') this.fields.push(false);
        else if (type === 'separate' && this.fields.length > 0) this.fields[this.fields.length - 1] = true;
        else if (type === 'end') this.fields.pop();
        continue;
      }
      if (c.name === 'w:drawing' || c.name === 'w:pict' || c.name === 'w:object') {
        this.collectShapes(c);
        continue;
      }
      if (c.name === 'mc:AlternateContent') {
        s += this.run(ooxmlBranch(c) ?? c);
        continue;
      }
      if (c.name === 'w:ruby') {
        s += this.inline(element(c, 'w:rubyBase') ?? c);
        continue;
      }
      // Inside a field's instructions (before its separator) nothing is shown.
      if (this.fields.some((showing) => !showing)) continue;
      if (c.name === 'w:t') s += textContent(c);
      else if (c.name === 'w:tab' || c.name === 'w:ptab') s += ' ';
      else if (c.name === 'w:br' || c.name === 'w:cr') s += '\n';
      else if (c.name === 'w:noBreakHyphen') s += '-';
    }
    return s;
  }

  /** Text boxes (DrawingML and VML, also in groups and canvases) and VML WordArt of a drawing. */
  private collectShapes(drawing: XmlNode): void {
    for (const box of textBoxes(drawing)) {
      if (box.name === 'v:textpath') {
        const text = box.attrs.string?.trim();
        if (text) this.shapes.push(text);
        continue;
      }
      const text = this.plainText(box).trim();
      if (text) this.shapes.push(text);
    }
  }
}

/** Text-box contents and WordArt paths under `node`, taking one branch of each mc:AlternateContent. */
function textBoxes(node: XmlNode, out: XmlNode[] = []): XmlNode[] {
  for (const c of elements(node)) {
    if (c.name === 'w:txbxContent' || c.name === 'v:textpath') out.push(c);
    else if (c.name === 'mc:AlternateContent') {
      const branch = ooxmlBranch(c);
      if (branch) textBoxes(branch, out);
    } else textBoxes(c, out);
  }
  return out;
}

/** Children named `name`, also inside content controls and custom XML wrapping rows or cells. */
function wrapped(node: XmlNode, name: string, out: XmlNode[] = []): XmlNode[] {
  for (const c of elements(node)) {
    if (c.name === name) out.push(c);
    else if (c.name === 'w:sdt') wrapped(element(c, 'w:sdtContent') ?? c, name, out);
    else if (c.name === 'w:customXml' || c.name === 'w:ins' || c.name === 'w:moveTo') wrapped(c, name, out);
  }
  return out;
}

function mathText(node: XmlNode): string {
  return descendants(node, 'm:t')
    .map((t) => textContent(t))
    .join('');
}
