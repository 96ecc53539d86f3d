import type { SecondaryBlockKind } from '@sift/core';
import iconv from 'iconv-lite';
import { words } from 'rtf-stream-parser/dist/src/words.js';
import {
  CHARSET_CODEPAGES,
  CONTROL,
  DESTINATION,
  GROUP_END,
  GROUP_START,
  INFO_FIELDS,
  LIST_MARKERS,
  REGION_DESTINATIONS,
  STARRED_TEXT_DESTINATIONS,
  SYMBOLS,
  TEXT,
  TEXT_DESTINATIONS,
} from './rtf-vocabulary.js';

/** A token of rtf-stream-parser's Tokenize stream. */
export interface RtfToken {
  type: number;
  word?: string;
  param?: number;
  data?: Buffer;
}

/** What the interpreter reports, in document order. */
export type RtfEvent =
  | { type: 'paragraph'; text: string; heading?: number; listLevel?: number; region?: SecondaryBlockKind }
  | { type: 'row'; cells: string[]; region?: SecondaryBlockKind };

/** Document information from the `\info` group. */
export interface RtfInfo {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  createdAt?: string;
  modifiedAt?: string;
}

type Mode = 'text' | 'skip' | 'fonttbl' | 'stylesheet' | 'style' | 'info' | 'infofield' | 'infodate';

interface Group {
  mode: Mode;
  uc: number;
  font: number | undefined;
  key?: string;
  /** Set inside a header, footer, footnote, comment or text box. */
  region?: SecondaryBlockKind;
  /** The group that opened the region: closing it resumes the interrupted paragraph. */
  opensRegion?: boolean;
}

interface ParagraphState {
  style: number;
  inTable: boolean;
  list: boolean;
  level: number;
  outline: number | undefined;
}

/** What a region destination interrupts and gives back when it closes. */
interface Interrupted {
  target: string;
  para: ParagraphState;
  cellParts: string[];
  cells: string[];
}

/**
 * Interprets the token stream of an RTF document: destinations (skipping non-text ones), `\uN` with its
 * `\ucN` fallback, `\'hh` bytes in the code page of the current font (or `\ansicpg`), paragraphs, table
 * cells and rows, list paragraphs, heading styles from the stylesheet, and the `\info` fields.
 */
export class RtfInterpreter {
  readonly info: RtfInfo = {};
  /** True when the document encapsulates HTML (`\fromhtml`), which should be read from the HTML instead. */
  fromHtml = false;

  private group: Group = { mode: 'text', uc: 1, font: undefined };
  private readonly stack: Group[] = [];
  private atGroupStart = false;
  private afterStar = false;
  private bytes: number[] = [];
  private ucSkip = 0;
  /** Text of the current paragraph. */
  private target = '';
  /** Text of the stylesheet entry or info field being read. */
  private capture = '';
  private ansiCpg = 1252;
  private defaultFont: number | undefined;
  private fontId = 0;
  private readonly fontCodepages = new Map<number, number>();
  private readonly headingStyles = new Map<number, number>();
  private style = { id: 0, paragraph: true, outline: undefined as number | undefined };
  private date: Record<string, number> = {};
  private para: ParagraphState = newParagraph();
  private cellParts: string[] = [];
  private cells: string[] = [];
  private readonly interrupted: Interrupted[] = [];

  constructor(private readonly emit: (event: RtfEvent) => void) {}

  token(t: RtfToken): void {
    if (t.type === TEXT) {
      this.atGroupStart = false;
      this.addBytes(t.data ?? Buffer.alloc(0));
    } else if (t.type === GROUP_START) {
      this.flushBytes();
      this.stack.push(this.group);
      this.group = { ...this.group, mode: childMode(this.group.mode), opensRegion: false };
      if (this.group.mode === 'style') {
        this.style = { id: 0, paragraph: true, outline: undefined };
        this.capture = '';
      }
      this.atGroupStart = true;
    } else if (t.type === GROUP_END) {
      this.flushBytes();
      this.closeGroup();
      this.group = this.stack.pop() ?? this.group;
      this.atGroupStart = false;
      this.ucSkip = 0;
    } else if (t.type === CONTROL && t.word !== undefined) {
      this.control(t.word, t.param, t.data);
    }
  }

  /** Emits what is left after the last token. */
  end(): void {
    this.flushBytes();
    if (this.cells.length > 0 || this.cellParts.length > 0) this.endRow();
    this.endParagraph();
  }

