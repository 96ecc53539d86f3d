/** Upper bound on pages followed; a loop in a damaged IFD chain must not spin forever. */
const MAX_PAGES = 10_000;

/**
 * The offsets of a TIFF's pages (image file directories), found by walking the IFD chain. Returns just the
 * first for BigTIFF and for anything it cannot follow: the first page is readable wherever the file is.
 */
export function tiffPageOffsets(bytes: Uint8Array): number[] {
  if (bytes.length < 8) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const order = String.fromCharCode(bytes[0]!, bytes[1]!);
  if (order !== 'II' && order !== 'MM') return [];
  const little = order === 'II';
  if (view.getUint16(2, little) !== 42) return []; // 43 is BigTIFF, with 64-bit offsets
  const offsets: number[] = [];
  let offset = view.getUint32(4, little);
  while (
    offset !== 0 &&
    offset + 2 <= bytes.length &&
    !offsets.includes(offset) &&
    offsets.length < MAX_PAGES
  ) {
    offsets.push(offset);
    const next = offset + 2 + view.getUint16(offset, little) * 12;
    if (next + 4 > bytes.length) break;
    offset = view.getUint32(next, little);
  }
  return offsets;
}

/** How many pages a TIFF has (at least 1). */
export function countTiffPages(bytes: Uint8Array): number {
  return Math.max(1, tiffPageOffsets(bytes).length);
}

/**
 * A copy of the TIFF whose header points at page `index` (0-based) instead of the first. Every offset in a
 * TIFF counts from the start of the file, so the rest stays valid, and any decoder then reads that page as
 * the image. (ffmpeg's `-page` only works when pages carry PageNumber tags, which many files lack.)
 */
export function selectTiffPage(bytes: Uint8Array, index: number): Buffer {
  const offset = tiffPageOffsets(bytes)[index];
  if (offset === undefined) throw new RangeError(`TIFF has no page ${index + 1}`);
  const copy = Buffer.from(bytes);
  const little = copy[0] === 0x49;
  if (little) copy.writeUInt32LE(offset, 4);
  else copy.writeUInt32BE(offset, 4);
  return copy;
}
