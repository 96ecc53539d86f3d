/** One 8-bit grayscale page: `width * height` bytes, row by row. */
export interface GrayPage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

// Tag, type (3 SHORT, 4 LONG) and value of each IFD entry, in ascending tag order as TIFF requires.
function entries(page: GrayPage, stripOffset: number): [number, number, number][] {
  return [
    [256, 4, page.width], // ImageWidth
    [257, 4, page.height], // ImageLength
    [258, 3, 8], // BitsPerSample
    [259, 3, 1], // Compression: none
    [262, 3, 1], // PhotometricInterpretation: black is zero
    [273, 4, stripOffset], // StripOffsets
    [277, 3, 1], // SamplesPerPixel
    [278, 4, page.height], // RowsPerStrip: the whole page in one strip
    [279, 4, page.pixels.length], // StripByteCounts
  ];
}

/**
 * Writes an uncompressed, little-endian, multi-page grayscale TIFF (baseline TIFF 6.0), for tests of
 * multi-page handling: no Debian tool here writes one.
 */
export function writeMultiPageTiff(pages: GrayPage[]): Buffer {
  const ifdSize = (n: number) => 2 + n * 12 + 4;
  let size = 8;
  for (const page of pages) size += page.pixels.length + (page.pixels.length % 2) + ifdSize(9);
  const out = Buffer.alloc(size);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  let at = 8;
  let previousNextPointer = 4;
  for (const page of pages) {
    const stripOffset = at;
    out.set(page.pixels, at);
    at += page.pixels.length + (page.pixels.length % 2); // IFDs start on a word boundary
    out.writeUInt32LE(at, previousNextPointer);
    const list = entries(page, stripOffset);
    out.writeUInt16LE(list.length, at);
    list.forEach(([tag, type, value], i) => {
      const e = at + 2 + i * 12;
      out.writeUInt16LE(tag, e);
      out.writeUInt16LE(type, e + 2);
      out.writeUInt32LE(1, e + 4);
      if (type === 3) out.writeUInt16LE(value, e + 8);
      else out.writeUInt32LE(value, e + 8);
    });
    previousNextPointer = at + 2 + list.length * 12;
    out.writeUInt32LE(0, previousNextPointer);
    at = previousNextPointer + 4;
  }
  return out;
}
