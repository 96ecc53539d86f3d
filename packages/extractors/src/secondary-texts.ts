import type { SecondaryBlockKind } from '@sift/core';
import type { TextBuilder } from './text-builder.js';

/** Text a file shows beside its body: headers, footers, notes, comments, shapes, charts, fields. */
export interface SecondaryText {
  kind: SecondaryBlockKind;
  text: string;
}

/**
 * Collects secondary texts, each distinct one once, to be written after the body they belong to. Office files
 * repeat a header or footer on every page, section or slide; a reader sees it as one text, and indexing it once
 * keeps it from crowding the body out of search results. Texts are compared with whitespace collapsed, per kind
 * unless `acrossKinds` (a slide master's footer and the same words in a shape are still one text).
 */
export class SecondaryTexts {
  private readonly byKey = new Map<string, SecondaryText>();

  constructor(private readonly options: { acrossKinds?: boolean } = {}) {}

  /** Keeps `text` unless it is blank or already kept; returns whether it was new. */
  add(kind: SecondaryBlockKind, text: string): boolean {
    const t = text.trim();
    if (t === '') return false;
    const words = t.replace(/\s+/gu, ' ');
    const key = this.options.acrossKinds ? words : `${kind}\u0000${words}`;
    if (this.byKey.has(key)) return false;
    this.byKey.set(key, { kind, text: t });
    return true;
  }

  addAll(items: Iterable<SecondaryText>): this {
    for (const { kind, text } of items) this.add(kind, text);
    return this;
  }

  get items(): SecondaryText[] {
    return [...this.byKey.values()];
  }

  /** Writes what was kept, in the order first seen, and forgets it. */
  writeTo(builder: TextBuilder): void {
    for (const { kind, text } of this.byKey.values()) builder.add(kind, text);
    this.byKey.clear();
  }
}
