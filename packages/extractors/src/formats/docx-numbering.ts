import { formatListNumber } from './ooxml-number-format.js';
import { element, elements, path, type XmlNode } from './xml-tree.js';

/** One level of an abstract numbering definition (w:lvl). */
interface Level {
  start: number;
  numFmt: string;
  lvlText: string;
  /** The level after whose use this one restarts (w:lvlRestart, 1-based); 0 = never; undefined = any higher. */
  restartAfter?: number;
  /** Legal numbering: the numbers of higher levels shown in decimal (w:isLgl). */
  legal: boolean;
}

interface NumInstance {
  abstractId: string;
  /** Levels replaced (w:lvlOverride/w:lvl) and start values forced (w:startOverride) by this instance. */
  levels: Map<number, Level>;
  starts: Map<number, number>;
}

/** What a numbered paragraph shows before its text. */
export interface ListLabel {
  /** `1.`, `a)`, `II.`, `1.2.`; empty when the number cannot be rendered (unknown format, `none`). */
  label: string;
  bullet: boolean;
  level: number;
}

const MAX_LEVEL = 8;

/**
 * Word's list numbering (word/numbering.xml) as Word shows it: counters run per abstract numbering definition
 * across every paragraph that uses it (also across tables and text boxes, in document order), a level restarts
 * when a higher level is used, a level skipped on the way down counts as used once (Word shows `2.` for the
 * first level-4 item after a level-3 item that followed a level-1 one), and a numbering instance with a start
 * override restarts its levels the first time it is used.
 */
export class DocxNumbering {
  private readonly abstracts = new Map<string, Map<number, Level>>();
  private readonly nums = new Map<string, NumInstance>();
  private readonly counters = new Map<string, (number | undefined)[]>();
  private readonly started = new Set<string>();

  constructor(
    root: XmlNode | undefined,
    styleNumId: (styleId: string) => string | undefined = () => undefined,
  ) {
    const numbering = path(root, 'w:numbering');
    const links = new Map<string, string>();
    for (const a of elements(numbering, 'w:abstractNum')) {
      const id = a.attrs['w:abstractNumId'] ?? '';
      this.abstracts.set(id, readLevels(a));
      const link = element(a, 'w:numStyleLink')?.attrs['w:val'];
      if (link) links.set(id, link);
    }
    for (const n of elements(numbering, 'w:num')) {
      const id = n.attrs['w:numId'] ?? '';
      const instance: NumInstance = {
        abstractId: element(n, 'w:abstractNumId')?.attrs['w:val'] ?? '',
        levels: new Map(),
        starts: new Map(),
      };
      for (const o of elements(n, 'w:lvlOverride')) {
        const ilvl = Number(o.attrs['w:ilvl'] ?? 0);
        const start = element(o, 'w:startOverride')?.attrs['w:val'];
        if (start !== undefined && Number.isFinite(Number(start))) instance.starts.set(ilvl, Number(start));
        const lvl = element(o, 'w:lvl');
        if (lvl) instance.levels.set(ilvl, readLevel(lvl));
      }
      this.nums.set(id, instance);
    }
    // An abstract definition that only links to a numbering style takes its levels from the definition that
    // style's numbering instance points to.
    for (const [id, styleId] of links) {
      const target = this.nums.get(styleNumId(styleId) ?? '')?.abstractId;
      const levels = target !== undefined ? this.abstracts.get(target) : undefined;
      if (levels && levels.size > 0 && this.abstracts.get(id)?.size === 0) this.abstracts.set(id, levels);
    }
  }

  /** Advances the counters for a paragraph numbered (`numId`, `ilvl`) and returns its label. */
  next(numId: string, ilvl: number): ListLabel | undefined {
    const num = this.nums.get(numId);
    // numId 0 (or an unknown id) switches numbering off for the paragraph.
    if (!num) return undefined;
    const abstract = this.abstracts.get(num.abstractId);
    if (!abstract) return undefined;
    const level = Math.min(Math.max(0, ilvl), MAX_LEVEL);
    const levelOf = (k: number): Level | undefined => num.levels.get(k) ?? abstract.get(k);
    const def = levelOf(level);
    if (!def) return undefined;
    const key = num.abstractId;
    let counters = this.counters.get(key);
    if (!counters) {
      counters = [];
      this.counters.set(key, counters);
    }
    if (!this.started.has(numId)) {
      this.started.add(numId);
      for (const [k, start] of num.starts) counters[k] = start - 1;
    }
    // Levels skipped on the way down count as used once.
    for (let k = 0; k < level; k++) if (counters[k] === undefined) counters[k] = levelOf(k)?.start ?? 1;
    const current = counters[level];
    counters[level] = current === undefined ? def.start : current + 1;
    for (let k = level + 1; k <= MAX_LEVEL; k++) {
      const restartAfter = levelOf(k)?.restartAfter;
      if (restartAfter === 0) continue;
      if (restartAfter === undefined || restartAfter - 1 >= level) counters[k] = undefined;
    }
    if (def.numFmt === 'bullet') return { label: '', bullet: true, level };
    return { label: renderLabel(def, level, counters, levelOf), bullet: false, level };
  }
}

function renderLabel(
  def: Level,
  level: number,
  counters: (number | undefined)[],
  levelOf: (k: number) => Level | undefined,
): string {
  if (def.numFmt === 'none') return '';
  let unknown = false;
  const label = def.lvlText.replace(/%([1-9])/gu, (_, d: string) => {
    const k = Number(d) - 1;
    const lvl = levelOf(k);
    const n = counters[k] ?? lvl?.start ?? 1;
    const fmt = def.legal && k < level ? 'decimal' : (lvl?.numFmt ?? 'decimal');
    const s = fmt === 'none' ? '' : formatListNumber(n, fmt);
    if (s === undefined) unknown = true;
    return s ?? '';
  });
  return unknown ? '' : label.trim();
}

function readLevels(abstractNum: XmlNode): Map<number, Level> {
  const levels = new Map<number, Level>();
  for (const lvl of elements(abstractNum, 'w:lvl'))
    levels.set(Number(lvl.attrs['w:ilvl'] ?? 0), readLevel(lvl));
  return levels;
}

function readLevel(lvl: XmlNode): Level {
  const val = (name: string): string | undefined => element(lvl, name)?.attrs['w:val'];
  const start = Number(val('w:start') ?? 1);
  const restart = val('w:lvlRestart');
  const legal = element(lvl, 'w:isLgl');
  return {
    start: Number.isFinite(start) ? start : 1,
    numFmt: numberFormat(lvl),
    lvlText: val('w:lvlText') ?? '',
    ...(restart !== undefined ? { restartAfter: Number(restart) } : {}),
    legal: legal !== undefined && legal.attrs['w:val'] !== '0' && legal.attrs['w:val'] !== 'false',
  };
}

/**
 * The level's number format. Word 2010+ writes custom formats (`α, β, γ, ...`) inside mc:AlternateContent with
 * a standard fallback; a branch whose format is not known here is passed over for the next, as markup
 * compatibility intends for consumers that do not understand it.
 */
function numberFormat(lvl: XmlNode): string {
  const direct = element(lvl, 'w:numFmt')?.attrs['w:val'];
  if (direct) return direct;
  for (const alt of elements(lvl, 'mc:AlternateContent')) {
    for (const branch of elements(alt)) {
      const fmt = element(branch, 'w:numFmt')?.attrs['w:val'];
      if (fmt && (fmt === 'bullet' || fmt === 'none' || formatListNumber(1, fmt) !== undefined)) return fmt;
    }
  }
  return 'decimal';
}
