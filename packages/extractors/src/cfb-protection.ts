import { open, readFile } from 'node:fs/promises';
import { AppError } from '@sift/core';
import CFB from 'cfb';
import { EXCEL_DEFAULT_PASSWORD, filePassMatches } from './cfb-office-crypto.js';

/** What protects a compound file, as far as its streams tell without a password. */
export type CompoundProtection =
  | { kind: 'none' }
  /** Encrypted, but with Excel's built-in default password: readers open it without asking. */
  | { kind: 'default-password'; format: string }
  | { kind: 'password'; format: string; method: string }
  | { kind: 'rights-managed'; format: string };

/** The office formats a compound file holds, told by their main stream. */
export type CompoundFormat = 'doc' | 'xls' | 'ppt' | 'ooxml' | 'msg' | 'unknown';

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Word's FIB flag fEncrypted (MS-DOC 2.5.2, FibBase bit 8 of the flags at offset 0x0A). */
const FIB_ENCRYPTED = 0x0100;
/** BIFF record types: BOF, EOF and FILEPASS (MS-XLS 2.4.21, 2.4.103, 2.4.117). */
const BIFF_BOF = 0x0809;
const BIFF_EOF = 0x000a;
const BIFF_FILEPASS = 0x002f;
/** CurrentUserAtom.headerToken of an encrypted presentation (MS-PPT 2.3.2). */
const PPT_ENCRYPTED_TOKEN = 0xf3d1c4df;

/** Whether a buffer starts with the OLE2 compound-file signature. */
export function isCompoundFile(head: Uint8Array): boolean {
  return head.length >= 8 && OLE2_MAGIC.equals(head.subarray(0, 8));
}

function stream(cfb: CFB.CFB$Container, name: string): Buffer | null {
  const entry = CFB.find(cfb, name);
  if (!entry?.content || entry.content.length === 0) return null;
  return Buffer.from(entry.content as Uint8Array);
}

/** The data of the FILEPASS record in the workbook globals (before their EOF), or null when there is none. */
function filePass(workbook: Buffer): Buffer | null {
  if (workbook.length < 4 || workbook.readUInt16LE(0) !== BIFF_BOF) return null;
  for (let at = 0; at + 4 <= workbook.length;) {
    const type = workbook.readUInt16LE(at);
    const size = workbook.readUInt16LE(at + 2);
    if (type === BIFF_FILEPASS) return workbook.subarray(at + 4, at + 4 + size);
    if (type === BIFF_EOF) return null;
    at += 4 + size;
  }
  return null;
}

/** Which office format the container holds. */
export function compoundFormat(cfb: CFB.CFB$Container): CompoundFormat {
  const has = (name: string): boolean => CFB.find(cfb, name) !== null;
  if (has('EncryptedPackage')) return 'ooxml';
  if (has('WordDocument')) return 'doc';
  if (has('Workbook') || has('Book')) return 'xls';
  if (has('PowerPoint Document')) return 'ppt';
  if (has('__properties_version1.0')) return 'msg';
  return 'unknown';
}

/**
 * Reads a compound file's streams to tell whether it is protected: an OOXML package encrypted into an
 * `EncryptedPackage` stream (password or, with DRM transforms in `\x06DataSpaces`, rights management), a
 * Word document with fEncrypted, a workbook with a FILEPASS record (checked against Excel's default password,
 * which every reader opens silently), or a presentation whose current-user atom says it is encrypted.
 */
export function compoundProtection(cfb: CFB.CFB$Container): CompoundProtection {
  const names = cfb.FullPaths.map((p) => p.toLowerCase());
  const drm = names.some((n) => /drm(content|encrypted|transform)/u.test(n));
  const format = compoundFormat(cfb);
  if (drm && (format === 'ooxml' || names.some((n) => n.includes('\u0006dataspaces')))) {
    return { kind: 'rights-managed', format };
  }
  if (format === 'ooxml') return { kind: 'password', format, method: 'EncryptedPackage' };
  if (format === 'doc') {
    const fib = stream(cfb, 'WordDocument');
    if (fib && fib.length >= 12 && (fib.readUInt16LE(0x0a) & FIB_ENCRYPTED) !== 0) {
      return { kind: 'password', format, method: 'FIB fEncrypted' };
    }
  } else if (format === 'xls') {
    const record = filePass(stream(cfb, 'Workbook') ?? stream(cfb, 'Book') ?? Buffer.alloc(0));
    if (record) {
      return filePassMatches(record, EXCEL_DEFAULT_PASSWORD)
        ? { kind: 'default-password', format }
        : { kind: 'password', format, method: 'FILEPASS' };
    }
  } else if (format === 'ppt') {
    const user = stream(cfb, 'Current User');
    const encrypted =
      (user !== null && user.length >= 16 && user.readUInt32LE(12) === PPT_ENCRYPTED_TOKEN) ||
      CFB.find(cfb, 'EncryptedSummary') !== null;
    if (encrypted) return { kind: 'password', format, method: 'CryptSession' };
  }
  return { kind: 'none' };
}

/** Parses the compound file at `path`; null when it is not one or is too damaged to list its streams. */
export async function readCompoundFile(path: string): Promise<CFB.CFB$Container | null> {
  // Most office files are zips: only the signature is read before deciding to load the whole file.
  const handle = await open(path, 'r');
  const head = new Uint8Array(8);
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  if (!isCompoundFile(head)) return null;
  const bytes = await readFile(path);
  try {
    return CFB.read(bytes, { type: 'buffer' });
  } catch {
    return null;
  }
}

/** The error for a protected file; rights-managed files say so, since no password opens them. */
export function protectionError(protection: CompoundProtection, filename: string): AppError | null {
  if (protection.kind === 'password') {
    return new AppError('DOCUMENT_ENCRYPTED', 'user', 'The document is password-protected', {
      details: { filename, format: protection.format, method: protection.method },
      retryable: false,
    });
  }
  if (protection.kind === 'rights-managed') {
    return new AppError(
      'DOCUMENT_ENCRYPTED',
      'user',
      'The document is rights-managed (IRM/DRM): its content is encrypted for its licensed readers only',
      { details: { filename, format: protection.format, rightsManaged: true }, retryable: false },
    );
  }
  return null;
}

/** Extensions whose files may be compound files: the legacy formats, and OOXML names on encrypted packages. */
const SCREENED = new Set(['doc', 'xls', 'ppt', 'docx', 'xlsx', 'pptx']);

/**
 * Screens an office file before it is dispatched: a compound file that is password-protected or
 * rights-managed throws DOCUMENT_ENCRYPTED (so no converter is started on it, and no "Permission to view this
 * document is restricted" placeholder is indexed); an unprotected compound file under an OOXML name (a .doc
 * saved as .docx) gives the legacy extension that reads it. Anything else comes back as `extension`.
 */
export async function screenOfficeFile(path: string, extension: string, filename: string): Promise<string> {
  if (!SCREENED.has(extension)) return extension;
  const cfb = await readCompoundFile(path);
  if (!cfb) return extension;
  const error = protectionError(compoundProtection(cfb), filename);
  if (error) throw error;
  const format = compoundFormat(cfb);
  return format === 'doc' || format === 'xls' || format === 'ppt' ? format : extension;
}
