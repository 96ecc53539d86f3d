/**
 * Formatting and field codes of a SpreadsheetML header or footer (ECMA-376 Part 1, 18.3.1.46): `&"font,style"`,
 * font sizes (`&12`), colours (`&KFF0000`, `&K04+025`), page offsets (`&+2`) and one-letter codes. `&&` is a
 * literal ampersand.
 */
const CODE = /&(&|"[^"]*"|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|[+-]?\d+|[A-Za-z])/gu;

/** Codes standing for a value known only when printing: page, pages, date, time, path, file, sheet, picture. */
const FIELDS = new Set(['P', 'N', 'D', 'T', 'Z', 'F', 'A', 'G']);

/**
 * The visible words of a header or footer: the left, centre and right sections (`&L`, `&C`, `&R`) one per
 * line, formatting codes removed. Print-time fields are left out rather than rendered wrongly, and a section
 * that keeps at most one word around them ("Page &P of &N", "&A") is dropped: it is Excel's default furniture and
 * says nothing about the workbook.
 */
export function headerFooterText(raw: string): string {
  const sections: string[] = [];
  let current = { text: '', fields: false };
  let last = 0;
  const close = (): void => {
    const text = current.text.replace(/\s+/gu, ' ').trim();
    // Around a field only words of three letters or more count: "Page &P of &N" keeps just "Page".
    const words = text.match(current.fields ? /[\p{L}\p{N}]{3,}/gu : /[\p{L}\p{N}]+/gu)?.length ?? 0;
    if (words > (current.fields ? 1 : 0)) sections.push(text);
    current = { text: '', fields: false };
  };
  for (const m of raw.matchAll(CODE)) {
    current.text += raw.slice(last, m.index);
    last = m.index + m[0].length;
    const code = m[1]!;
    if (code === '&') current.text += '&';
    else if (code === 'L' || code === 'C' || code === 'R') close();
    else if (FIELDS.has(code)) current.fields = true;
  }
  current.text += raw.slice(last);
  close();
  return sections.join('\n');
}
