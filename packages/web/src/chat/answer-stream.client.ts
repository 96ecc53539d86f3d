import { csrfHeaders, isRefreshable, SiftApiError, type Problem } from '@sift/sdk';
import { api } from '../api/client';
import type { Citation } from '../api/types';

/** The `done` event: how the answer was made, and the stored message (session answers). */
export interface AnswerDone {
  mode: 'llm' | 'extractive' | 'not_found';
  model: string | null;
  message_id?: string;
  timings: { total_ms: number; first_token_ms: number | null };
}

/** The server's answer events (see the server's answer-stream.ts). */
export type AnswerEvent =
  | { type: 'token'; text: string }
  | { type: 'citations'; citations: Citation[] }
  | ({ type: 'done' } & AnswerDone)
  | { type: 'error'; code: string; message: string };

/** One SSE block (`event: …` and `data: …` lines) as an answer event; null for comments and unknown events. */
export function parseSseBlock(block: string): AnswerEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  const payload = JSON.parse(data.join('\n')) as Record<string, unknown>;
  switch (event) {
    case 'token':
      return { type: 'token', text: String(payload.text ?? '') };
    case 'citations':
      return { type: 'citations', citations: (payload.citations ?? []) as Citation[] };
    case 'done':
      return { type: 'done', ...(payload as unknown as AnswerDone) };
    case 'error':
      return { type: 'error', code: String(payload.code), message: String(payload.message) };
    default:
      return null;
  }
}

function post(path: string, body: unknown, signal: AbortSignal): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      // The same CSRF echo the SDK sends on every unsafe request of the cookie session.
      ...csrfHeaders(),
    },
    body: JSON.stringify(body),
    signal,
  });
}

async function problemOf(res: Response): Promise<SiftApiError> {
  const problem = (await res.json().catch(() => null)) as Problem | null;
  return new SiftApiError(res.status, problem && typeof problem.code === 'string' ? problem : null);
}

/**
 * Posts a question and calls `onEvent` for every event as it arrives. The only hand-written fetch of the UI:
 * openapi-fetch cannot read a response body as a stream. A refusal before the stream starts (unknown session,
 * bad scope) throws a SiftApiError; an access token that ran out is refreshed once through the SDK client.
 * Aborting `signal` (the Stop button) ends the request, and the server stops the model.
 */
export async function streamAnswer(
  path: string,
  body: unknown,
  onEvent: (event: AnswerEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  let res = await post(path, body, signal);
  if (res.status === 401) {
    const problem = await problemOf(res.clone());
    if (isRefreshable(problem.code)) {
      // Any call through the SDK refreshes an expired session (and reports one that is over).
      await api.GET('/api/v1/auth/me');
      res = await post(path, body, signal);
    }
  }
  if (!res.ok || !res.body) throw await problemOf(res);
  if (!res.headers.get('content-type')?.includes('text/event-stream')) {
    throw new SiftApiError(res.status, null, 'the server did not answer with a stream');
  }

  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    // Events end with a blank line; a chunk may carry several, or part of one.
    for (let end = buffer.search(/\r?\n\r?\n/); end >= 0; end = buffer.search(/\r?\n\r?\n/)) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const event = parseSseBlock(block);
      if (event) onEvent(event);
    }
  }
  const rest = buffer.trim() ? parseSseBlock(buffer) : null;
  if (rest) onEvent(rest);
}
