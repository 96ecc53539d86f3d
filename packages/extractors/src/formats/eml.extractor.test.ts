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
  it('puts headers first, reads the plain-text body and writes attachments as embedded files', async () => {
    const { input, out } = await extract(ALTERNATIVE);
    expect(expectConsistentOffsets(out)).toEqual([
      'From: Ada Lovelace <ada@example.com>\nTo: Bob <bob@example.com>, carol@example.com\nCc: Dan <dan@example.com>\nSubject: Quarterly résumé\nDate: 2025-01-02T09:30:00.000Z',
      'Hello Bob,',
      'The résumé is attached.\nSee you soon.',
    ]);
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
      'From: shop@example.com\nSubject: Your order',
      'Order 42',
      '- Tea\n- Milk',
    ]);
    expect(out.blocks[1]).toMatchObject({ kind: 'heading', level: 2 });
    expect(out.embedded.map((f) => f.name)).toEqual(['invoice.pdf', 'invoice (2).pdf', 'attachment-3.csv']);
    expect(out.warnings).toEqual(['Left out 1 inline part(s) referenced from the HTML body']);
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
