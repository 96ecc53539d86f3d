import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppError } from '@sift/core';
import { Document, Packer, Paragraph } from 'docx';
import iconv from 'iconv-lite';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileContentDetector } from './content-detector.js';
import { categoryForExtension } from './supported-types.js';
import { makeTempDir, removeTempDir } from './testing/extraction-input.js';
import { writeRar } from './testing/rar-writer.js';
import { writeTar } from './testing/tar-writer.js';
import { writeZip } from './testing/zip-writer.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const ELF = Buffer.concat([Buffer.from('7f454c46020101000000000000000000', 'hex'), Buffer.alloc(64)]);
const PE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(256)]);
const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');

/** An OLE2 compound file of version 3 with an empty body: the header fields MS-CFB fixes, zeros elsewhere. */
function ole2(): Buffer {
  const file = Buffer.alloc(1536);
  OLE_MAGIC.copy(file, 0);
  file.writeUInt16LE(0x3e, 24); // minor version
  file.writeUInt16LE(3, 26); // major version
  file.writeUInt16LE(0xfffe, 28); // byte order
  file.writeUInt16LE(9, 30); // sector shift: 512-byte sectors
  file.writeUInt16LE(6, 32); // mini sector shift
  return file;
}
const OLE = ole2();

function wav(): Buffer {
  const data = Buffer.alloc(1600);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16000, 24);
  h.writeUInt32LE(32000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

let root: string;
let pdf: Uint8Array;
let docx: Buffer;
const detector = new FileContentDetector();

beforeAll(async () => {
  root = await makeTempDir();
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Hello PDF');
  pdf = await doc.save();
  docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Hello DOCX')] }] }));
});
afterAll(async () => {
  await removeTempDir(root);
});

let counter = 0;
async function detect(filename: string, bytes: Uint8Array | string, declaredType?: string) {
  const dir = join(root, String(++counter));
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  const path = join(dir, filename);
  await writeFile(path, bytes);
  return detector.detect({ path, filename, ...(declaredType ? { declaredType } : {}) });
}

async function refusal(filename: string, bytes: Uint8Array | string): Promise<AppError> {
  return (await detect(filename, bytes).then(
    () => {
      throw new Error(`expected ${filename} to be refused`);
    },
    (e: unknown) => e,
  )) as AppError;
}

describe('FileContentDetector', () => {
  it('names a WordPerfect file sent as .doc and refuses it as UNSUPPORTED_TYPE', async () => {
    const bytes = await readFile(
      new URL('../../../../shared/datasets/extraction-dev/testWordPerfect_42.doc', import.meta.url),
    );
    const err = await refusal('letter.doc', bytes);
    expect(err.code).toBe('UNSUPPORTED_TYPE');
    expect(err.message).toContain('WordPerfect 4.x');
    expect(err.details).toMatchObject({ detected: 'wordperfect-4', extension: 'doc' });
  });

  it('accepts a compound file under an OOXML name (an encrypted package), leaving the verdict to extraction', async () => {
    const bytes = await readFile(
      new URL('../../../../shared/datasets/extraction-dev/protected_normal_case.docx', import.meta.url),
    );
    expect((await detect('secret.docx', bytes)).extension).toBe('docx');
  });

  it('detects binary formats by their magic bytes', async () => {
    expect(await detect('report.pdf', pdf)).toEqual({
      contentType: 'application/pdf',
      extension: 'pdf',
      category: 'document',
    });
    expect(await detect('letter.docx', docx)).toMatchObject({ extension: 'docx', category: 'document' });
    expect(await detect('pixel.png', PNG)).toEqual({
      contentType: 'image/png',
      extension: 'png',
      category: 'image',
    });
    expect(await detect('voice.wav', wav())).toEqual({
      contentType: 'audio/wav',
      extension: 'wav',
      category: 'audio',
    });
    expect(await detect('old.doc', OLE)).toMatchObject({
      extension: 'doc',
      contentType: 'application/msword',
    });
  });

  it('detects archives, telling tar.gz from plain gz by content', async () => {
    const zip = join(root, 'a.zip');
    await writeZip(zip, [{ name: 'a.txt', data: 'x' }]);
    const { readFile } = await import('node:fs/promises');
    expect(await detect('bundle.zip', await readFile(zip))).toMatchObject({
      extension: 'zip',
      category: 'archive',
    });
    const tgz = join(root, 'a.tgz');
    await writeTar(tgz, [{ name: 'a.txt', data: 'x' }], { gzip: true });
    expect(await detect('bundle.tgz', await readFile(tgz))).toMatchObject({
      extension: 'tar.gz',
      category: 'archive',
    });
    const rar = join(root, 'a.rar');
    await writeRar(rar, [{ name: 'a.txt', data: 'x' }]);
    expect(await detect('bundle.rar', await readFile(rar))).toMatchObject({
      extension: 'rar',
      contentType: 'application/vnd.rar',
    });
  });

  it('uses the real type when the name claims another of the same category', async () => {
    expect(await detect('photo.jpg', PNG)).toMatchObject({ extension: 'png', contentType: 'image/png' });
    expect(await detect('notes.txt', pdf)).toMatchObject({ extension: 'pdf' });
    expect(await detect('letter.doc', docx)).toMatchObject({ extension: 'docx' });
    expect(await detect('letter.zip', docx)).toMatchObject({ extension: 'docx' });
  });

  it('recognises an OOXML or ODF file the magic only calls a zip by its marker entry', async () => {
    const ooxml = join(root, 'ooxml.zip');
    await writeZip(ooxml, [
      { name: 'notes.txt', data: 'first entry is not office-like' },
      { name: '[Content_Types].xml', data: '<Types/>' },
    ]);
    const { readFile } = await import('node:fs/promises');
    expect(await detect('strange.docx', await readFile(ooxml))).toMatchObject({ extension: 'docx' });
    const odt = join(root, 'odt.zip');
    await writeZip(odt, [
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', method: 'store' },
    ]);
    expect(await detect('text.odt', await readFile(odt))).toMatchObject({
      extension: 'odt',
      category: 'document',
    });
  });

  it('refuses bytes that contradict the name across categories as TYPE_MISMATCH', async () => {
    const err = await refusal('report.pdf', PNG);
    expect(err.code).toBe('TYPE_MISMATCH');
    expect(err.category).toBe('user');
    expect(err.details).toEqual({ extension: 'pdf', detected: 'png' });
    const zip = await refusal(
      'table.csv',
      await import('node:fs/promises').then((fs) => fs.readFile(join(root, 'a.zip'))),
    );
    expect(zip.details).toEqual({ extension: 'csv', detected: 'zip' });
    const text = await refusal('scan.pdf', 'just some text, not a PDF at all');
    expect(text.code).toBe('TYPE_MISMATCH');
    expect(text.details).toEqual({ extension: 'pdf', detected: 'text' });
  });

  it.each([
    ['an ELF binary named .pdf', 'report.pdf', ELF],
    ['a Windows executable named .docx', 'letter.docx', PE],
    ['a Windows executable with no extension', 'setup', PE],
  ])('always refuses %s as UNSUPPORTED_TYPE', async (_label, filename, bytes) => {
    const err = await refusal(filename, bytes);
    expect(err.code).toBe('UNSUPPORTED_TYPE');
    expect(err.retryable).toBe(false);
  });

  it('refuses unknown binary data and formats Sift does not read', async () => {
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect((await refusal('blob.bin', noise)).code).toBe('UNSUPPORTED_TYPE');
    expect((await refusal('mail.msg', OLE)).code).toBe('UNSUPPORTED_TYPE');
  });

  it('accepts OLE2 compound files named .doc, .xls or .ppt as those legacy formats', async () => {
    for (const name of ['letter.doc', 'sheet.xls', 'deck.ppt']) {
      const file = join(root, name);
      await writeFile(file, OLE);
      const type = await detector.detect({ path: file, filename: name });
      expect(type.extension).toBe(name.split('.')[1]);
    }
  });

  it('refuses an empty file as EMPTY_FILE', async () => {
    const err = await refusal('empty.txt', '');
    expect(err.code).toBe('EMPTY_FILE');
    expect(err.category).toBe('user');
  });

  it('trusts text extensions when the content is text in any charset', async () => {
    expect(await detect('a.txt', 'plain text')).toEqual({
      contentType: 'text/plain',
      extension: 'txt',
      category: 'document',
    });
    expect(await detect('a.md', '# Title')).toMatchObject({ extension: 'md' });
    expect(await detect('a.csv', 'a,b\n1,2')).toMatchObject({ extension: 'csv', contentType: 'text/csv' });
    expect(await detect('a.tsv', 'a\tb')).toMatchObject({ extension: 'tsv' });
    expect(await detect('a.json', '{"a":1}')).toMatchObject({ extension: 'json' });
    expect(await detect('a.htm', '<?xml version="1.0"?><html><body>x</body></html>')).toMatchObject({
      extension: 'html',
    });
    expect(await detect('mail.eml', 'From: a@b.c\r\nSubject: hi\r\n\r\nbody')).toMatchObject({
      extension: 'eml',
    });
    expect(await detect('doc.rtf', '{\\rtf1\\ansi hello}')).toMatchObject({ extension: 'rtf' });
    expect(
      await detect(
        'pl.txt',
        iconv.encode('Zażółć gęślą jaźń, żółw pływa w źródle. Łódź i Kraków.', 'windows-1250'),
      ),
    ).toMatchObject({ extension: 'txt' });
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode('UTF-16 text with a BOM', 'utf-16le'),
    ]);
    expect(await detect('wide.txt', utf16)).toMatchObject({ extension: 'txt' });
  });

  it('reads text with an unknown or missing extension as text, sniffing HTML and e-mail', async () => {
    expect(await detect('server.log', '2025-01-01 started\n')).toMatchObject({ extension: 'txt' });
    expect(await detect('run.sh', '#!/bin/sh\necho hello\n')).toMatchObject({ extension: 'txt' });
    expect(await detect('README', 'Read me')).toMatchObject({ extension: 'txt' });
    expect(await detect('page', '<!DOCTYPE html><html><body>x</body></html>')).toMatchObject({
      extension: 'html',
    });
    expect(await detect('message', 'From: a@b.c\nMessage-ID: <1@b.c>\nSubject: x\n\nbody')).toMatchObject({
      extension: 'eml',
    });
    expect(await detect('README', '# Title', 'text/markdown; charset=utf-8')).toMatchObject({
      extension: 'md',
    });
  });
});

