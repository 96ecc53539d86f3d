import { relOfType, type OoxmlRel } from './ooxml-rels.js';
import { streamXml } from './sheet-xml-stream.js';
import type { ZipParts } from './zip-parts.js';

/**
 * The shared string table (sharedStrings.xml), streamed: each `si` as its plain `t` or its rich-text runs joined;
 * phonetic hints (`rPh`, furigana) are left out so the base text reads as written.
 */
export async function readSharedStrings(
  zip: ZipParts,
  workbookRels: Map<string, OoxmlRel>,
): Promise<string[]> {
  const part = relOfType(workbookRels, 'sharedStrings')?.target ?? 'xl/sharedStrings.xml';
  const source = await zip.stream(part);
  if (!source) return [];
  const strings: string[] = [];
  const local = (name: string): string => name.slice(name.indexOf(':') + 1);
  const items = streamXml<string>(source, part, (emit) => {
    let current: string | null = null;
    let inText = false;
    let phonetic = 0;
    return {
      open(name) {
        const n = local(name);
        if (n === 'si') current = '';
        else if (n === 'rPh') phonetic++;
        else if (n === 't' && phonetic === 0) inText = true;
      },
      text(t) {
        if (inText && current !== null) current += t;
      },
      close(name) {
        const n = local(name);
        if (n === 't') inText = false;
        else if (n === 'rPh') phonetic--;
        else if (n === 'si' && current !== null) {
          emit(current);
          current = null;
        }
      },
    };
  });
  for await (const s of items) strings.push(s);
  return strings;
}
