import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { writeZip } from '../testing/zip-writer.js';
import { OdfTextExtractor } from './odf-text.extractor.js';

let dir: string;

beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"';
const item = (text: string, extra = '', attrs = ''): string =>
  `<text:list-item${attrs}><text:p>${text}</text:p>${extra}</text:list-item>`;

describe('ODF list numbering', () => {
  it('numbers lists as their style says (levels, roman, start values) and falls back to markers when unsure', async () => {
    const path = join(dir, 'lists.odt');
    const styles =
      '<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/><text:list-level-style-number text:level="2" style:num-format="1" style:num-suffix="." text:display-levels="2"/></text:list-style>' +
      '<text:list-style style:name="L2"><text:list-level-style-number text:level="1" style:num-format="I" style:num-prefix="(" style:num-suffix=")" text:start-value="3"/></text:list-style>' +
      '<text:list-style style:name="L3"><text:list-level-style-number text:level="1" style:num-format="a" style:num-suffix=")"/></text:list-style>';
    const body =
      `<text:list text:style-name="L1">${item('Scope', `<text:list>${item('Goals')}${item('Limits')}</text:list>`)}${item('Terms')}</text:list>` +
      `<text:list text:style-name="L2">${item('Third')}${item('Jump', '', ' text:start-value="9"')}${item('Tenth')}</text:list>` +
      `<text:list text:style-name="L3" text:continue-numbering="true">${item('Continued')}</text:list>`;
    await writeZip(path, [
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', method: 'store' },
      {
        name: 'content.xml',
        data: `<office:document-content ${NS}><office:automatic-styles>${styles}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`,
      },
    ]);
    const out = await new OdfTextExtractor().extract(await extractionInput(path, dir));
    expect(out.text.split('\n\n')).toEqual([
      '1. Scope\n  1.1. Goals\n  1.2. Limits\n2. Terms',
      '(III) Third\n(IX) Jump\n(X) Tenth',
      '- Continued',
    ]);
  });
});
