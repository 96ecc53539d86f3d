import type { Citation } from '../api/types';
import { pageLabel } from '../search/search-hit';
import { citationLink, citationName } from './citation-chip';

/** One question and its answer, as exported. */
export interface AnswerExport {
  question: string;
  answer: string;
  citations: Citation[];
  mode: string | null;
  model: string | null;
}

/** Quote lines as a Markdown block quote (every line prefixed, so a multi-line quote stays one quote). */
const blockQuote = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');

/**
 * The answer as Markdown with its sources: each `[n]` names the document, the page and the quoted passage,
 * with an absolute link to it (the export is read outside the app).
 */
export function answerMarkdown(item: AnswerExport, origin: string): string {
  const lines = [`## ${item.question.trim()}`, '', item.answer.trim(), ''];
  if (item.citations.length > 0) {
    lines.push('### Sources', '');
    for (const c of [...item.citations].sort((a, b) => a.n - b.n)) {
      const page = pageLabel(c.page_from, c.page_to);
      lines.push(
        `[${c.n}] [${citationName(c)}](${origin}${citationLink(c)})${page ? `, ${page}` : ''}`,
        '',
        blockQuote(c.quote),
        '',
      );
    }
  }
  if (item.mode === 'not_found') lines.push('_The documents do not hold the answer._', '');
  if (item.model) lines.push(`_Answered by ${item.model}._`, '');
  return lines.join('\n').trimEnd() + '\n';
}

/** A file name from the question: lowercase words, dashes, at most 60 characters. */
export function exportFileName(question: string): string {
  const slug = question
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'answer'}.md`;
}

/** Saves text as a download, without a round trip to the server. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is not needed past this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
