import { SECONDARY_BLOCK_KINDS, type BlockKind, type TextBlock } from '../ingest/extraction.types.js';
import { charMeasure } from './chunk-measure.js';
import { cutChunks, type CutPlan, type Span } from './chunk-cutter.js';
import { isWhitespace, skipWhitespace, trimEndBefore } from './text-scan.js';

/** Kinds kept whole in one chunk when they fit: cutting a table row or a code line from its header hurts. */
const KEEP_WHOLE: ReadonlySet<BlockKind> = new Set(['table', 'list', 'code']);

interface Unit extends Span {
  kind: BlockKind;
}

/**
 * The `structure` strategy: chunks end on block boundaries first (small blocks are packed together up to
 * `size` characters), a heading that follows other content starts a new chunk (with no overlap across it),
 * a table, list or code block that fits in `size` is never cut (even when that parts it from the heading
 * before it), text outside the main flow (a footer, notes, comments…) never shares a chunk with body text or
 * with another such kind, and a block longer than `size` is cut like the recursive strategy. Without blocks it is the
 * recursive strategy.
 */
export function splitByStructure(
  text: string,
  blocks: readonly TextBlock[],
  size: number,
  overlap: number,
): Span[] {
  const measure = charMeasure(text);
  const units = structuralUnits(text, blocks);
  const plan: CutPlan = { blockEnds: [], forcedBreaks: [], atomic: [] };
  let previous: Unit | undefined;
  for (const unit of units) {
    // Body text and a footer, or a footnote and a comment, never share a chunk: each chunk can then say where
    // its text came from (its origin), and a search hit in a footer is not diluted by body text.
    const newRegion = previous !== undefined && region(previous.kind) !== region(unit.kind);
    const newSection = unit.kind === 'heading' && previous !== undefined && previous.kind !== 'heading';
    if (newRegion || newSection) plan.forcedBreaks.push(unit.start);
    // A chunk never ends right after a heading: the heading belongs with what follows it.
    if (unit.kind !== 'heading') plan.blockEnds.push(unit.end);
    if (KEEP_WHOLE.has(unit.kind) && measure.length(unit.start, unit.end) <= size) plan.atomic.push(unit);
    previous = unit;
  }
  return cutChunks(text, measure, size, overlap, plan);
}

/** Body kinds share one region; each secondary kind is a region of its own. */
function region(kind: BlockKind): string {
  return SECONDARY_BLOCK_KINDS.has(kind) ? kind : 'body';
}

/**
 * The blocks as trimmed, ordered, non-overlapping spans, plus any non-blank text between blocks as paragraph
 * units (extractors normally leave only separators there, but nothing is lost if one does not).
 */
export function structuralUnits(text: string, blocks: readonly TextBlock[]): Unit[] {
  const sorted = [...blocks].sort((a, b) => a.start - b.start || a.end - b.end);
  const units: Unit[] = [];
  let covered = 0;
  const addGap = (to: number): void => {
    const start = skipWhitespace(text, covered);
    const end = trimEndBefore(text, to);
    if (start < end) units.push({ kind: 'paragraph', start, end });
  };
  for (const block of sorted) {
    const from = Math.max(covered, clamp(block.start, text.length));
    const to = clamp(block.end, text.length);
    let start = from;
    while (start < to && isWhitespace(text.charCodeAt(start))) start++;
    const end = Math.max(start, trimEndBefore(text, to));
    if (start >= end) continue;
    addGap(start);
    units.push({ kind: block.kind, start, end });
    covered = end;
  }
  addGap(text.length);
  return units;
}

function clamp(value: number, length: number): number {
  return Math.min(length, Math.max(0, Math.trunc(Number.isFinite(value) ? value : 0)));
}
