import { useSyncExternalStore } from 'react';
import { SiftApiError } from '../api/client';
import type { Citation } from '../api/types';
import { streamAnswer, type AnswerDone } from './answer-stream.client';

/** An answer being streamed into a session (or the last one, until the stored messages include it). */
export interface AnswerStream {
  question: string;
  text: string;
  citations: Citation[];
  status: 'streaming' | 'done' | 'stopped' | 'error';
  done: AnswerDone | null;
  error: unknown;
  /** How many stored messages came before this question: those are shown, the stream stands for the rest. */
  baseCount: number;
}

/**
 * Streams live outside the components, one per session: an answer keeps streaming while the user looks at
 * another chat, and the question survives the move from /ask to /ask/:id when it starts a new chat.
 */
const streams = new Map<string, AnswerStream>();
const controllers = new Map<string, AbortController>();
const listeners = new Set<() => void>();

function set(sessionId: string, patch: Partial<AnswerStream>): void {
  const current = streams.get(sessionId);
  if (!current) return;
  streams.set(sessionId, { ...current, ...patch });
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useAnswerStream(sessionId: string | undefined): AnswerStream | undefined {
  return useSyncExternalStore(subscribe, () => (sessionId ? streams.get(sessionId) : undefined));
}

/**
 * Asks `question` in a session and streams the answer into the store. `onSettled` runs when it ends in any
 * way (the caller refetches the stored session then).
 */
export function startAnswer(
  sessionId: string,
  question: string,
  baseCount: number,
  onSettled: () => void,
): void {
  controllers.get(sessionId)?.abort();
  const controller = new AbortController();
  controllers.set(sessionId, controller);
  streams.set(sessionId, {
    question,
    text: '',
    citations: [],
    status: 'streaming',
    done: null,
    error: null,
    baseCount,
  });
  listeners.forEach((listener) => listener());

  let text = '';
  void streamAnswer(
    `/api/v1/chat/sessions/${encodeURIComponent(sessionId)}/messages`,
    { content: question },
    (event) => {
      if (controller.signal.aborted) return;
      if (event.type === 'token') {
        text += event.text;
        set(sessionId, { text });
      } else if (event.type === 'citations') {
        set(sessionId, { citations: event.citations });
      } else if (event.type === 'done') {
        set(sessionId, { status: 'done', done: event });
      } else {
        set(sessionId, { status: 'error', error: midwayFailure(event.code, event.message) });
      }
    },
    controller.signal,
  )
    .then(() => {
      const now = streams.get(sessionId);
      if (now?.status === 'streaming' && !controller.signal.aborted) {
        set(sessionId, { status: 'error', error: new Error('the answer ended early') });
      }
    })
    .catch((err: unknown) => {
      if (controller.signal.aborted) return;
      set(sessionId, { status: 'error', error: err });
    })
    .finally(() => {
      if (controllers.get(sessionId) === controller) controllers.delete(sessionId);
      onSettled();
    });
}

/** A failure after the stream started, with its stable code, as ErrorAlert shows API problems. */
function midwayFailure(code: string, message: string): SiftApiError {
  return new SiftApiError(502, {
    type: `urn:sift:error:${code}`,
    title: 'The answer failed',
    status: 502,
    detail: message,
    code,
    instance: '',
    request_id: '',
  });
}

/** The Stop button: ends the request; the server stops the model and stores no answer. */
export function stopAnswer(sessionId: string): void {
  const controller = controllers.get(sessionId);
  if (!controller) return;
  controller.abort();
  set(sessionId, { status: 'stopped' });
}

/** Forgets a session's stream (the session was deleted). */
export function forgetAnswer(sessionId: string): void {
  controllers.get(sessionId)?.abort();
  controllers.delete(sessionId);
  if (streams.delete(sessionId)) listeners.forEach((listener) => listener());
}
