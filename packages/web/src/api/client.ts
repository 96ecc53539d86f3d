import { createSiftClient, SiftApiError, unwrap } from '@sift/sdk';

type SessionListener = () => void;
const expiredListeners = new Set<SessionListener>();

/** Listens for "the session is over" (refresh failed); returns the unsubscribe function. */
export function onSessionExpired(listener: SessionListener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

/**
 * The one API client of the UI: the generated SDK over the page's origin with the cookie session (httpOnly
 * tokens, CSRF echo, one refresh on expiry). No hand-written fetch wrappers.
 */
export const api = createSiftClient({
  cookieSession: true,
  onSessionExpired: () => expiredListeners.forEach((listener) => listener()),
});

export { SiftApiError, unwrap };

/** The words to show for a failed call: the server's message with its stable code. */
export function describeError(err: unknown): { title: string; message: string; code: string } {
  if (err instanceof SiftApiError) {
    const title = err.status === 0 ? 'Cannot reach the server' : (err.problem?.title ?? 'Request failed');
    return { title, message: err.message, code: err.code };
  }
  return {
    title: 'Something went wrong',
    message: err instanceof Error ? err.message : String(err),
    code: 'UI_ERROR',
  };
}
