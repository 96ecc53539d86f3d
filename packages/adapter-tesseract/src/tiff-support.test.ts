import { describe, expect, it } from 'vitest';
import { tiffDecodable } from './tiff-support.js';

/** A little-endian TIFF header and one IFD with the given SHORT tags (no image data: only tags are read). */
function tiffWithTags(tags: [number, number][]): Uint8Array {
  const bytes = Buffer.alloc(8 + 2 + tags.length * 12 + 4);
  bytes.write('II', 0, 'latin1');
  bytes.writeUInt16LE(42, 2);
  bytes.writeUInt32LE(8, 4);
  bytes.writeUInt16LE(tags.length, 8);
  tags.forEach(([tag, value], i) => {
    const entry = 10 + i * 12;
    bytes.writeUInt16LE(tag, entry);
    bytes.writeUInt16LE(3, entry + 2); // SHORT
    bytes.writeUInt32LE(1, entry + 4);
    bytes.writeUInt16LE(value, entry + 8);
  });
  return bytes;
}

describe('tiffDecodable', () => {
  it('accepts the strip layouts and compressions the engine reads', () => {
    for (const compression of [1, 3, 4, 5, 32773]) {
      expect(tiffDecodable(tiffWithTags([[259, compression]]))).toBe(true);
    }
  });

  it('refuses tiled pages and deflate or JPEG compression', () => {
    expect(tiffDecodable(tiffWithTags([[322, 256]]))).toBe(false);
    expect(tiffDecodable(tiffWithTags([[259, 8]]))).toBe(false);
    expect(tiffDecodable(tiffWithTags([[259, 7]]))).toBe(false);
  });

  it('leaves what it cannot walk to the engine', () => {
    expect(tiffDecodable(Buffer.from('II*\0'))).toBe(true);
    expect(tiffDecodable(Buffer.from([0x49, 0x49, 0x2b, 0, 8, 0, 0, 0]))).toBe(true);
  });
});
