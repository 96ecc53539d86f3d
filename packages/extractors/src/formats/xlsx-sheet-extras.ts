import { chartText, diagramText, drawingParagraph } from './ooxml-graphics.js';
import { ooxmlBranch } from './ooxml-markup.js';
import { readRels, relOfType, type OoxmlRel } from './ooxml-rels.js';
import type { SecondaryText } from '../secondary-texts.js';
import {
  descendants,
  element,
  elements,
  isElement,
  parseXml,
  path,
  textContent,
  type XmlNode,
} from './xml-tree.js';
import type { ZipParts } from './zip-parts.js';

/**
 * The text around a worksheet's cells: its comments (threaded comments preferred over their legacy copies),
 * the text of its shapes and text boxes, SmartArt, and its charts' titles, series and categories.
 */
export async function xlsxSheetExtras(
  zip: ZipParts,
  sheetPart: string,
  persons: () => Promise<Map<string, string>>,
): Promise<SecondaryText[]> {
  const rels = await readRels(zip, sheetPart);
  const out: SecondaryText[] = [];
  const threaded = await threadedComments(zip, rels, persons);
  for (const c of threaded) out.push({ kind: 'comment', text: c.text });
  const threadedRefs = new Set(threaded.map((c) => c.ref));
  for (const c of await legacyComments(zip, rels)) {
    if (!threadedRefs.has(c.ref)) out.push({ kind: 'comment', text: c.text });
  }
  for (const rel of rels.values()) {
    if (rel.external || !rel.type.endsWith('/drawing')) continue;
    out.push(...(await drawingText(zip, rel.target)));
  }
  return out;
}

interface SheetComment {
  ref: string;
  text: string;
}

async function legacyComments(zip: ZipParts, rels: Map<string, OoxmlRel>): Promise<SheetComment[]> {
  const part = relOfType(rels, 'comments')?.target;
  const xml = part ? await zip.readText(part) : undefined;
  if (!part || !xml) return [];
  const root = path(parseXml(xml, part), 'comments');
  const authors = elements(element(root, 'authors'), 'author').map((a) => textContent(a).trim());
  return elements(element(root, 'commentList'), 'comment').flatMap((c) => {
    const text = runText(element(c, 'text')).trim();
    if (!text) return [];
    // Excel starts a note with its author's name in bold ("Eva Brandt:"); add it only when it is not there.
    const author = authors[Number(c.attrs.authorId)] ?? '';
    return [
      { ref: c.attrs.ref ?? '', text: author && !text.startsWith(author) ? `${author}: ${text}` : text },
    ];
  });
}

async function threadedComments(
  zip: ZipParts,
  rels: Map<string, OoxmlRel>,
  persons: () => Promise<Map<string, string>>,
): Promise<SheetComment[]> {
  const out: SheetComment[] = [];
  for (const rel of rels.values()) {
    if (rel.external || !rel.type.endsWith('/threadedComment')) continue;
    const xml = await zip.readText(rel.target);
    if (!xml) continue;
    const names = await persons();
    for (const c of elements(path(parseXml(xml, rel.target), 'ThreadedComments'), 'threadedComment')) {
      const text = textContent(element(c, 'text')).trim();
      const author = names.get(c.attrs.personId ?? '');
      if (text) out.push({ ref: c.attrs.ref ?? '', text: author ? `${author}: ${text}` : text });
    }
  }
  return out;
}

/** Display names of the people of threaded comments (the workbook's person part), by id. */
export async function readPersons(
  zip: ZipParts,
  workbookRels: Map<string, OoxmlRel>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const part = relOfType(workbookRels, 'person')?.target;
  const xml = part ? await zip.readText(part) : undefined;
  if (!part || !xml) return names;
  for (const p of elements(path(parseXml(xml, part), 'personList'), 'person')) {
    if (p.attrs.id && p.attrs.displayName) names.set(p.attrs.id, p.attrs.displayName);
  }
  return names;
}

/** Text of a comment's rich text: runs and plain `t`, phonetic hints left out. */
function runText(node: XmlNode | undefined): string {
  let s = '';
  for (const c of node?.children ?? []) {
    if (!isElement(c) || c.name === 'rPh') continue;
    s += c.name === 't' ? textContent(c) : runText(c);
  }
  return s;
}

async function drawingText(zip: ZipParts, part: string): Promise<SecondaryText[]> {
  const xml = await zip.readText(part);
  if (!xml) return [];
  const rels = await readRels(zip, part);
  const shapes: SecondaryText[] = [];
  const charts: SecondaryText[] = [];
  const visit = async (node: XmlNode | undefined): Promise<void> => {
    for (const c of elements(node)) {
      if (c.name === 'mc:AlternateContent') await visit(ooxmlBranch(c));
      else if (c.name === 'xdr:sp') {
        const text = descendants(element(c, 'xdr:txBody'), 'a:p')
          .map((p) => drawingParagraph(p).trim())
          .filter((t) => t !== '')
          .join('\n');
        if (text) shapes.push({ kind: 'shape', text });
      } else if (c.name === 'xdr:graphicFrame') {
        for (const chart of descendants(c, 'c:chart')) {
          const target = rels.get(chart.attrs['r:id'] ?? '');
          const text = target && !target.external ? await partText(zip, target.target, chartText) : '';
          if (text) charts.push({ kind: 'chart', text });
        }
        for (const ids of descendants(c, 'dgm:relIds')) {
          const target = rels.get(ids.attrs['r:dm'] ?? '');
          const text = target && !target.external ? await partText(zip, target.target, diagramText) : '';
          if (text) shapes.push({ kind: 'shape', text });
        }
      } else await visit(c);
    }
  };
  await visit(path(parseXml(xml, part), 'xdr:wsDr'));
  return [...shapes, ...charts];
}

async function partText(zip: ZipParts, part: string, read: (root: XmlNode) => string): Promise<string> {
  const xml = await zip.readText(part);
  return xml ? read(parseXml(xml, part)) : '';
}
