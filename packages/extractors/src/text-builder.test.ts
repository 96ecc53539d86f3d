import { describe, expect, it } from 'vitest';
import { TextBuilder } from './text-builder.js';

describe('TextBuilder', () => {
  it('records exact block spans separated by blank lines', () => {
    const b = new TextBuilder();
    b.add('heading', 'Title', { level: 1 });
    b.add('paragraph', '  \n');
    b.add('paragraph', 'Body text.\n');
    const out = b.build({ extractor: { name: 't', version: '1' } });
    expect(out.text).toBe('Title\n\nBody text.');
    expect(out.blocks.map((x) => out.text.slice(x.start, x.end))).toEqual(['Title', 'Body text.']);
    expect(out.blocks[0]).toMatchObject({ kind: 'heading', level: 1 });
  });

  it('tracks pages as spans over their blocks and tags blocks with their page', () => {
    const b = new TextBuilder();
    b.startPage(1);
    b.add('paragraph', 'one');
    b.startPage(2, 'ocr');
    b.startPage(3);
    b.add('paragraph', 'three');
    const out = b.build({ extractor: { name: 't', version: '1' } });
    expect(out.pages).toEqual([
      { number: 1, start: 0, end: 3 },
      { number: 2, start: 3, end: 3, source: 'ocr' },
      { number: 3, start: 5, end: 10 },
    ]);
    expect(out.text.slice(out.pages[2]!.start, out.pages[2]!.end)).toBe('three');
    expect(out.blocks.map((x) => x.page)).toEqual([1, 3]);
  });

  it('removes soft hyphens and spells out Latin ligatures in added text, with spans over the result', () => {
    const b = new TextBuilder();
    b.add('paragraph', 'Soft\u00ADware \uFB01nds \uFB00ect, \uFB03ce, \uFB02ow');
    const out = b.build({ extractor: { name: 't', version: '1' } });
    expect(out.text).toBe('Software finds ffect, ffice, flow');
    expect(out.blocks).toEqual([{ kind: 'paragraph', start: 0, end: out.text.length }]);
  });
});
