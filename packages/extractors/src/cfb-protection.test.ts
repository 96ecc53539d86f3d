import { readFile } from 'node:fs/promises';
import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import { filePassMatches } from './cfb-office-crypto.js';
import { compoundProtection, readCompoundFile, screenOfficeFile } from './cfb-protection.js';

const CORPUS = new URL('../../../../shared/datasets/extraction-dev/', import.meta.url).pathname;

async function protectionOf(file: string) {
  const cfb = await readCompoundFile(CORPUS + file);
  if (!cfb) throw new Error(`${file} is not a compound file`);
  return compoundProtection(cfb);
}

describe('compoundProtection', () => {
  it.each([
    ['protected_normal_case.docx', 'ooxml', 'EncryptedPackage'],
    ['testEXCEL_protected_passtika.xlsx', 'ooxml', 'EncryptedPackage'],
    ['testEXCEL_protected_passtika.xls', 'xls', 'FILEPASS'],
    ['password.xls', 'xls', 'FILEPASS'],
    ['testPPT_protected_passtika.ppt', 'ppt', 'CryptSession'],
  ])('finds %s password-protected', async (file, format, method) => {
    expect(await protectionOf(file)).toEqual({ kind: 'password', format, method });
  });

  it.each(['testWORD.doc', 'testWORD6.doc', 'testEXCEL-formats.xls', 'testPPT_masterText.ppt'])(
    'finds %s unprotected',
    async (file) => {
      expect(await protectionOf(file)).toEqual({ kind: 'none' });
    },
  );

  it('flags a rights-managed Word file (DRM streams under \\x06DataSpaces)', () => {
    const cfb = CFB.utils.cfb_new();
    CFB.utils.cfb_add(cfb, '/WordDocument', Buffer.alloc(64));
    CFB.utils.cfb_add(cfb, '/\u0006DataSpaces/DataSpaceMap', Buffer.alloc(8));
    CFB.utils.cfb_add(cfb, '/\u0009DRMContent', Buffer.alloc(8));
    expect(compoundProtection(cfb)).toEqual({ kind: 'rights-managed', format: 'doc' });
  });

  it('flags a Word file whose FIB says fEncrypted', () => {
    const fib = Buffer.alloc(64);
    fib.writeUInt16LE(0xa5ec, 0);
    fib.writeUInt16LE(0x0100, 0x0a);
    const cfb = CFB.utils.cfb_new();
    CFB.utils.cfb_add(cfb, '/WordDocument', fib);
    expect(compoundProtection(cfb)).toMatchObject({ kind: 'password', method: 'FIB fEncrypted' });
  });
});

describe('screenOfficeFile', () => {
  it('refuses a protected file with DOCUMENT_ENCRYPTED before any reader runs', async () => {
    const err = await screenOfficeFile(CORPUS + 'protected_normal_case.docx', 'docx', 'p.docx').catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'DOCUMENT_ENCRYPTED', details: { format: 'ooxml' } });
  });

  it('passes zips through and reads a legacy file under an OOXML name as its legacy format', async () => {
    expect(await screenOfficeFile(CORPUS + 'testWORD.docx', 'docx', 'w.docx')).toBe('docx');
    expect(await screenOfficeFile(CORPUS + 'testWORD.doc', 'docx', 'w.docx')).toBe('doc');
  });
});

describe('filePassMatches', () => {
  it("verifies an RC4-encrypted workbook's password without decrypting it", async () => {
    const cfb = CFB.read(await readFile(CORPUS + 'testEXCEL_protected_passtika.xls'), { type: 'buffer' });
    const workbook = Buffer.from(CFB.find(cfb, 'Workbook')!.content as Uint8Array);
    // BOF comes first; FILEPASS (0x2F) follows it in the globals substream.
    let at = 0;
    while (workbook.readUInt16LE(at) !== 0x2f) at += 4 + workbook.readUInt16LE(at + 2);
    const record = workbook.subarray(at + 4, at + 4 + workbook.readUInt16LE(at + 2));
    expect(filePassMatches(record, 'tika')).toBe(true);
    expect(filePassMatches(record, 'VelvetSweatshop')).toBe(false);
  });
});
