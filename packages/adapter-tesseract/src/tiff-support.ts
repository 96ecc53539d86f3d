/** TIFF compressions the engine's Leptonica decodes: none, CCITT RLE/G3/G4, LZW and PackBits. */
const DECODABLE_COMPRESSIONS = new Set([1, 2, 3, 4, 5, 32773]);
const TAG_COMPRESSION = 259;
const TAG_TILE_WIDTH = 322;

/**
 * Whether the engine can decode the first page of a TIFF. Tesseract's reader fails silently on tiled TIFFs
 * ("cannot be read" on stderr, then an empty page that looks like a picture without text) and rejects
 * deflate or JPEG compression; such files are refused up front so the caller converts them first. Anything
 * this cannot walk (BigTIFF, a truncated header) is left to the engine.
 */
export function tiffDecodable(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return true;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  if (view.getUint16(2, little) !== 42) return true;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > bytes.length) return true;
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > bytes.length) break;
    const tag = view.getUint16(entry, little);
    if (tag === TAG_TILE_WIDTH) return false;
    if (tag === TAG_COMPRESSION) {
      // A SHORT value sits in the first two bytes of the value field.
      const compression = view.getUint16(entry + 8, little);
      if (!DECODABLE_COMPRESSIONS.has(compression)) return false;
    }
  }
  return true;
}
