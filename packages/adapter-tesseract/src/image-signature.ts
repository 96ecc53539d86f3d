/** Image formats the tesseract.js build (Leptonica) decodes. */
export type ImageFormat = 'png' | 'jpeg' | 'bmp' | 'tiff' | 'webp' | 'gif' | 'pnm';

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((b, i) => bytes[offset + i] === b);
}

/**
 * Names the image format from its magic bytes, or null for anything else. Checked before handing bytes to
 * the engine, whose only complaint about a non-image is a generic "cannot read" printed to stderr.
 */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x42, 0x4d]) && bytes.length > 26) return 'bmp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'tiff';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'webp';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (bytes[0] === 0x50 && bytes[1] !== undefined && bytes[1] >= 0x31 && bytes[1] <= 0x36) {
    // P1..P6 followed by whitespace: the netpbm family.
    if (bytes[2] === 0x0a || bytes[2] === 0x20 || bytes[2] === 0x0d || bytes[2] === 0x09) return 'pnm';
  }
  return null;
}
