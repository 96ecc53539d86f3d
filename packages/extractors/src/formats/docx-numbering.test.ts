import { describe, expect, it } from 'vitest';
import { DocxNumbering } from './docx-numbering.js';
import { parseXml } from './xml-tree.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

function lvl(ilvl: number, fmt: string, text: string, start = 1, extra = ''): string {
  return `<w:lvl w:ilvl="${ilvl}"><w:start w:val="${start}"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/>${extra}</w:lvl>`;
}

function numbering(abstracts: string, nums: string): DocxNumbering {
  return new DocxNumbering(parseXml(`<w:numbering ${W}>${abstracts}${nums}</w:numbering>`, 'numbering.xml'));
}

const OUTLINE = `<w:abstractNum w:abstractNumId="0">${lvl(0, 'decimal', '%1)')}${lvl(1, 'lowerLetter', '%2)')}${lvl(2, 'lowerRoman', '%3)')}${lvl(3, 'upperRoman', '%1.%4.')}</w:abstractNum>`;

describe('DocxNumbering', () => {
  it('numbers levels in their formats, continues a level and resets deeper levels when a higher one is used', () => {
    const n = numbering(OUTLINE, '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>');
    const labels = [0, 1, 2, 2, 0, 1, 3].map((ilvl) => n.next('1', ilvl)?.label);
    expect(labels).toEqual(['1)', 'a)', 'i)', 'ii)', '2)', 'a)', '2.I.']);
  });

  it('counts a level skipped on the way down as used once, as Word shows it', () => {
    const n = numbering(OUTLINE, '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>');
    expect([0, 2, 1].map((ilvl) => n.next('1', ilvl)?.label)).toEqual(['1)', 'i)', 'b)']);
  });

  it('starts at the level start value, and a start override restarts the shared counter on first use', () => {
    const abstract = `<w:abstractNum w:abstractNumId="0">${lvl(0, 'upperLetter', '%1.', 5)}</w:abstractNum>`;
    const nums =
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>' +
      '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>' +
      '<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>';
    const n = numbering(abstract, nums);
    expect(
      [n.next('1', 0), n.next('1', 0), n.next('2', 0), n.next('3', 0), n.next('3', 0)].map((l) => l?.label),
    ).toEqual(['E.', 'F.', 'G.', 'A.', 'B.']);
  });

  it('marks bullets, gives no number for an unknown format, and nothing for numId 0', () => {
    const abstract = `<w:abstractNum w:abstractNumId="0">${lvl(0, 'bullet', '\uF0B7')}${lvl(1, 'chineseCounting', '%2.')}</w:abstractNum>`;
    const n = numbering(abstract, '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>');
    expect(n.next('1', 0)).toEqual({ label: '', bullet: true, level: 0 });
    expect(n.next('1', 1)).toEqual({ label: '', bullet: false, level: 1 });
    expect(n.next('0', 0)).toBeUndefined();
  });

  it('takes the fallback of a custom Word 2010 format it cannot render', () => {
    const custom =
      '<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent xmlns:mc="mc"><mc:Choice Requires="w14">' +
      '<w:numFmt w:val="custom" w:format="α, β, γ, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimal"/>' +
      '</mc:Fallback></mc:AlternateContent><w:lvlText w:val="Item-%1-"/></w:lvl>';
    const n = numbering(
      `<w:abstractNum w:abstractNumId="0">${custom}</w:abstractNum>`,
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
    );
    expect([n.next('1', 0)?.label, n.next('1', 0)?.label]).toEqual(['Item-1-', 'Item-2-']);
  });

  it('shows higher levels in decimal for legal numbering', () => {
    const abstract = `<w:abstractNum w:abstractNumId="0">${lvl(0, 'upperRoman', '%1.')}${lvl(1, 'decimal', '%1.%2', 1, '<w:isLgl/>')}</w:abstractNum>`;
    const n = numbering(abstract, '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>');
    expect([n.next('1', 0)?.label, n.next('1', 0)?.label, n.next('1', 1)?.label]).toEqual([
      'I.',
      'II.',
      '2.1',
    ]);
  });
});
