import { formatListNumber } from './ooxml-number-format.js';
import { elements, type XmlNode } from './xml-tree.js';

/** How one level of a numbered ODF list style (`text:list-level-style-number`) renders its numbers. */
export interface ListLevelStyle {
  format: string;
  start: number;
  prefix: string;
  suffix: string;
  /** How many levels the label shows ("1.2." shows 2). */
  displayLevels: number;
}

/** The levels (index 0 = level 1) of a list style by name; a bullet or image level is undefined. */
export type ListStyles = (styleName: string | undefined) => (ListLevelStyle | undefined)[] | undefined;

/** Reads the list styles (`text:list-style`) of content.xml's automatic styles and styles.xml's common ones. */
export function listStyles(...roots: (XmlNode | undefined)[]): ListStyles {
  const styles = new Map<string, (ListLevelStyle | undefined)[]>();
  for (const root of roots) {
    for (const style of elements(root, 'text:list-style')) {
      const levels: (ListLevelStyle | undefined)[] = [];
      for (const level of elements(style)) {
        const n = Number(level.attrs['text:level']) - 1;
        if (!Number.isInteger(n) || n < 0 || n > 9) continue;
        levels[n] =
          level.name === 'text:list-level-style-number' && level.attrs['style:num-format']
            ? {
                format: level.attrs['style:num-format'],
                start: Number(level.attrs['text:start-value'] ?? 1) || 1,
                prefix: level.attrs['style:num-prefix'] ?? '',
                suffix: level.attrs['style:num-suffix'] ?? '',
                displayLevels: Number(level.attrs['text:display-levels'] ?? 1) || 1,
              }
            : undefined;
      }
      styles.set(style.attrs['style:name'] ?? '', levels);
    }
  }
  return (name) => (name === undefined ? undefined : styles.get(name));
}

/**
 * The label of a list item at `depth` (0-based) given the running counters of every level, or undefined when
 * it cannot be known for certain (a bullet level, an unknown format, letters past z): the caller then shows a
 * plain marker rather than a wrong number.
 */
export function listLabel(
  levels: readonly (ListLevelStyle | undefined)[],
  counters: readonly number[],
  depth: number,
): string | undefined {
  const own = levels[depth];
  if (!own) return undefined;
  const parts: string[] = [];
  for (let d = Math.max(0, depth - own.displayLevels + 1); d <= depth; d++) {
    const style = levels[d];
    const n = counters[d];
    const text = style && n !== undefined ? formatNumber(n, style.format) : undefined;
    if (text === undefined) return undefined;
    parts.push(text);
  }
  return `${own.prefix}${parts.join('.')}${own.suffix}`;
}

/** ODF's `style:num-format` values as the OOXML formats that number the same way. */
const ODF_FORMATS: Readonly<Record<string, string>> = {
  '1': 'decimal',
  a: 'lowerLetter',
  A: 'upperLetter',
  i: 'lowerRoman',
  I: 'upperRoman',
};

function formatNumber(n: number, format: string): string | undefined {
  const ooxml = ODF_FORMATS[format];
  return ooxml === undefined ? undefined : formatListNumber(n, ooxml);
}
