/**
 * Deepest element nesting kept. Browsers' parsers flatten beyond a few hundred levels too (html5ever at 512);
 * real pages stay well below 100. The DOM library, Readability — and htmlparser2's own tag stack — are
 * super-linear in depth: a 22 KB file of 2,000 nested `<div>`s took 46 s, 200,000 took hours. So depth is
 * bounded by a linear scan before any DOM is built.
 */
export const MAX_HTML_DEPTH = 256;

/**
 * Deepest nesting Readability is run on: its scoring climbs ancestors from every node, a second or more at a
 * few hundred levels. Pages nesting deeper are machine-made, not articles; their whole body is walked.
 */
export const MAX_READABILITY_DEPTH = 64;

/** Elements that never have content, so they never deepen the tree. */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/**
 * Elements whose end tag HTML lets authors leave out (`<p>a<p>b`): not counted, or a page of unclosed
 * paragraphs would look deep. Nested lists and tables still count through `ul`/`ol`/`table`.
 */
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'rt', 'rp']);

/** Elements whose content is raw text: tags inside them are not tags. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript']);

/**
 * Tags, comments and doctypes. `[^<>]*` never runs past the next `<`, so a stray `<` costs one step instead
 * of a rescan to the end (what makes naive tag regexes quadratic on hostile input).
 */
const TOKEN = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)[^<>]*>/gu;

interface Tag {
  start: number;
  end: number;
  closing: boolean;
  name: string;
  /** Nesting depth after an opening tag, before a closing one. */
  depth: number;
}

/** Every counted tag of `html` with its depth, in one linear pass. */
function* tags(html: string): Generator<Tag> {
  let depth = 0;
  // Lower-cased once: a lookup per script element must not copy the whole page each time.
  const lower = html.toLowerCase();
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    const name = m[2]?.toLowerCase();
    if (!name) continue; // a comment
    const closing = m[1] === '/';
    const start = m.index;
    const end = TOKEN.lastIndex;
    if (RAW_TEXT.has(name)) {
      // Raw-text elements hold no elements (not counted); skip to the end tag, as their content may hold
      // anything that looks like tags.
      if (!closing) {
        const close = lower.indexOf(`</${name}`, end);
        TOKEN.lastIndex = close < 0 ? html.length : close;
      }
      continue;
    }
    if (VOID.has(name) || OPTIONAL_END.has(name) || m[0].endsWith('/>')) continue;
    if (closing) {
      yield { start, end, closing, name, depth };
      depth = Math.max(0, depth - 1);
    } else {
      depth += 1;
      yield { start, end, closing, name, depth };
    }
  }
}

/** How deep the elements of `html` nest (an estimate from its tags, as a browser would mostly see it). */
export function nestingDepth(html: string): number {
  let max = 0;
  for (const tag of tags(html)) if (tag.depth > max) max = tag.depth;
  return max;
}

/**
 * `html` with the tags of elements deeper than `maxDepth` removed; all text, and every tag within the limit,
 * are kept as they were. Linear in the input; returns the input itself when it nests no deeper.
 */
export function limitNesting(
  html: string,
  maxDepth = MAX_HTML_DEPTH,
): { html: string; depth: number; flattened: boolean } {
  const depth = nestingDepth(html);
  if (depth <= maxDepth) return { html, depth, flattened: false };
  const out: string[] = [];
  let copied = 0;
  for (const tag of tags(html)) {
    if (tag.depth <= maxDepth) continue;
    out.push(html.slice(copied, tag.start));
    copied = tag.end;
  }
  out.push(html.slice(copied));
  return { html: out.join(''), depth, flattened: true };
}
