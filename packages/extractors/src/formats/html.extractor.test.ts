import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { declaredCharset, HtmlExtractor } from './html.extractor.js';

let root: string;
beforeEach(async () => {
  root = await makeTempDir();
});
afterEach(async () => {
  await removeTempDir(root);
});

async function extract(html: string | Uint8Array) {
  const path = join(root, 'page.html');
  await writeFile(path, html);
  return new HtmlExtractor().extract(await extractionInput(path, root));
}

const PARA1 =
  'Herons are long-legged freshwater and coastal birds. They hunt fish, frogs and insects in shallow water, standing still for long stretches before striking.';
const PARA2 =
  'Storks are large wading birds with long stout bills. Many species migrate over thousands of kilometres, soaring on thermals rather than flapping.';

const PAGE = `<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Wading birds</title>
  <meta name="author" content="Ada Lovelace">
  <meta name="description" content="A short guide to wading birds">
  <meta name="keywords" content="birds, herons ,storks">
  <style>body { color: red }</style>
  <script>window.secret = "tracking code";</script>
</head>
<body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul></nav>
  <article>
    <h1>Wading birds</h1>
    <p>${PARA1}</p>
    <h2>Storks</h2>
    <p>${PARA2}<br>Second line of the same paragraph.</p>
    <ul><li>White stork<ul><li>Europe</li></ul></li><li>Black stork</li></ul>
    <table>
      <thead><tr><th>Bird</th><th>Wingspan</th></tr></thead>
      <tbody><tr><td>Heron</td><td>1.9&nbsp;m</td></tr><tr><td>Stork</td><td>2.2 m</td></tr></tbody>
    </table>
    <pre>beak  length:
  long</pre>
    <script>console.log("never in text")</script>
  </article>
  <footer>Copyright 2025 Bird Club</footer>
</body>
</html>`;

describe('HtmlExtractor', () => {
  it('takes the article as main content with headings, lists, tables and code, never scripts', async () => {
    const out = await extract(PAGE);
    expect(expectConsistentOffsets(out)).toEqual([
      'Wading birds',
      PARA1,
      'Storks',
      `${PARA2}\nSecond line of the same paragraph.`,
      '- White stork\n  - Europe\n- Black stork',
      'Bird\tWingspan\nHeron\t1.9 m\nStork\t2.2 m',
      'beak  length:\n  long',
    ]);
    expect(out.blocks.map((b) => b.kind)).toEqual([
      'heading',
      'paragraph',
      'heading',
      'paragraph',
      'list',
      'table',
      'code',
    ]);
    expect(out.blocks[0]!.level).toBe(1);
    expect(out.blocks[2]!.level).toBe(2);
    expect(out.text).not.toMatch(/tracking|never in text|color: red|About us|Copyright/u);
    expect(out.metadata).toMatchObject({
      title: 'Wading birds',
      author: 'Ada Lovelace',
      description: 'A short guide to wading birds',
      keywords: ['birds', 'herons', 'storks'],
      language: 'en',
      mainContent: 'article',
    });
  });

  it('walks the whole body when there is no article of some length', async () => {
    const out = await extract(
      '<html><body><div>Loose <b>text</b> here<p>A paragraph</p>tail</div><h3>Small</h3><blockquote><p>Quoted</p><p>twice</p></blockquote><script>x()</script></body></html>',
    );
    expect(expectConsistentOffsets(out)).toEqual([
      'Loose text here',
      'A paragraph',
      'tail',
      'Small',
      'Quoted\ntwice',
    ]);
    expect(out.blocks.map((b) => b.kind)).toEqual([
      'paragraph',
      'paragraph',
      'paragraph',
      'heading',
      'quote',
    ]);
    expect(out.metadata.mainContent).toBe('body');
  });

  it('reads the inline document of an iframe (srcdoc) in place, and no iframe that only points elsewhere', async () => {
    const out = await extract(
      '<html><body><p>Before the frame</p><iframe srcdoc="<h2>Framed</h2><p>this is the iframe &amp;amp; its content</p>"></iframe>' +
        '<iframe src="https://elsewhere.test/"></iframe><p>After the frame</p></body></html>',
    );
    expect(expectConsistentOffsets(out)).toEqual([
      'Before the frame',
      'Framed',
      'this is the iframe & its content',
      'After the frame',
    ]);
  });

  it('decodes a legacy page by its meta charset', async () => {
    const html =
      '<html><head><meta charset="windows-1250"></head><body><p>Zażółć gęślą jaźń</p></body></html>';
    const out = await extract(iconv.encode(html, 'windows-1250'));
    expect(out.text).toBe('Zażółć gęślą jaźń');
    expect(out.metadata.encoding).toBe('windows-1250');
  });

  it('finds the meta charset after a long preamble, but not in the body', async () => {
    const preamble = `<!-- ${'a long comment before the head. '.repeat(200)} -->`;
    const html = `${preamble}<html><head><title>Аренда</title>
      <meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head>
      <body><p>Аренда квартиры в Москве</p></body></html>`;
    expect(preamble.length).toBeGreaterThan(4096);
    const out = await extract(iconv.encode(html, 'windows-1251'));
    expect(out.text).toContain('Аренда квартиры в Москве');
    expect(out.metadata.encoding).toBe('windows-1251');
    // A "charset" written in the body text is not a declaration.
    expect(declaredCharset(Buffer.from('<html><body><p><meta charset="koi8-r"></p></body></html>'))).toBe(
      undefined,
    );
  });
});

describe('HtmlExtractor on pathological nesting', () => {
  // Before depth was bounded, 2,000 levels took 46 s of main-thread time and 200,000 more than 15 minutes.
  it.each([2_000, 200_000])('extracts a page of %i nested divs with its text in order', async (n) => {
    const html = `<html><body><p>before</p>${'<div>'.repeat(n)}deep text${'</div>'.repeat(n)}<p>after</p></body></html>`;
    const result = await extract(html);
    expect(result.text).toBe('before\n\ndeep text\n\nafter');
    expect(result.metadata.mainContent).toBe('body');
  });
});
