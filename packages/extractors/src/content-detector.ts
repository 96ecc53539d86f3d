import { open } from 'node:fs/promises';
import {
  AppError,
  type ContentDetector,
  type DetectedType,
  type FileCategory,
  type SupportedFileType,
} from '@sift/core';
import { fileTypeFromFile } from 'file-type';
import { zipHasEntry } from './zip-peek.js';
import { detectBom, looksLikeText } from './text-decoding.js';
import {
  canonicalExtension,
  categoryForExtension,
  extensionForContentType,
  extensionOfFilename,
  SUPPORTED_TYPES,
  supportedFileTypes,
  typeForExtension,
} from './supported-types.js';

const SUPPORTED_FILE_TYPES: readonly SupportedFileType[] = Object.freeze(supportedFileTypes());

/** How much of a file without magic bytes is read to decide whether it is text. */
const TEXT_HEAD_BYTES = 64 * 1024;

/** Programs, never accepted whatever their name says. */
const EXECUTABLES = new Set([
  'exe',
  'elf',
  'macho',
  'class',
  'wasm',
  'dex',
  'lnk',
  'swf',
  'apk',
  'jar',
  'crx',
]);

/** Formats with no binary magic: a text file with one of these extensions is trusted to be what it says. */
const TEXT_EXTENSIONS = new Set(['txt', 'md', 'html', 'csv', 'tsv', 'json', 'eml', 'rtf']);

/** file-type results that are still text (markup without binary magic). */
const TEXTUAL_DETECTIONS = new Set(['xml', 'ics', 'vcf', 'vtt']);

/** Zip-based formats and the entry that proves a zip is one (file-type usually recognises them itself). */
const ZIP_MARKERS: Record<string, string> = {
  docx: '[Content_Types].xml',
  xlsx: '[Content_Types].xml',
  pptx: '[Content_Types].xml',
  odt: 'mimetype',
  ods: 'mimetype',
  odp: 'mimetype',
};

function unsupported(message: string, details: Record<string, unknown>): AppError {
  return new AppError('UNSUPPORTED_TYPE', 'user', message, { details, retryable: false });
}

/** A file named as a text format whose bytes are not text in any charset: it cannot be read as what it says. */
function notText(extension: string, filename: string): AppError {
  return new AppError(
    'DOCUMENT_UNREADABLE',
    'user',
    `The file is named .${extension} but its bytes are not text in any known encoding`,
    { details: { extension, filename }, retryable: false },
  );
}

/**
 * Whether the head of an OLE2 compound file is a valid header (MS-CFB 2.2): after the magic come major version
 * 3 or 4, byte order FFFE, a sector shift of 9 (version 3) or 12 (version 4) and a mini sector shift of 6, all
 * fixed by the specification. Random bytes behind the magic (a damaged file) fail it, where LibreOffice would
 * otherwise read them as UTF-16 text and return pages of random CJK characters.
 */
function isCompoundFileHeader(head: Uint8Array): boolean {
  if (head.length < 512) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const major = view.getUint16(26, true);
  const sectorShift = view.getUint16(30, true);
  return (
    (major === 3 || major === 4) &&
    view.getUint16(28, true) === 0xfffe &&
    sectorShift === (major === 3 ? 9 : 12) &&
    view.getUint16(32, true) === 6
  );
}

function mismatch(extension: string, detected: string): AppError {
  return new AppError(
    'TYPE_MISMATCH',
    'user',
    `The file is named .${extension} but its content is ${detected}`,
    { details: { extension, detected }, retryable: false },
  );
}

async function readHead(path: string, bytes: number): Promise<{ head: Uint8Array; size: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = new Uint8Array(Math.min(size, bytes));
    await handle.read(head, 0, head.length, 0);
    return { head, size };
  } finally {
    await handle.close();
  }
}

/** Whether a WordPerfect 4.x function code (0xC0–0xFE) opening at `at` closes with the same byte soon after. */
function wordPerfectCodeAt(head: Uint8Array, at: number): number | null {
  const code = head[at];
  if (code === undefined || code < 0xc0 || code > 0xfe) return null;
  for (let i = at + 2; i < Math.min(head.length, at + 40); i++) if (head[i] === code) return i + 1;
  return null;
}

/**
 * Names binary formats file-type does not know but that users do send under office names: WordPerfect 5+
 * (`\xFFWPC`) and WordPerfect 4.x, which has no signature but starts with fixed-length function codes that
 * repeat their code byte at both ends (two in a row are required).
 */
function describeBinary(head: Uint8Array): { id: string; name: string } | null {
  if (head[0] === 0xff && head[1] === 0x57 && head[2] === 0x50 && head[3] === 0x43) {
    return { id: 'wordperfect', name: 'a WordPerfect document' };
  }
  const next = wordPerfectCodeAt(head, 0);
  if (next !== null && wordPerfectCodeAt(head, next) !== null) {
    return { id: 'wordperfect-4', name: 'a WordPerfect 4.x document' };
  }
  return null;
}

/** A cheap guess at what an extension-less text is, so a pasted web page or e-mail is read as such. */
function sniffTextKind(head: Uint8Array): string {
  const start = new TextDecoder('latin1').decode(head.subarray(0, 1024)).trimStart();
  if (/^(<!doctype html|<html[\s>])/iu.test(start)) return 'html';
  if (/^(?:[A-Za-z-]+:[^\n]*\r?\n)+/u.test(start) && /^(mime-version|message-id|received):/imu.test(start)) {
    return 'eml';
  }
  return 'txt';
}

