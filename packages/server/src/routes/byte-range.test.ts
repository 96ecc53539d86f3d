import { describe, expect, it } from 'vitest';
import { parseByteRange, sliceBytes } from './byte-range.js';

async function collect(source: AsyncIterable<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of source) out.push(...chunk);
  return out;
}

async function* chunks(...parts: number[][]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Uint8Array.from(part);
}

describe('parseByteRange', () => {
  it('reads an open, a closed and a suffix range, clamped to the file', () => {
    expect(parseByteRange('bytes=0-', 10)).toEqual({ start: 0, end: 9 });
    expect(parseByteRange('bytes=2-4', 10)).toEqual({ start: 2, end: 4 });
    expect(parseByteRange('bytes=5-99', 10)).toEqual({ start: 5, end: 9 });
    expect(parseByteRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseByteRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 });
  });

  it('answers the whole file for no header, other units, several ranges or a reversed range', () => {
    expect(parseByteRange(undefined, 10)).toBeNull();
    expect(parseByteRange('items=0-1', 10)).toBeNull();
    expect(parseByteRange('bytes=0-1,4-5', 10)).toBeNull();
    expect(parseByteRange('bytes=5-2', 10)).toBeNull();
    expect(parseByteRange('bytes=-', 10)).toBeNull();
  });

  it('refuses a range that starts past the end', () => {
    expect(parseByteRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-0', 10)).toBe('unsatisfiable');
  });
});

describe('sliceBytes', () => {
  it('yields exactly the range across chunk boundaries', async () => {
    const source = () => chunks([0, 1, 2], [3, 4, 5], [6, 7, 8, 9]);
    expect(await collect(sliceBytes(source(), { start: 2, end: 7 }))).toEqual([2, 3, 4, 5, 6, 7]);
    expect(await collect(sliceBytes(source(), { start: 0, end: 9 }))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await collect(sliceBytes(source(), { start: 9, end: 9 }))).toEqual([9]);
  });

  it('stops reading the source once the range is sent', async () => {
    let read = 0;
    async function* counted() {
      for (const part of [
        [0, 1],
        [2, 3],
        [4, 5],
      ]) {
        read++;
        yield Uint8Array.from(part);
      }
    }
    expect(await collect(sliceBytes(counted(), { start: 1, end: 2 }))).toEqual([1, 2]);
    expect(read).toBe(2);
  });
});
