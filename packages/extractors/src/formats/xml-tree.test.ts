import { describe, expect, it } from 'vitest';
import { decodeXmlEntities, descendants, parseXml, path, textContent } from './xml-tree.js';

describe('parseXml', () => {
  it('keeps element order and mixed content, decoding entities and character references once', () => {
    const doc = parseXml(
      '<?xml version="1.0"?><a:r x="&quot;1&quot;"><t> Za&#380;&#xF3;&#322;&#263; &amp;amp; </t><b/>tail<c>1</c></a:r>',
      'part.xml',
    );
    const r = path(doc, 'a:r');
    expect(r?.attrs).toEqual({ x: '"1"' });
    expect(r?.children.map((c) => (typeof c === 'string' ? c : c.name))).toEqual(['t', 'b', 'tail', 'c']);
    expect(textContent(r)).toBe(' Zażółć &amp; tail1');
    expect(descendants(doc, 'c')).toHaveLength(1);
  });

  it('fails with DOCUMENT_CORRUPT naming the part for XML cut off inside a tag', () => {
    expect(() =>
      parseXml('<?xml version="1.0"?><w:document><w:body><w:p w:rsid="00', 'word/document.xml'),
    ).toThrow(
      expect.objectContaining({
        code: 'DOCUMENT_CORRUPT',
        details: { part: 'word/document.xml' },
      }),
    );
  });
});

describe('decodeXmlEntities', () => {
  it('leaves unknown entities and out-of-range references as written', () => {
    expect(decodeXmlEntities('&nbsp; &#x110000; &lt;ok&gt; &#65;')).toBe('&nbsp; &#x110000; <ok> A');
  });
});