  private control(word: string, param: number | undefined, data: Buffer | undefined): void {
    if (word === "'") {
      this.atGroupStart = false;
      if (this.ucSkip > 0) this.ucSkip--;
      else if (data) this.bytes.push(...data);
      return;
    }
    this.flushBytes();
    if (word === '*' && this.atGroupStart) {
      this.afterStar = true;
      return;
    }
    const opensDestination = this.atGroupStart && (this.afterStar || words[word] === DESTINATION);
    const ignorable = this.afterStar;
    this.atGroupStart = false;
    this.afterStar = false;
    if (opensDestination) {
      this.destination(word, ignorable);
      return;
    }
    if (word === 'u' && param !== undefined) {
      this.append(String.fromCharCode(param < 0 ? param + 65536 : param));
      this.ucSkip = this.group.uc;
      return;
    }
    this.ucSkip = 0;
    this.setting(word, param ?? 0);
  }

  private destination(word: string, ignorable: boolean): void {
    const g = this.group;
    if (g.mode === 'skip') return;
    if (g.mode === 'info') {
      g.key = word;
      g.mode = INFO_FIELDS.has(word)
        ? 'infofield'
        : word === 'creatim' || word === 'revtim'
          ? 'infodate'
          : 'skip';
      this.date = {};
      this.capture = '';
    } else if (word === 'fonttbl') g.mode = 'fonttbl';
    else if (word === 'stylesheet') g.mode = 'stylesheet';
    else if (word === 'info') g.mode = 'info';
    else if (g.mode === 'text' && LIST_MARKERS.has(word)) {
      this.para.list = true;
      g.mode = 'skip';
    } else if (g.mode === 'text' && REGION_DESTINATIONS[word] !== undefined) {
      this.openRegion(REGION_DESTINATIONS[word]);
    } else if (ignorable && STARRED_TEXT_DESTINATIONS.has(word) && g.mode === 'text') {
      // Shape instructions: their text box (\shptxt) is read; their properties are skipped destinations.
    } else if (g.mode !== 'text' || ignorable || !TEXT_DESTINATIONS.has(word)) g.mode = 'skip';
  }

  /** Sets the body's open paragraph aside while a header, footnote, comment or text box is read. */
  private openRegion(kind: SecondaryBlockKind): void {
    this.flushBytes();
    this.interrupted.push({
      target: this.target,
      para: this.para,
      cellParts: this.cellParts,
      cells: this.cells,
    });
    this.target = '';
    this.para = newParagraph();
    this.cellParts = [];
    this.cells = [];
    this.group.region = kind;
    this.group.opensRegion = true;
  }

  private closeRegion(): void {
    if (this.cells.length > 0 || this.cellParts.length > 0) this.endRow();
    this.endParagraph();
    const resumed = this.interrupted.pop();
    if (!resumed) return;
    ({ target: this.target, para: this.para, cellParts: this.cellParts, cells: this.cells } = resumed);
  }

  private setting(word: string, param: number): void {
    const mode = this.group.mode;
    if (mode === 'skip') return;
    if (mode === 'fonttbl') {
      if (word === 'f') this.fontId = param;
      else if (word === 'fcharset' && CHARSET_CODEPAGES[param])
        this.fontCodepages.set(this.fontId, CHARSET_CODEPAGES[param]!);
      else if (word === 'cpg' && param > 0) this.fontCodepages.set(this.fontId, param);
      return;
    }
    if (mode === 'style') {
      if (word === 's') this.style.id = param;
      else if (word === 'cs' || word === 'ds' || word === 'ts' || word === 'tsrowd')
        this.style.paragraph = false;
      else if (word === 'outlinelevel') this.style.outline = param;
      return;
    }
    if (mode === 'infodate') {
      this.date[word] = param;
      return;
    }
    const symbol = SYMBOLS[word];
    if (symbol !== undefined) return this.append(symbol);
    switch (word) {
      case 'par':
        return this.endParagraph();
      case 'cell':
      case 'nestcell':
        return this.endCell();
      case 'row':
      case 'nestrow':
        return this.endRow();
      case 'pard':
        this.para = newParagraph();
        return;
      case 's':
        this.para.style = param;
        return;
      case 'intbl':
        this.para.inTable = true;
        return;
      case 'ls':
        this.para.list = true;
        return;
      case 'ilvl':
        this.para.level = param;
        return;
      case 'outlinelevel':
        this.para.outline = param;
        return;
      case 'uc':
        this.group.uc = param;
        return;
      case 'f':
        this.group.font = param;
        return;
      case 'plain':
        this.group.font = this.defaultFont;
        return;
      case 'deff':
        this.defaultFont = param;
        return;
      case 'ansicpg':
        if (param > 0) this.ansiCpg = param;
        return;
      case 'fromhtml':
        this.fromHtml = true;
        return;
    }
  }

