import { element, elements, path, type XmlNode } from './xml-tree.js';

interface StyleDef {
  name: string;
  basedOn?: string;
  outlineLevel?: number;
  numId?: string;
  ilvl?: number;
}

/** Paragraph numbering as a style or a paragraph declares it (w:numPr). */
export interface NumberingRef {
  numId: string;
  ilvl?: number;
}

/**
 * The paragraph styles of word/styles.xml, for what the extractor needs from them: heading levels (built-in
 * "heading N" and "Title" styles, or any style with an outline level) and numbering a style carries, both
 * inherited through `w:basedOn`.
 */
export class DocxStyles {
  private readonly styles = new Map<string, StyleDef>();
  private readonly numberingStyles = new Map<string, string>();
  private defaultStyle: string | undefined;

  constructor(root: XmlNode | undefined) {
    for (const s of elements(path(root, 'w:styles'), 'w:style')) {
      const type = s.attrs['w:type'] ?? 'paragraph';
      const id = s.attrs['w:styleId'];
      if (!id || (type !== 'paragraph' && type !== 'numbering')) continue;
      const pPr = element(s, 'w:pPr');
      const outline = element(pPr, 'w:outlineLvl')?.attrs['w:val'];
      const numPr = element(pPr, 'w:numPr');
      const numId = element(numPr, 'w:numId')?.attrs['w:val'];
      if (type === 'numbering') {
        if (numId !== undefined) this.numberingStyles.set(id, numId);
        continue;
      }
      const ilvl = element(numPr, 'w:ilvl')?.attrs['w:val'];
      const basedOn = element(s, 'w:basedOn')?.attrs['w:val'];
      this.styles.set(id, {
        name: (element(s, 'w:name')?.attrs['w:val'] ?? id).toLowerCase(),
        ...(basedOn ? { basedOn } : {}),
        ...(outline !== undefined ? { outlineLevel: Number(outline) } : {}),
        ...(numId !== undefined ? { numId } : {}),
        ...(ilvl !== undefined ? { ilvl: Number(ilvl) } : {}),
      });
      if (s.attrs['w:default'] === '1' || s.attrs['w:default'] === 'true') this.defaultStyle = id;
    }
  }

  /** Heading level 1..6 of a paragraph in style `styleId` (the default style when undefined), or undefined. */
  headingLevel(styleId: string | undefined): number | undefined {
    for (const style of this.chain(styleId)) {
      const named = /^heading\s*([1-9])$/u.exec(style.name);
      if (named) return Math.min(Number(named[1]), 6);
      if (style.name === 'title') return 1;
      // Outline level 9 is body text; 0..8 are outline (heading) levels.
      if (style.outlineLevel !== undefined) {
        return style.outlineLevel >= 0 && style.outlineLevel < 9
          ? Math.min(style.outlineLevel + 1, 6)
          : undefined;
      }
    }
    return undefined;
  }

  /** Numbering a style gives its paragraphs, or undefined. */
  numbering(styleId: string | undefined): NumberingRef | undefined {
    for (const style of this.chain(styleId)) {
      if (style.numId !== undefined) {
        return { numId: style.numId, ...(style.ilvl !== undefined ? { ilvl: style.ilvl } : {}) };
      }
    }
    return undefined;
  }

  /** The numbering instance a (numbering) style points at, for abstract definitions that link to a style. */
  numIdOfStyle(styleId: string): string | undefined {
    return this.numberingStyles.get(styleId);
  }

  private *chain(styleId: string | undefined): Generator<StyleDef> {
    const seen = new Set<string>();
    let id = styleId ?? this.defaultStyle;
    while (id !== undefined && !seen.has(id)) {
      seen.add(id);
      const style = this.styles.get(id);
      if (!style) return;
      yield style;
      id = style.basedOn;
    }
  }
}
