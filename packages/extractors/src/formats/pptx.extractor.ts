import type { BlockKind, ExtractedText, ExtractionInput } from '@sift/core';
import { SECONDARY_BLOCK_KINDS } from '@sift/core';
import type { FormatExtractor } from '../format-extractor.js';
import { SecondaryTexts } from '../secondary-texts.js';
import { TextBuilder } from '../text-builder.js';
import { libraryVersion } from '@sift/tools';
import { readOoxmlMetadata } from './office-metadata.js';
import { chartText, diagramText } from './ooxml-graphics.js';
import { byPartNumber, readRels, relOfType, type OoxmlRel } from './ooxml-rels.js';
import { commentTexts, notesText, slideItems, type SlideItem } from './pptx-shapes.js';
import { elements, parseXml, path, type XmlNode } from './xml-tree.js';
import { ZipParts } from './zip-parts.js';

interface Block {
  kind: BlockKind;
  text: string;
  level?: number;
}

/**
 * PowerPoint .pptx: one page per slide in presentation order (hidden slides too). The title placeholder becomes
 * a level-1 heading, bulleted paragraphs list blocks, other text frames paragraphs, tables table blocks (also
 * inside groups); then, still on the slide, its charts (`chart`), SmartArt (`shape`), speaker notes (`note`) and
 * comments (`comment`). Footers, and text that slide layouts and masters add to every slide using them (not
 * their placeholder prompts), follow the last slide, each distinct text once.
 */
export class PptxExtractor implements FormatExtractor {
  readonly extensions = ['pptx'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    input.signal.throwIfAborted();
    const zip = await ZipParts.open(input.path, input.archiveLimits);
    try {
      const metadata = await readOoxmlMetadata(zip);
      const slides = await slideOrder(zip);
      const builder = new TextBuilder();
      // Shown on many slides: kept once each, whatever kind of shape shows it.
      const shared = new SecondaryTexts({ acrossKinds: true });
      const layouts: string[] = [];
      for (const [i, slidePath] of slides.entries()) {
        input.signal.throwIfAborted();
        builder.startPage(i + 1);
        const rels = await readRels(zip, slidePath);
        const items = slideItems(
          path(await readPart(zip, slidePath), 'p:sld', 'p:cSld', 'p:spTree'),
          'slide',
        );
        const blocks = await resolve(zip, items, rels);
        // The slide's own text first, then what belongs to it outside the main flow.
        const body = blocks.filter((b) => !SECONDARY_BLOCK_KINDS.has(b.kind));
        const extra = blocks.filter((b) => SECONDARY_BLOCK_KINDS.has(b.kind) && b.kind !== 'footer');
        for (const b of body) builder.add(b.kind, b.text, b.level !== undefined ? { level: b.level } : {});
        for (const b of extra) builder.add(b.kind, b.text);
        for (const b of blocks) if (b.kind === 'footer') shared.add('footer', b.text);
        const notes = relOfType(rels, 'notesSlide');
        if (notes) builder.add('note', notesText(await readPart(zip, notes.target)));
        for (const rel of rels.values()) {
          if (!rel.type.endsWith('/comments') || rel.external) continue;
          for (const c of commentTexts(await readPart(zip, rel.target))) builder.add('comment', c);
        }
        const layout = relOfType(rels, 'slideLayout')?.target;
        if (layout && !layouts.includes(layout)) layouts.push(layout);
        input.onProgress?.((i + 1) / slides.length);
      }
      builder.endPage();
      await addMasterText(zip, layouts, shared);
      shared.writeTo(builder);
      return builder.build({
        metadata: { ...metadata, pageCount: slides.length },
        extractor: { name: 'fast-xml-parser', version: libraryVersion('fast-xml-parser') },
      });
    } finally {
      zip.close();
    }
  }
}

/** Text of the layouts the slides use and of their masters: shapes that are not placeholders, and footers. */
async function addMasterText(zip: ZipParts, layouts: string[], shared: SecondaryTexts): Promise<void> {
  const parts: string[] = [];
  for (const layout of layouts) {
    const master = relOfType(await readRels(zip, layout), 'slideMaster')?.target;
    if (master && !parts.includes(master)) parts.push(master);
  }
  parts.push(...layouts);
  for (const part of parts) {
    const root = await readPart(zip, part);
    const tree = path(
      root,
      part.includes('slideMasters/') ? 'p:sldMaster' : 'p:sldLayout',
      'p:cSld',
      'p:spTree',
    );
    for (const b of await resolve(zip, slideItems(tree, 'master'), await readRels(zip, part))) {
      shared.add(b.kind === 'footer' || b.kind === 'chart' ? b.kind : 'shape', b.text);
    }
  }
}

/** Turns chart and SmartArt references into blocks read from their parts. */
async function resolve(zip: ZipParts, items: SlideItem[], rels: Map<string, OoxmlRel>): Promise<Block[]> {
  const blocks: Block[] = [];
  for (const item of items) {
    if (!('graphic' in item)) {
      blocks.push(item);
      continue;
    }
    const rel = rels.get(item.relId);
    if (!rel || rel.external || !zip.has(rel.target)) continue;
    const root = await readPart(zip, rel.target);
    if (item.graphic === 'chart') blocks.push({ kind: 'chart', text: chartText(root) });
    else blocks.push({ kind: 'shape', text: diagramText(root) });
  }
  return blocks;
}

async function readPart(zip: ZipParts, part: string): Promise<XmlNode> {
  const xml = await zip.readText(part);
  return xml ? parseXml(xml, part) : { name: '#document', attrs: {}, children: [] };
}

/** Slide parts in presentation order (sldIdLst), falling back to their numbers when that list is missing. */
async function slideOrder(zip: ZipParts): Promise<string[]> {
  const xml = await zip.readText('ppt/presentation.xml');
  if (xml) {
    const rels = await readRels(zip, 'ppt/presentation.xml');
    const ids = elements(
      path(parseXml(xml, 'ppt/presentation.xml'), 'p:presentation', 'p:sldIdLst'),
      'p:sldId',
    );
    const ordered = ids
      .map((s) => rels.get(s.attrs['r:id'] ?? '')?.target)
      .filter((t): t is string => !!t && zip.has(t));
    if (ordered.length > 0) return ordered;
  }
  return zip
    .names()
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/u.test(n))
    .sort(byPartNumber);
}