  private closeGroup(): void {
    const g = this.group;
    const text = this.capture;
    if (g.mode === 'style') {
      const name = text.replace(/;\s*$/u, '').trim();
      const named = /^heading\s*([1-9])$/iu.exec(name)?.[1];
      const level =
        this.style.outline !== undefined ? this.style.outline + 1 : named ? Number(named) : undefined;
      if (this.style.paragraph && level !== undefined && level <= 9)
        this.headingStyles.set(this.style.id, Math.min(level, 6));
    } else if (g.mode === 'infofield' && g.key) {
      const value = text.trim();
      const info = this.info as Record<string, string | undefined>;
      if (value && !info[g.key]) info[g.key] = value;
    } else if (g.mode === 'infodate' && this.date.yr) {
      const d = this.date;
      const iso = new Date(Date.UTC(d.yr!, (d.mo ?? 1) - 1, d.dy ?? 1, d.hr ?? 0, d.min ?? 0, d.sec ?? 0));
      if (!Number.isNaN(iso.getTime()) && d.yr! > 0)
        this.info[g.key === 'creatim' ? 'createdAt' : 'modifiedAt'] = iso.toISOString();
    }
    if (g.mode === 'style' || g.mode === 'infofield') this.capture = '';
    if (g.opensRegion) this.closeRegion();
  }

  private endParagraph(): void {
    const text = this.takeText();
    if (this.para.inTable) {
      this.cellParts.push(text);
      return;
    }
    if (this.cells.length > 0) this.endRow();
    if (text.trim() === '') return;
    const { outline, style, list, level } = this.para;
    const region = this.group.region;
    if (region) {
      this.emit({ type: 'paragraph', text, region });
      return;
    }
    const heading =
      outline !== undefined && outline < 9 ? Math.min(outline + 1, 6) : this.headingStyles.get(style);
    if (heading !== undefined) this.emit({ type: 'paragraph', text, heading });
    else if (list) this.emit({ type: 'paragraph', text, listLevel: level });
    else this.emit({ type: 'paragraph', text });
  }

  private endCell(): void {
    this.cellParts.push(this.takeText());
    this.cells.push(
      this.cellParts
        .map((p) => p.trim())
        .filter(Boolean)
        .join(' '),
    );
    this.cellParts = [];
  }

  private endRow(): void {
    if (this.cellParts.length > 0 || this.target.trim() !== '') this.endCell();
    const cells = this.cells;
    this.cells = [];
    const region = this.group.region;
    if (cells.some((c) => c !== '')) this.emit({ type: 'row', cells, ...(region ? { region } : {}) });
  }

  private takeText(): string {
    this.flushBytes();
    const text = this.target.replace(/[ \t]*\n[ \t]*/gu, '\n').replace(/[ ]{2,}/gu, ' ');
    this.target = '';
    return text.trim();
  }

  private addBytes(data: Buffer): void {
    let start = 0;
    if (this.ucSkip > 0) {
      start = Math.min(this.ucSkip, data.length);
      this.ucSkip -= start;
    }
    for (let i = start; i < data.length; i++) this.bytes.push(data[i]!);
  }

  private flushBytes(): void {
    if (this.bytes.length === 0) return;
    const buf = Buffer.from(this.bytes);
    this.bytes = [];
    const font = this.group.font;
    const cp = (font !== undefined ? this.fontCodepages.get(font) : undefined) ?? this.ansiCpg;
    const encoding = `cp${cp}`;
    this.append(iconv.encodingExists(encoding) ? iconv.decode(buf, encoding) : buf.toString('latin1'));
  }

  private append(s: string): void {
    const mode = this.group.mode;
    if (mode === 'text') this.target += s;
    else if (mode === 'style' || mode === 'infofield') this.capture += s;
  }
}

function newParagraph(): ParagraphState {
  return { style: 0, inTable: false, list: false, level: 0, outline: undefined };
}

/** The mode a new group starts in: inside the font table or stylesheet, each group is one entry. */
function childMode(parent: Mode): Mode {
  if (parent === 'stylesheet') return 'style';
  if (parent === 'style') return 'skip';
  return parent;
}