/**
 * ContentDetector over file-type's magic numbers. The extension the name claims (or, without one, the declared
 * MIME type) is checked against the bytes: the same category means the bytes win (a PNG named .jpg is a PNG);
 * text formats without magic are trusted when the bytes are text, and are DOCUMENT_UNREADABLE when they are not;
 * zip-based office formats are recognised by their marker entry, legacy Office files by a valid compound-file
 * header (else DOCUMENT_CORRUPT); anything else contradicting the name is TYPE_MISMATCH, programs and unknown
 * binaries are UNSUPPORTED_TYPE.
 */
export class FileContentDetector implements ContentDetector {
  categoryForFilename(filename: string): FileCategory | null {
    const ext = extensionOfFilename(filename);
    return ext === '' ? null : categoryForExtension(ext);
  }

  supportedTypes(): readonly SupportedFileType[] {
    return SUPPORTED_FILE_TYPES;
  }

  async detect(input: { path: string; filename: string; declaredType?: string }): Promise<DetectedType> {
    const { head, size } = await readHead(input.path, TEXT_HEAD_BYTES);
    if (size === 0) {
      throw new AppError('EMPTY_FILE', 'user', 'The file is empty', {
        details: { filename: input.filename },
        retryable: false,
      });
    }
    const claimed = this.claimedExtension(input.filename, input.declaredType);
    const magic = await fileTypeFromFile(input.path);

    // A byte-order mark means text: FF FE (UTF-16LE) would otherwise pass for an MPEG audio frame. And a file
    // named as text whose bytes are text is text: loose signatures match prose ("# a free…" has QuickTime's
    // `free` atom at offset 4), while real binaries carry NULs and control bytes that text never has.
    const textual = TEXT_EXTENSIONS.has(claimed) && looksLikeText(head, size > head.length);
    if (!magic || textual || TEXTUAL_DETECTIONS.has(magic.ext) || detectBom(head)) {
      return this.fromText(head, size > head.length, claimed, input.filename);
    }
    if (EXECUTABLES.has(magic.ext)) {
      throw unsupported('Executable programs are not accepted', {
        detected: magic.ext,
        filename: input.filename,
      });
    }
    return this.fromMagic(input.path, head, canonicalExtension(magic.ext), claimed, input.filename);
  }

  /** The supported extension the name (or else the declared type) claims, '' for none, or the raw unknown one. */
  private claimedExtension(filename: string, declaredType?: string): string {
    const fromName = extensionOfFilename(filename);
    if (fromName && SUPPORTED_TYPES[canonicalExtension(fromName)]) return canonicalExtension(fromName);
    const fromDeclared = declaredType ? extensionForContentType(declaredType) : null;
    return fromDeclared ?? canonicalExtension(fromName);
  }

  private fromText(head: Uint8Array, truncated: boolean, claimed: string, filename: string): DetectedType {
    if (!looksLikeText(head, truncated)) {
      if (TEXT_EXTENSIONS.has(claimed)) throw notText(claimed, filename);
      const detected = describeBinary(head);
      if (detected) {
        throw unsupported(`The file is named .${claimed} but is ${detected.name}, which Sift does not read`, {
          detected: detected.id,
          extension: claimed,
          filename,
        });
      }
      throw unsupported('The file is binary data of an unknown format', { extension: claimed, filename });
    }
    if (TEXT_EXTENSIONS.has(claimed)) return typeForExtension(claimed)!;
    // A supported binary format (pdf, png, zip …) must carry its magic bytes; text under that name is not it.
    if (SUPPORTED_TYPES[claimed]) throw mismatch(claimed, 'text');
    // Unknown or no extension (README, notes.log, script.sh): text is readable as such.
    return typeForExtension(claimed === '' ? sniffTextKind(head) : 'txt')!;
  }

  private async fromMagic(
    path: string,
    head: Uint8Array,
    detected: string,
    claimed: string,
    filename: string,
  ): Promise<DetectedType> {
    // A zip the detector did not recognise may still be an office file; its marker entry decides.
    const marker = ZIP_MARKERS[claimed];
    if (detected === 'zip' && marker && (await zipHasEntry(path, marker))) return typeForExtension(claimed)!;
    // OLE2 compound files hold .doc, .xls, .ppt, .msg … alike; only the name tells (LibreOffice reads the three).
    if (detected === 'cfb') {
      // OOXML names on a compound file: an encrypted package (refused as DOCUMENT_ENCRYPTED when extracted)
      // or a legacy file saved under the new extension (read as the legacy format it is).
      const ooxml = claimed === 'docx' || claimed === 'xlsx' || claimed === 'pptx';
      if (claimed === 'doc' || claimed === 'xls' || claimed === 'ppt' || ooxml) {
        if (isCompoundFileHeader(head)) return typeForExtension(claimed)!;
        throw new AppError(
          'DOCUMENT_CORRUPT',
          'user',
          `The .${claimed} file is damaged: its compound-file header is invalid`,
          { details: { extension: claimed, filename }, retryable: false },
        );
      }
      throw unsupported('Of the legacy Office formats, Sift reads .doc, .xls and .ppt', {
        detected,
        extension: claimed,
      });
    }
    // ISO-BMFF audio is often branded as generic MP4.
    if (detected === 'mp4' && claimed === 'm4a') return typeForExtension('m4a')!;
    const real = typeForExtension(detected);
    if (!real) {
      throw unsupported(`Files of type ${detected} are not supported`, {
        detected,
        extension: claimed,
        filename,
      });
    }
    const claimedType = typeForExtension(claimed);
    // Office and OpenDocument files are zips, so calling one .zip is not a contradiction; the bytes say more.
    const zipBased = claimed === 'zip' && ZIP_MARKERS[detected] !== undefined;
    if (claimedType && claimedType.category !== real.category && !zipBased) throw mismatch(claimed, detected);
    return real;
  }
}