describe('categoryForExtension', () => {
  it('maps supported extensions in any spelling to their category, and others to null', () => {
    expect(categoryForExtension('.PDF')).toBe('document');
    expect(categoryForExtension('jpeg')).toBe('image');
    expect(categoryForExtension('tiff')).toBe('image');
    expect(categoryForExtension('m4a')).toBe('audio');
    expect(categoryForExtension('tgz')).toBe('archive');
    expect(categoryForExtension('tar.gz')).toBe('archive');
    expect(categoryForExtension('7z')).toBe('archive');
    expect(categoryForExtension('exe')).toBeNull();
    expect(categoryForExtension('')).toBeNull();
  });
});

describe('FileContentDetector on prose that looks like a signature', () => {
  it('reads a text file as text even when its first bytes match a loose binary signature', async () => {
    // "# a free…" puts QuickTime's `free` atom at offset 4; file-type calls it a .mov.
    const dir = await makeTempDir();
    try {
      const file = join(dir, 'flight.md');
      await writeFile(file, '# a free-flight model\n\nThe wing was tested in the tunnel.\n');
      expect((await new FileContentDetector().detect({ path: file, filename: 'flight.md' })).extension).toBe(
        'md',
      );
    } finally {
      await removeTempDir(dir);
    }
  });
});
