import { describe, expect, it } from 'vitest';
import { formatListNumber } from './ooxml-number-format.js';

describe('formatListNumber', () => {
  it('renders decimal, zero-padded, roman, letter and ordinal counters as Word does', () => {
    expect(formatListNumber(7, 'decimal')).toBe('7');
    expect(formatListNumber(7, 'decimalZero')).toBe('07');
    expect(formatListNumber(1994, 'upperRoman')).toBe('MCMXCIV');
    expect(formatListNumber(4, 'lowerRoman')).toBe('iv');
    expect(formatListNumber(3, 'upperLetter')).toBe('C');
    expect(formatListNumber(28, 'lowerLetter')).toBe('bb');
    expect(formatListNumber(12, 'ordinal')).toBe('12th');
    expect(formatListNumber(22, 'ordinal')).toBe('22nd');
  });

  it('returns undefined for formats it does not know rather than a wrong number', () => {
    expect(formatListNumber(3, 'ideographTraditional')).toBeUndefined();
    expect(formatListNumber(0, 'upperRoman')).toBeUndefined();
  });
});
