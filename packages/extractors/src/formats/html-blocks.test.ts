import { describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { TextBuilder } from '../text-builder.js';
import { addHtmlBlocks } from './html-blocks.js';

function blocks(html: string): { kinds: string[]; texts: string[] } {
  const b = new TextBuilder();
  addHtmlBlocks(html, b);
  const out = b.build({ extractor: { name: 't', version: '1' } });
  return { kinds: out.blocks.map((x) => x.kind + (x.level ?? '')), texts: expectConsistentOffsets(out) };
}

describe('addHtmlBlocks', () => {
  it('reads a bare fragment as body content: loose text, headings, lists and tables in order', () => {
    const html =
      'Intro &amp; more<h2>Part</h2><ul><li>a<ul><li>a1</li></ul></li></ul><table><tr><td><p>x</p></td><td>y</td></tr></table>';
    expect(blocks(html)).toEqual({
      kinds: ['paragraph', 'heading2', 'list', 'table'],
      texts: ['Intro & more', 'Part', '- a\n  - a1', 'x\ty'],
    });
  });

  it('keeps a fragment that carries its own html and body elements', () => {
    expect(blocks('<html><head><title>T</title></head><body><p>only body</p></body></html>')).toEqual({
      kinds: ['paragraph'],
      texts: ['only body'],
    });
  });
});
