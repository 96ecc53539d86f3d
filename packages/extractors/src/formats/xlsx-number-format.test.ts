import { describe, expect, it } from 'vitest';
import { headerFooterText } from './xlsx-header-footer.js';
import { builtInFormat, formatIsoDate, formatNumber } from './xlsx-number-format.js';

describe('formatNumber', () => {
  it('shows numbers under custom patterns as Excel does: grouping, currency, percent, scientific, fractions', () => {
    expect(formatNumber('1599.99', '#,##0.00')).toBe('1,599.99');
    expect(formatNumber('-1599.99', '$#,##0.00;[Red]($#,##0.00)')).toBe('($1,599.99)');
    expect(formatNumber('2.5000000000000001E-2', '0.00%')).toBe('2.50%');
    expect(formatNumber('198356388', '0.00E+00')).toBe('1.98E+08');
    expect(formatNumber('2.5', '# ?/?')).toBe('2 1/2');
    expect(formatNumber('1599.99', '0" dollars and ".00" cents"')).toBe('1599 dollars and .99 cents');
  });

  it('reads built-in ids, including locale-dependent ones mapped to their en-US form', () => {
    expect(formatNumber('0.25', builtInFormat(9))).toBe('25%');
    expect(formatNumber('1234.5', builtInFormat(4))).toBe('1,234.50');
    expect(formatNumber('-1234', builtInFormat(5))).toBe('($1,234)');
    expect(formatNumber('39219', builtInFormat(15))).toBe('17-May-07');
    expect(formatNumber('39219', builtInFormat(30))).toBe('5/17/07');
    expect(builtInFormat(163)).toBeUndefined();
  });

  it('renders dates and times of the 1900 and the 1904 date systems', () => {
    expect(formatNumber('39219.7604', 'd-mmm-yy h:mm')).toBe('17-May-07 18:14');
    expect(formatNumber('37757', 'yyyy-mm-dd', true)).toBe('2007-05-17');
    // The 1904 offset applies to dates only; a plain number stays the number.
    expect(formatNumber('37757', '#,##0', true)).toBe('37,757');
    expect(formatIsoDate('2007-05-17T18:15:00', 'd-mmm-yy h:mm')).toBe('17-May-07 18:15');
    expect(formatIsoDate('2007-05-17T18:15:00', undefined)).toBe('2007-05-17T18:15:00');
  });

  it('keeps General integers whole and removes binary noise from General fractions', () => {
    expect(formatNumber('1234567890123', 'General')).toBe('1234567890123');
    expect(formatNumber('2.5000000000000001E-2', undefined)).toBe('0.025');
    expect(formatNumber('0.30000000000000004', 'General')).toBe('0.3');
  });

  it('leaves text and unreadable patterns as they are', () => {
    expect(formatNumber('n/a', '0.00')).toBe('n/a');
    expect(formatNumber('12.5', '[Unknown')).toBe('12.5');
  });
});

describe('headerFooterText', () => {
  it('puts sections on lines and strips formatting codes, keeping literal ampersands', () => {
    expect(headerFooterText('&L&"Arial,Bold"&12Contract 4711&C&KFF0000Smith && Sons&RDraft')).toBe(
      'Contract 4711\nSmith & Sons\nDraft',
    );
  });

  it('drops sections that are only print-time fields around at most one word', () => {
    expect(headerFooterText('&CPage &P of &N')).toBe('');
    expect(headerFooterText('&L&A&RConfidential report, page &P')).toBe('Confidential report, page');
  });
});
