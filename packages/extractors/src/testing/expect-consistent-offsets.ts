import type { ExtractedText } from '@sift/core';
import { expect } from 'vitest';

/**
 * Asserts the offset invariants every extractor must keep: blocks are non-empty spans inside the text, in
 * document order, not overlapping, without surrounding whitespace; headings carry a level 1..6; pages are
 * ordered spans inside the text and each block's page contains it. Returns the text of each block, so a test
 * can compare the structure in one `toEqual`.
 */
export function expectConsistentOffsets(result: ExtractedText): string[] {
  const { text, blocks, pages } = result;
  let previousEnd = 0;
  for (const [i, block] of blocks.entries()) {
    const where = `block ${i} (${block.kind} ${block.start}..${block.end})`;
    expect(Number.isInteger(block.start) && Number.isInteger(block.end), where).toBe(true);
    expect(block.start, where).toBeGreaterThanOrEqual(previousEnd);
    expect(block.end, where).toBeGreaterThan(block.start);
    expect(block.end, where).toBeLessThanOrEqual(text.length);
    const slice = text.slice(block.start, block.end);
    expect(slice.trim(), where).not.toBe('');
    expect(slice, `${where} ends with whitespace`).toBe(slice.trimEnd());
    expect(/^\s*\n/u.test(slice), `${where} starts with a blank line`).toBe(false);
    if (block.kind === 'heading') {
      expect(block.level, where).toBeGreaterThanOrEqual(1);
      expect(block.level, where).toBeLessThanOrEqual(6);
    } else {
      expect(block.level, where).toBeUndefined();
    }
    if (block.timeStartMs !== undefined || block.timeEndMs !== undefined) {
      expect(block.timeEndMs ?? 0, where).toBeGreaterThanOrEqual(block.timeStartMs ?? 0);
    }
    if (block.confidence !== undefined) {
      expect(block.confidence, where).toBeGreaterThanOrEqual(0);
      expect(block.confidence, where).toBeLessThanOrEqual(1);
    }
    previousEnd = block.end;
  }
  let previousPage = { number: 0, end: 0 };
  for (const page of pages) {
    const where = `page ${page.number} (${page.start}..${page.end})`;
    expect(page.number, where).toBeGreaterThan(previousPage.number);
    expect(page.start, where).toBeGreaterThanOrEqual(previousPage.end);
    expect(page.end, where).toBeGreaterThanOrEqual(page.start);
    expect(page.end, where).toBeLessThanOrEqual(text.length);
    previousPage = page;
  }
  for (const block of blocks) {
    if (block.page === undefined || pages.length === 0) continue;
    const page = pages.find((p) => p.number === block.page);
    expect(page, `page ${block.page} of block ${block.start}..${block.end}`).toBeDefined();
    expect(block.start).toBeGreaterThanOrEqual(page!.start);
    expect(block.end).toBeLessThanOrEqual(page!.end);
  }
  for (const file of result.embedded) {
    expect(file.name.startsWith('/') || file.name.split('/').includes('..'), file.name).toBe(false);
  }
  return blocks.map((b) => text.slice(b.start, b.end));
}
