import type { SecondaryBlockKind } from '../ingest/extraction.types.js';
import { countTokens } from '../chunking/token-counter.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { SearchHit } from '../search/search-hit.js';

/** A retrieved passage as the answer sees it: one or more merged chunks of one document, numbered. */
export interface ContextPassage {
  /** The number answers cite it by. */
  n: number;
  documentId: string;
  title: string | null;
  filename: string;
  /** The best-ranked chunk of the passage; `chunkIds` lists all merged into it. */
  chunkId: string;
  chunkIds: string[];
  pageFrom: number | null;
  pageTo: number | null;
  /** Where the passage sits outside the main flow (`footer`, `note`…), when all its chunks agree; else null. */
  origin: SecondaryBlockKind | null;
  startChar: number;
  endChar: number;
  /** Exactly `documentText.slice(startChar, endChar)`. */
  content: string;
  /** Retrieval score of its best chunk. */
  score: number;
}

/**
 * Turns ranked hits into numbered passages within a token budget. Chunks of one document that overlap or
 * touch (chunking overlaps neighbours) are merged into one passage cut from the document's text, so the
 * model does not read the same sentences twice and a citation covers one exact range. Passages keep the
 * rank of their best chunk; the budget is spent best first, and a passage that does not fit is skipped.
 */
export async function buildContext(
  metadata: MetadataStore,
  hits: SearchHit[],
  options: { maxTokens: number },
): Promise<ContextPassage[]> {
  const groups: { hits: SearchHit[]; start: number; end: number }[] = [];
  for (const hit of hits) {
    // A chunk may bridge two groups of its document (ranked A, C, then B between them): all become one, kept
    // at the place of the best-ranked of them.
    const touching = groups.filter(
      (g) => g.hits[0]!.documentId === hit.documentId && hit.startChar <= g.end && hit.endChar >= g.start,
    );
    const [first, ...rest] = touching;
    if (!first) {
      groups.push({ hits: [hit], start: hit.startChar, end: hit.endChar });
      continue;
    }
    for (const other of [...rest, { hits: [hit], start: hit.startChar, end: hit.endChar }]) {
      first.hits.push(...other.hits);
      first.start = Math.min(first.start, other.start);
      first.end = Math.max(first.end, other.end);
      const at = groups.indexOf(other);
      if (at >= 0) groups.splice(at, 1);
    }
  }
  const texts = new Map<string, string | null>();
  const passages: ContextPassage[] = [];
  let used = 0;
  for (const group of groups) {
    const best = group.hits[0]!;
    let content = best.content;
    if (group.hits.length > 1) {
      if (!texts.has(best.documentId)) {
        texts.set(best.documentId, (await metadata.documents.getText(best.documentId))?.text ?? null);
      }
      const text = texts.get(best.documentId);
      // Without the text (deleted meanwhile) the best chunk alone is still an exact passage.
      content = text ? text.slice(group.start, group.end) : best.content;
    }
    const merged = content !== best.content;
    const tokens = countTokens(content);
    if (used + tokens > options.maxTokens) continue;
    used += tokens;
    const pages = group.hits.flatMap((h) => [h.pageFrom, h.pageTo]).filter((p): p is number => p !== null);
    passages.push({
      n: passages.length + 1,
      documentId: best.documentId,
      title: best.title,
      filename: best.filename,
      chunkId: best.chunkId,
      chunkIds: group.hits.map((h) => h.chunkId),
      pageFrom: pages.length ? Math.min(...pages) : null,
      pageTo: pages.length ? Math.max(...pages) : null,
      origin: group.hits.every((h) => h.origin === best.origin) ? best.origin : null,
      startChar: merged ? group.start : best.startChar,
      endChar: merged ? group.end : best.endChar,
      content,
      score: best.scores.rerank ?? best.scores.fused,
    });
  }
  return passages;
}
