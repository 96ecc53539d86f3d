import { relOfType, type OoxmlRel } from './ooxml-rels.js';
import { builtInFormat } from './xlsx-number-format.js';
import { element, elements, parseXml, path } from './xml-tree.js';
import type { ZipParts } from './zip-parts.js';

/** The number format pattern of a cell style index (`c/@s`), or undefined for General. */
export type CellFormats = (styleIndex: number) => string | undefined;

/**
 * Reads the number formats of the workbook's cell styles (styles.xml: `numFmts` for custom patterns, `cellXfs`
 * for each style's `numFmtId`). A missing or unreadable part means every cell is General.
 */
export async function readCellFormats(
  zip: ZipParts,
  workbookRels: Map<string, OoxmlRel>,
): Promise<CellFormats> {
  const part = relOfType(workbookRels, 'styles')?.target ?? 'xl/styles.xml';
  const xml = await zip.readText(part);
  if (!xml) return () => undefined;
  const sheet = path(parseXml(xml, part), 'styleSheet');
  const custom = new Map<number, string>();
  for (const f of elements(element(sheet, 'numFmts'), 'numFmt')) {
    const id = Number(f.attrs.numFmtId);
    if (Number.isInteger(id) && f.attrs.formatCode !== undefined) custom.set(id, f.attrs.formatCode);
  }
  const xfs = elements(element(sheet, 'cellXfs'), 'xf').map((xf) => {
    const id = Number(xf.attrs.numFmtId ?? 0);
    return custom.get(id) ?? builtInFormat(id);
  });
  return (styleIndex) => xfs[styleIndex];
}
