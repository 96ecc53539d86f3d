/**
 * The text a chunk is embedded from: the document title and heading path before the chunk's own words. A
 * chunk deep in a section ("It reduced mortality by 12%") means little alone; with its headings the vector
 * knows what "it" is. Lexical search weights title and headings separately, so only vectors need this.
 */
export function embeddingText(chunk: {
  title: string | null;
  headingPath: string[];
  content: string;
}): string {
  const context = [chunk.title, ...chunk.headingPath]
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part));
  // A heading that is the start of the content (a title chunk) is not repeated.
  const head = context.filter((part) => !chunk.content.startsWith(part));
  return head.length > 0 ? `${head.join(' › ')}\n${chunk.content}` : chunk.content;
}
