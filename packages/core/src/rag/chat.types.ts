import type { SecondaryBlockKind } from '../ingest/extraction.types.js';
import type { SearchScopeInput } from '../search/search-scope.js';

/** A numbered source of an answer: `[n]` in the text resolves to this exact passage. */
export interface Citation {
  n: number;
  documentId: string;
  title: string | null;
  filename: string;
  chunkId: string;
  pageFrom: number | null;
  pageTo: number | null;
  /** Where the cited text sits outside the main flow (`footer`, `note`, `comment`…); null for body text. */
  origin?: SecondaryBlockKind | null;
  /** Exact character range in the document's text of the cited passage (or sentence, in extractive mode). */
  startChar: number;
  endChar: number;
  /** The cited text itself. */
  quote: string;
}

/** How an answer was produced. */
export type AnswerMode = 'llm' | 'extractive' | 'not_found';

export interface TokenUsage {
  promptTokens: number | null;
  completionTokens: number | null;
}

/** Milliseconds spent per step of one answer. */
export interface AnswerTimings {
  retrievalMs: number;
  generationMs: number;
  totalMs: number;
  firstTokenMs: number | null;
}

export interface ChatSession {
  id: string;
  ownerId: string;
  title: string;
  /** Every retrieval of the session is limited to this scope. */
  scope: SearchScopeInput;
  createdAt: string;
  updatedAt: string;
}

export interface ChatMessage {
  id: string;
  sessionId: string;
  role: 'user' | 'assistant';
  content: string;
  citations: Citation[];
  /** Assistant messages only. */
  mode: AnswerMode | null;
  model: string | null;
  usage: TokenUsage | null;
  timings: AnswerTimings | null;
  createdAt: string;
}

/** What streams out of an answer: text as it is produced, then the citations, then `done`. */
export type AnswerEvent =
  | { type: 'token'; text: string }
  | { type: 'citations'; citations: Citation[] }
  | {
      type: 'done';
      mode: AnswerMode;
      model: string | null;
      usage: TokenUsage | null;
      timings: AnswerTimings;
      /** The whole answer text (what the tokens add up to). */
      answer: string;
      /** The stored assistant message, when the answer belongs to a session. */
      messageId?: string;
    };
