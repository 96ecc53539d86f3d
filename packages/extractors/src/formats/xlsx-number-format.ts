import { format, isDateFormat } from 'numfmt';

/**
 * The built-in number formats of SpreadsheetML (ECMA-376 Part 1, 18.8.30) as Excel shows them in en-US. Ids
 * 5–8, 27–36 and 50–81 are locale-dependent in the standard; they are mapped to their en-US (or nearest generic)
 * rendering, the same choice SheetJS makes, so a file that names only the id still shows money as money and
 * dates as dates.
 */
const BUILT_IN: Readonly<Record<number, string>> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  5: '"$"#,##0_);\\("$"#,##0\\)',
  6: '"$"#,##0_);[Red]\\("$"#,##0\\)',
  7: '"$"#,##0.00_);\\("$"#,##0.00\\)',
  8: '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'm/d/yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
  42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
  43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
  44: '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** Locale-dependent ids without a fixed pattern, mapped to the id whose rendering they take in en-US. */
const ALIASES: Readonly<Record<number, number>> = {
  23: 0,
  24: 0,
  25: 0,
  26: 0,
  27: 14,
  28: 14,
  29: 14,
  30: 14,
  31: 14,
  32: 21,
  33: 21,
  34: 21,
  35: 21,
  36: 14,
  50: 14,
  51: 14,
  52: 14,
  53: 14,
  54: 14,
  55: 14,
  56: 14,
  57: 14,
  58: 14,
  59: 1,
  60: 2,
  61: 3,
  62: 4,
  67: 9,
  68: 10,
  69: 12,
  70: 13,
  71: 14,
  72: 14,
  73: 15,
  74: 16,
  75: 17,
  76: 20,
  77: 21,
  78: 22,
  79: 45,
  80: 46,
  81: 47,
};

/** The pattern of a built-in format id, or undefined for an id that has none. */
export function builtInFormat(id: number): string | undefined {
  return BUILT_IN[ALIASES[id] ?? id];
}

/** Days between the 1900 and 1904 date systems' day zero. */
const DATE_1904_OFFSET = 1462;

/**
 * A stored number as Excel displays it under `pattern` (currency, percentages, dates, fractions, grouping,
 * scientific), via numfmt. `General` keeps integers whole (an account number is not shortened to 1.23457E+12,
 * the column width that would make Excel do that is unknown) and rounds other values as Excel does, so the
 * binary noise of `2.5000000000000001E-2` becomes `0.025`. A pattern numfmt cannot read leaves the number as
 * written.
 */
export function formatNumber(raw: string, pattern: string | undefined, date1904 = false): string {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) return raw;
  const code = pattern === undefined || pattern === '' || /^general$/iu.test(pattern) ? 'General' : pattern;
  try {
    if (code === 'General' || code === '@') {
      if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
      return format('General', value);
    }
    const serial = date1904 && isDateFormat(code) ? value + DATE_1904_OFFSET : value;
    const text = format(code, serial, { throws: true });
    // numfmt writes Excel's "######" when a date is out of range; the number itself says more.
    return /^#+$/u.test(text) ? String(value) : text;
  } catch {
    return String(value);
  }
}

/** A `t="d"` cell (ISO 8601 date) as displayed under `pattern`, or the ISO text when it is not a date format. */
export function formatIsoDate(iso: string, pattern: string | undefined): string {
  const ms = Date.parse(/[zZ]|[+-]\d\d:\d\d$/u.test(iso) ? iso : `${iso}Z`);
  if (!Number.isFinite(ms) || !pattern || !isDateFormat(pattern)) return iso;
  // Serial days since 1899-12-30 (the 1900 system with its phantom leap day), in UTC.
  const serial = ms / 86_400_000 + 25_569;
  try {
    return format(pattern, serial);
  } catch {
    return iso;
  }
}
