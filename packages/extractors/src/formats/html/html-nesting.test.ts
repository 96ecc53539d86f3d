import { describe, expect, it } from 'vitest';
import { limitNesting, nestingDepth } from './html-nesting.js';

const nested = (n: number, inner = 'deep text') => '<div>'.repeat(n) + inner + '</div>'.repeat(n);

describe('nestingDepth', () => {
  it('counts nested elements but not void elements, unclosed paragraphs or comments', () => {
    expect(nestingDepth('<html><body><div><span>x</span></div></body></html>')).toBe(4);
    expect(nestingDepth('<div><br><img src="a.png"><hr/><input></div>')).toBe(1);
    expect(nestingDepth('<body>' + '<p>para'.repeat(500) + '</body>')).toBe(1);
    expect(nestingDepth('<div><!-- <div><div><div> --></div>')).toBe(1);
  });

  it('does not read tags inside scripts and styles', () => {
    expect(nestingDepth('<div><script>let s = "<div><div><div>";</script></div>')).toBe(1);
    expect(nestingDepth('<style>a > b { } <div><div></style><div></div>')).toBe(1);
  });

  it('survives stray angle brackets and unterminated tags', () => {
    expect(nestingDepth('a < b and <div class="x" <div>c</div>')).toBeLessThanOrEqual(2);
    expect(nestingDepth('<'.repeat(100_000))).toBe(0);
  });
});

describe('limitNesting', () => {
  it('returns shallow pages untouched', () => {
    const html = '<html><body>' + nested(10) + '</body></html>';
    expect(limitNesting(html)).toEqual({ html, depth: 12, flattened: false });
  });

  it('drops the tags beyond the limit and keeps every word', () => {
    const html = '<p>before</p>' + nested(5, 'a <b>bold</b> word') + '<p>after</p>';
    const { html: out, flattened } = limitNesting(html, 3);
    expect(flattened).toBe(true);
    expect(nestingDepth(out)).toBe(3);
    expect(out).toBe(
      '<p>before</p><div><div><div>a <b>bold</b> word</div></div></div><p>after</p>'.replace(
        '<b>bold</b>',
        'bold',
      ),
    );
  });

  it('flattens the 2.2 MB page of 200,000 nested divs that froze the server, keeping its text', () => {
    const { html, flattened, depth } = limitNesting('<body>' + nested(200_000) + '<p>end</p></body>');
    expect(depth).toBe(200_001);
    expect(flattened).toBe(true);
    expect(html).toContain('deep text');
    expect(html).toContain('<p>end</p>');
    expect(nestingDepth(html)).toBe(256);
  });
});
