import { writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/** One member of a hand-built RAR 4 archive. */
export interface RarEntrySpec {
  name: string;
  data?: string | Uint8Array;
  directory?: boolean;
  /** Unix mode written in the attributes (e.g. 0o120777 for a symlink whose data is the target). */
  unixMode?: number;
  /** Unpacked size written in the header, when it should lie. */
  declaredSize?: number;
}

const MARKER = Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00]);
const END = Buffer.from([0xc4, 0x3d, 0x7b, 0x00, 0x40, 0x07, 0x00]);

/** A RAR 4 block: the header CRC is the low 16 bits of the CRC-32 of everything after the CRC field. */
function block(body: Buffer): Buffer {
  const crc = Buffer.alloc(2);
  crc.writeUInt16LE(crc32(body) & 0xffff);
  return Buffer.concat([crc, body]);
}

/**
 * Writes a RAR 4 archive whose members are stored uncompressed (method 0x30). No RAR creator is available
 * offline, so tests build archives byte by byte; unrar reads these like any other.
 */
export async function writeRar(path: string, entries: RarEntrySpec[]): Promise<void> {
  const archiveHeader = Buffer.alloc(11);
  archiveHeader.writeUInt8(0x73, 0);
  archiveHeader.writeUInt16LE(0, 1);
  archiveHeader.writeUInt16LE(13, 3);
  const parts = [MARKER, block(archiveHeader)];
  for (const entry of entries) {
    const data = entry.directory ? Buffer.alloc(0) : Buffer.from(entry.data ?? '');
    const name = Buffer.from(entry.name, 'utf8');
    const h = Buffer.alloc(30 + name.length);
    h.writeUInt8(0x74, 0);
    // LONG_BLOCK, plus the directory "dictionary" bits for directories.
    h.writeUInt16LE(0x8000 | (entry.directory ? 0xe0 : 0), 1);
    h.writeUInt16LE(32 + name.length, 3);
    h.writeUInt32LE(data.length, 5);
    h.writeUInt32LE(entry.declaredSize ?? data.length, 9);
    h.writeUInt8(3, 13); // host OS: Unix
    h.writeUInt32LE(crc32(data), 14);
    h.writeUInt32LE(0x5a210000, 18); // DOS time 2025-01-01
    h.writeUInt8(20, 22); // unpack version 2.0
    h.writeUInt8(0x30, 23); // stored
    h.writeUInt16LE(name.length, 24);
    h.writeUInt32LE(entry.unixMode ?? (entry.directory ? 0o40755 : 0o100644), 26);
    name.copy(h, 30);
    parts.push(block(h), data);
  }
  parts.push(END);
  await writeFile(path, Buffer.concat(parts));
}
