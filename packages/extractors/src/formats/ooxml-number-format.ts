/**
 * Renders a list counter in a WordprocessingML number format (ST_NumberFormat). Only formats whose rendering
 * is certain are known: an unknown format yields undefined so the caller shows no number rather than a wrong
 * one.
 */
export function formatListNumber(n: number, numFmt: string): string | undefined {
  switch (numFmt) {
    case 'decimal':
      return String(n);
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'decimalEnclosedParen':
      return `(${n})`;
    case 'decimalEnclosedFullstop':
      return `${n}.`;
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n)?.toLowerCase();
    case 'upperLetter':
      return letters(n);
    case 'lowerLetter':
      return letters(n)?.toLowerCase();
    case 'ordinal':
      return ordinal(n);
    default:
      return undefined;
  }
}

const ROMAN: ReadonlyArray<[number, string]> = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

function roman(n: number): string | undefined {
  if (n < 1 || n > 3999) return undefined;
  let s = '';
  let rest = n;
  for (const [value, sym] of ROMAN) {
    while (rest >= value) {
      s += sym;
      rest -= value;
    }
  }
  return s;
}

/** Word's letter numbering repeats the letter past Z: 26 → Z, 27 → AA, 28 → BB (not spreadsheet-style AB). */
function letters(n: number): string | undefined {
  if (n < 1 || n > 780) return undefined;
  const letter = String.fromCharCode(65 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
