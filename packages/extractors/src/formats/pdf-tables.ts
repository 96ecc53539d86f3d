import type { Line } from './pdf-lines.js';

/** A table found among a page's lines: lines `start` to `end` (exclusive) are its rows. */
export interface TableSpan {
  start: number;
  end: number;
  /** Rows of cell texts. */
  rows: string[][];
}

const MIN_ROWS = 3;
/** At least one column must be this short (median characters per cell): labels, numbers, codes. */
const SHORT_CELL_CHARS = 15;
/** Rows further apart than this many line heights are not one table. */
const MAX_ROW_GAP = 2.5;

/**
 * Finds tables among a page's lines, conservatively: at least three consecutive lines, each split into the
 * same number (two or more) of segments by wide gaps, whose columns stay apart (no cell of one column reaches
 * into the horizontal band of the next), with rows evenly close and at least one column of short cells.
 * Two text columns printed line by line fail the last test — their "cells" are runs of prose.
 */
export function findTables(lines: Line[]): TableSpan[] {
  const tables: TableSpan[] = [];
  let i = 0;
  while (i < lines.length) {
    const k = lines[i]!.segments.length;
    let j = i + 1;
    if (k >= 2) {
      while (j < lines.length && continuesTable(lines, i, j, k)) j++;
    }
    if (k >= 2 && j - i >= MIN_ROWS && hasShortColumn(lines.slice(i, j), k)) {
      tables.push({ start: i, end: j, rows: lines.slice(i, j).map((l) => l.segments.map((s) => s.text)) });
      i = j;
    } else {
      i++;
    }
  }
  return tables;
}

/** Whether line `j` is one more row of the table whose rows are lines `i` to `j - 1`. */
function continuesTable(lines: Line[], i: number, j: number, k: number): boolean {
  const line = lines[j]!;
  const prev = lines[j - 1]!;
  if (line.segments.length !== k) return false;
  const gap = prev.y - line.y;
  if (gap <= 0 || gap > MAX_ROW_GAP * Math.max(prev.size, line.size)) return false;
  const rows = lines.slice(i, j + 1);
  for (let c = 0; c + 1 < k; c++) {
    const bandEnd = Math.max(...rows.map((r) => r.segments[c]!.endX));
    const nextStart = Math.min(...rows.map((r) => r.segments[c + 1]!.x));
    if (bandEnd >= nextStart) return false;
  }
  return true;
}

function hasShortColumn(rows: Line[], k: number): boolean {
  for (let c = 0; c < k; c++) {
    const lengths = rows.map((r) => r.segments[c]!.text.length).sort((a, b) => a - b);
    if (lengths[Math.floor((lengths.length - 1) / 2)]! <= SHORT_CELL_CHARS) return true;
  }
  return false;
}
