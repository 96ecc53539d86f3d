// Snippets are cut the same way for every lexical index: the shared implementation is in @sift/lexical-analysis.
export { buildSnippet, type MatchSpan, type SnippetOptions } from '@sift/lexical-analysis';
