import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { attachmentName, EmlExtractor } from './eml.extractor.js';

let root: string;
beforeEach(async () => {
  root = await makeTempDir();
});
afterEach(async () => {
  await removeTempDir(root);
});

async function extract(message: string) {
  const path = join(root, 'message.eml');
  await writeFile(path, message.replace(/\n/gu, '\r\n'));
  const input = await extractionInput(path, root);
  return { input, out: await new EmlExtractor().extract(input) };
}

const CORPUS = new URL('../../../../../shared/datasets/extraction-dev/', import.meta.url).pathname;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

const ALTERNATIVE = `From: Ada Lovelace <ada@example.com>
To: Bob <bob@example.com>, carol@example.com
Cc: Dan <dan@example.com>
Subject: =?UTF-8?Q?Quarterly_r=C3=A9sum=C3=A9?=
Date: Thu, 02 Jan 2025 10:30:00 +0100
Message-ID: <abc123@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Hello Bob,

The r=C3=A9sum=C3=A9 is attached.
See you soon.

--inner
Content-Type: text/html; charset=utf-8

<html><body><p>Hello <b>Bob</b>,</p><p>HTML version</p></body></html>
--inner--

--outer
Content-Type: text/plain; charset=utf-8; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"
Content-Transfer-Encoding: base64

${b64('Attached notes\nline two\n')}
--outer--
`;

describe('EmlExtractor', () => {
  it('heads the text with the subject and headers, keeps both alternatives when they differ, and writes attachments as embedded files', async () => {
    const { input, out } = await extract(ALTERNATIVE);
    expect(expectConsistentOffsets(out)).toEqual([
      'Quarterly résumé',
      'From: Ada Lovelace <ada@example.com>\nTo: Bob <bob@example.com>, carol@example.com\nCc: Dan <dan@example.com>\nDate: 2025-01-02T09:30:00.000Z',
      'Hello Bob,',
      'The résumé is attached.\nSee you soon.',
      'Hello Bob,',
      'HTML version',
    ]);
    expect(out.blocks[0]).toMatchObject({ kind: 'heading', level: 1 });
    expect(out.metadata).toMatchObject({
      title: 'Quarterly résumé',
      author: 'Ada Lovelace <ada@example.com>',
      createdAt: '2025-01-02T09:30:00.000Z',
      messageId: '<abc123@example.com>',
      attachmentCount: 1,
    });
    expect(out.embedded).toHaveLength(1);
    const [file] = out.embedded;
    expect(file).toMatchObject({ name: 'notes.txt', size: 24, contentType: 'text/plain' });
    expect(file!.path.startsWith(input.workDir + '/')).toBe(true);
    expect(await readFile(file!.path, 'utf8')).toBe('Attached notes\nline two\n');
  });

  it('renders an HTML-only body, drops path parts from attachment names and leaves out inline images', async () => {
    const { out } = await extract(`From: shop@example.com
Subject: Your order
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="m"

--m
Content-Type: multipart/related; boundary="r"

--r
Content-Type: text/html; charset=utf-8

<div><h2>Order 42</h2><ul><li>Tea</li><li>Milk</li></ul><img src="cid:logo@x"><script>track()</script></div>
--r
Content-Type: image/png
Content-ID: <logo@x>
Content-Disposition: inline
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--r--

--m
Content-Type: application/pdf
Content-Disposition: attachment; filename="../../etc/invoice.pdf"
Content-Transfer-Encoding: base64

${b64('%PDF-1.4 fake')}
--m
Content-Type: application/pdf
Content-Disposition: attachment; filename="invoice.pdf"
Content-Transfer-Encoding: base64

${b64('%PDF-1.4 second')}
--m
Content-Type: text/csv
Content-Disposition: attachment
Content-Transfer-Encoding: base64

${b64('a,b\n')}
--m--
`);
    expect(expectConsistentOffsets(out)).toEqual([
      'Your order',
      'From: shop@example.com',
      'Order 42',
      '- Tea\n- Milk',
    ]);
    expect(out.blocks[2]).toMatchObject({ kind: 'heading', level: 2 });
    expect(out.embedded.map((f) => f.name)).toEqual(['invoice.pdf', 'invoice (2).pdf', 'attachment-3.csv']);
    expect(out.warnings).toEqual(['Left out 1 inline part(s) referenced from the HTML body']);
  });

  it('keeps one body when the plain and HTML alternatives say the same', async () => {
    const { out } = await extract(`From: a@example.com
Subject: Same
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8

Meeting moved to Tuesday.
Bring the slides.

--alt
Content-Type: text/html; charset=utf-8

<p>Meeting moved to <b>Tuesday</b>.</p><p>Bring the slides.</p>
--alt--
`);
    expect(expectConsistentOffsets(out).slice(2)).toEqual(['Meeting moved to Tuesday.', 'Bring the slides.']);
  });

  it('embeds a forwarded mail and an unnamed PDF inlined in multipart/mixed, but not web-page resources or empty parts', async () => {
    const { out } = await extract(`From: a@example.com
Subject: Fwd
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="m"

--m
Content-Type: text/plain; charset=utf-8

See below.
--m
Content-Type: application/pdf
Content-Transfer-Encoding: base64

${b64('%PDF-1.4 inline')}
--m
Content-Type: message/rfc822

From: b@example.com
Subject: Original

Original body.
--m
Content-Type: text/css
Content-Location: http://example.com/site.css

body { color: red }
--m
Content-Type: application/pdf
Content-Disposition: attachment; filename="empty.pdf"
Content-Transfer-Encoding: base64

--m--
`);
    expect(out.embedded.map((f) => [f.name, f.contentType])).toEqual([
      ['attachment-1.pdf', 'application/pdf'],
      ['attachment-2.eml', 'message/rfc822'],
    ]);
    expect(await readFile(out.embedded[1]!.path, 'utf8')).toContain('Original body.');
    expect(out.warnings).toEqual([
      'Left out 1 inline part(s) referenced from the HTML body',
      'Left out the empty attachment empty.pdf',
    ]);
  });

  it('reads the HTML parts inlined around an attachment beside the plain alternative (real Apple Mail message)', async () => {
    const input = await extractionInput(join(CORPUS, 'testRFC822-mixed-with-pdf-inline.eml'), root);
    const out = await new EmlExtractor().extract(input);
    for (const phrase of ['body 1', 'body 2', 'body 3']) expect(out.text).toContain(phrase);
    expect(out.text.match(/body 1/gu)).toHaveLength(1);
  });

  it('names attachments safely', () => {
    const taken = new Set<string>();
    expect(attachmentName({ filename: 'C:\\Users\\x\\report.docx', contentType: 'x' }, 1, taken)).toBe(
      'report.docx',
    );
    expect(attachmentName({ filename: 'REPORT.docx', contentType: 'x' }, 2, taken)).toBe('REPORT (2).docx');
    expect(attachmentName({ filename: '..', contentType: 'application/zip' }, 3, taken)).toBe(
      'attachment-3.zip',
    );
    expect(attachmentName({ filename: 'a\u0000b?.txt', contentType: 'text/plain' }, 4, taken)).toBe(
      'a_b_.txt',
    );
    expect(attachmentName({ contentType: 'application/x-unknown' }, 5, taken)).toBe('attachment-5.bin');
  });
});
