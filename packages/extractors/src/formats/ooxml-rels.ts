import { elements, parseXml, path } from './xml-tree.js';
import { resolvePartPath, type ZipParts } from './zip-parts.js';

/** A relationship of an OOXML part, its target resolved to a part path inside the package. */
export interface OoxmlRel {
  type: string;
  target: string;
  external: boolean;
}

/** The relationships of `part` (from `<dir>/_rels/<name>.rels`), by id; empty when it has none. */
export async function readRels(zip: ZipParts, part: string): Promise<Map<string, OoxmlRel>> {
  const slash = part.lastIndexOf('/');
  const relsPath = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const xml = await zip.readText(relsPath);
  const rels = new Map<string, OoxmlRel>();
  if (!xml) return rels;
  for (const r of elements(path(parseXml(xml, relsPath), 'Relationships'), 'Relationship')) {
    const { Id: id, Type: type = '', Target: target = '', TargetMode: mode } = r.attrs;
    if (!id) continue;
    const external = mode === 'External';
    rels.set(id, { type, target: external ? target : resolvePartPath(part, target), external });
  }
  return rels;
}

/** The first relationship whose type ends with `/<kind>` (e.g. `notesSlide`). */
export function relOfType(rels: Map<string, OoxmlRel>, kind: string): OoxmlRel | undefined {
  for (const rel of rels.values()) if (rel.type.endsWith(`/${kind}`)) return rel;
  return undefined;
}

/** Sorts part names by the number in them (`slide10.xml` after `slide9.xml`). */
export function byPartNumber(a: string, b: string): number {
  const n = (s: string): number => Number(/(\d+)\.xml$/u.exec(s)?.[1] ?? 0);
  return n(a) - n(b);
}
