import { describe, expect, it } from 'vitest';
import type { PdfBlock } from './pdf-layout.js';
import { PdfHeadingDetector } from './pdf-headings.js';

const para = (text: string, size: number, lines = 1): PdfBlock => ({ kind: 'paragraph', text, size, lines });
const body = para('Body text '.repeat(60).trim(), 10, 6);

describe('PdfHeadingDetector', () => {
  it('is ready once enough text is seen and ranks heading sizes, largest first', () => {
    const detector = new PdfHeadingDetector(500);
    const page = [para('Title of the work', 24), para('A section', 14), body, para('A subsection', 12), body];
    detector.observe(page);
    expect(detector.ready).toBe(true);
    detector.rankAll([page]);
    expect(detector.classify(page)).toEqual([1, 2, undefined, 3, undefined]);
    // A size first met later ranks below the known sizes larger than it.
    expect(detector.classify([para('Between', 13), para('Huge banner', 30)])).toEqual([3, 1]);
  });

  it('keeps long, sentence-like, letterless, slightly larger and widely used large text as paragraphs', () => {
    const detector = new PdfHeadingDetector(0);
    const big = para('Large print introduction that runs on', 16, 2);
    const blocks = [
      body,
      big,
      big,
      para('A heading of five lines is a paragraph', 16, 5),
      para('This large sentence ends as sentences do, with a full stop.', 16),
      para('Ends with a comma,', 16),
      para('12', 30),
      para('Barely larger', 11),
    ];
    detector.observe([body, body, body]);
    detector.observe([big]);
    expect(detector.classify(blocks)).toEqual([
      undefined,
      1,
      1,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    // Once the large size carries a third of the text, it is a second body size.
    detector.observe(Array.from({ length: 30 }, () => big));
    expect(detector.classify([big])).toEqual([undefined]);
  });

  it('finds no headings before any text and none in tables', () => {
    const detector = new PdfHeadingDetector();
    expect(detector.classify([para('Heading', 20)])).toEqual([undefined]);
    detector.observe([body]);
    expect(detector.classify([{ kind: 'table', text: 'a | b', size: 20, lines: 1 }])).toEqual([undefined]);
  });
});
