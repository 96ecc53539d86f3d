import { describe, expect, it } from 'vitest';
import { SecondaryTexts } from './secondary-texts.js';
import { TextBuilder } from './text-builder.js';

describe('SecondaryTexts', () => {
  it('keeps each distinct text of a kind once, trimmed, in the order first seen', () => {
    const texts = new SecondaryTexts();
    expect(texts.add('footer', '  Page  footer\n')).toBe(true);
    expect(texts.add('footer', 'Page footer')).toBe(false);
    expect(texts.add('header', 'Page footer')).toBe(true);
    expect(texts.add('note', '   ')).toBe(false);
    expect(texts.items).toEqual([
      { kind: 'footer', text: 'Page  footer' },
      { kind: 'header', text: 'Page footer' },
    ]);
  });

  it('compares across kinds when asked, and writes what it kept once', () => {
    const texts = new SecondaryTexts({ acrossKinds: true }).addAll([
      { kind: 'footer', text: 'ACME Confidential' },
      { kind: 'shape', text: 'ACME Confidential' },
      { kind: 'chart', text: 'Revenue' },
    ]);
    const builder = new TextBuilder();
    builder.add('paragraph', 'Body');
    texts.writeTo(builder);
    texts.writeTo(builder);
    const result = builder.build({ extractor: { name: 'test', version: '1' } });
    expect(result.blocks.map((b) => [b.kind, result.text.slice(b.start, b.end)])).toEqual([
      ['paragraph', 'Body'],
      ['footer', 'ACME Confidential'],
      ['chart', 'Revenue'],
    ]);
  });
});
