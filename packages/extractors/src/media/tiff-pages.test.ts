import { describe, expect, it } from 'vitest';
import { writeMultiPageTiff } from '../testing/tiff-writer.js';
import { countTiffPages, selectTiffPage, tiffPageOffsets } from './tiff-pages.js';

const page = (value: number) => ({ width: 4, height: 2, pixels: new Uint8Array(8).fill(value) });

describe('TIFF pages', () => {
  it('follows the IFD chain of a multi-page TIFF', () => {
    const tiff = writeMultiPageTiff([page(0), page(128), page(255)]);
    expect(tiffPageOffsets(tiff)).toHaveLength(3);
    expect(countTiffPages(tiff)).toBe(3);
  });

  it('makes a copy whose header points at the chosen page and leaves the original alone', () => {
    const tiff = writeMultiPageTiff([page(0), page(128)]);
    const offsets = tiffPageOffsets(tiff);
    const second = selectTiffPage(tiff, 1);
    expect(second.readUInt32LE(4)).toBe(offsets[1]);
    expect(tiff.readUInt32LE(4)).toBe(offsets[0]);
    expect(second.subarray(8)).toEqual(tiff.subarray(8));
    expect(() => selectTiffPage(tiff, 2)).toThrow(RangeError);
  });

  it('stops at an IFD chain that loops back on itself', () => {
    const tiff = writeMultiPageTiff([page(0), page(128)]);
    const [first, second] = tiffPageOffsets(tiff);
    // The second page's next-IFD pointer (after its 9 entries) is set back to the first page.
    tiff.writeUInt32LE(first!, second! + 2 + 9 * 12);
    expect(countTiffPages(tiff)).toBe(2);
  });

  it('counts one page for what it cannot walk', () => {
    expect(countTiffPages(new TextEncoder().encode('not a tiff at all'))).toBe(1);
    const bigTiff = Buffer.from([0x49, 0x49, 0x2b, 0x00, 8, 0, 0, 0]);
    expect(tiffPageOffsets(bigTiff)).toEqual([]);
    expect(countTiffPages(bigTiff)).toBe(1);
  });
});
