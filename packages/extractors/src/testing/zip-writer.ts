import { writeFile } from 'node:fs/promises';
import { createDeflateRaw, crc32 } from 'node:zlib';

/** One member of a hand-built zip (tests only: names and attributes no well-behaved writer would produce). */
export interface ZipEntrySpec {
  name: string;
  data?: string | Uint8Array;
  /** Content is this many zero bytes, deflated as a stream (a bomb without holding it in memory). */
  zeroBytes?: number;
  method?: 'store' | 'deflate';
  /** Unix mode (e.g. 0o120777 for a symlink); sets "made by Unix" and the external attributes. */
  unixMode?: number;
  /** Uncompressed size written in the headers, when it should lie. */
  declaredSize?: number;
  /** Sets the "encrypted" flag (the data is not actually encrypted). */
  encrypted?: boolean;
}

interface Packed {
  name: Buffer;
  method: number;
  crc: number;
  data: Buffer;
  size: number;
  spec: ZipEntrySpec;
}

async function deflate(chunks: Iterable<Uint8Array>): Promise<Buffer> {
  const out: Buffer[] = [];
  const z = createDeflateRaw({ level: 9 });
  z.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    z.on('end', resolve);
    z.on('error', reject);
  });
  for (const chunk of chunks) {
    if (!z.write(chunk)) await new Promise((r) => z.once('drain', r));
  }
  z.end();
  await done;
  return Buffer.concat(out);
}

function* zeroChunks(total: number): Generator<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024);
  for (let left = total; left > 0; left -= chunk.length)
    yield left >= chunk.length ? chunk : chunk.subarray(0, left);
}

async function pack(spec: ZipEntrySpec): Promise<Packed> {
  const name = Buffer.from(spec.name, 'utf8');
  if (spec.zeroBytes !== undefined) {
    let crc = 0;
    for (const c of zeroChunks(spec.zeroBytes)) crc = crc32(c, crc);
    return {
      name,
      method: 8,
      crc,
      data: await deflate(zeroChunks(spec.zeroBytes)),
      size: spec.zeroBytes,
      spec,
    };
  }
  const raw = Buffer.from(spec.data ?? '');
  const method = spec.method === 'store' ? 0 : 8;
  return {
    name,
    method,
    crc: crc32(raw),
    data: method === 0 ? raw : await deflate([raw]),
    size: raw.length,
    spec,
  };
}

/** Writes a zip archive (UTF-8 names, DOS time 2025-01-01) with the given members, as specified, unchecked. */
export async function writeZip(path: string, entries: ZipEntrySpec[]): Promise<void> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of await Promise.all(entries.map(pack))) {
    const size = p.spec.declaredSize ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    const flags = 0x800 | (p.spec.encrypted ? 1 : 0);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(p.method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5a21, 12);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(p.name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(p.spec.unixMode !== undefined ? 0x0314 : 0x0014, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(p.method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x5a21, 14);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(p.name.length, 28);
    central.writeUInt32LE(p.spec.unixMode !== undefined ? (p.spec.unixMode << 16) >>> 0 : 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, p.name, p.data);
    centrals.push(central, p.name);
    offset += local.length + p.name.length + p.data.length;
  }
  const cdSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(path, Buffer.concat([...locals, ...centrals, end]));
}
