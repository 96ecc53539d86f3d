import WebSocket from 'ws';
import type { Reply } from './principals.js';

/** A live event as received: the wire JSON (`{id, type, …}`). */
export type LiveEventMessage = { id: string; type: string } & Record<string, unknown>;

/** An open live event stream of a test client, over either transport. */
export interface LiveClient {
  status: number;
  /** Everything received so far, in order. */
  messages: LiveEventMessage[];
  /** The first message (already received or still to come) that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (m: LiveEventMessage) => boolean, timeoutMs?: number): Promise<LiveEventMessage>;
  /** Resolves when the stream ends, with the WebSocket close code (server-sent events: 0). */
  ended: Promise<number>;
  close(): Promise<void>;
}

/** Collects messages and lets a test wait for one. */
function collector() {
  const messages: LiveEventMessage[] = [];
  const waiters = new Set<{
    predicate: (m: LiveEventMessage) => boolean;
    resolve: (m: LiveEventMessage) => void;
  }>();
  return {
    messages,
    push(message: LiveEventMessage) {
      messages.push(message);
      for (const w of waiters) {
        if (w.predicate(message)) {
          waiters.delete(w);
          w.resolve(message);
        }
      }
    },
    waitFor(predicate: (m: LiveEventMessage) => boolean, timeoutMs = 30_000): Promise<LiveEventMessage> {
      const seen = messages.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (m: LiveEventMessage) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const got = messages.map((m) => m.type).join(', ');
          reject(new Error(`no matching live event within ${timeoutMs} ms; got: ${got}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}

/**
 * Opens `GET /api/v1/events` as server-sent events. Resolves once the response headers arrived; a refused
 * request resolves too, with its status and no messages.
 */
export async function openSse(
  api: string,
  headers: Record<string, string> = {},
  query = '',
): Promise<LiveClient> {
  const abort = new AbortController();
  const res = await fetch(`${api}/events${query}`, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const c = collector();
  let ended: Promise<number> = Promise.resolve(0);
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    ended = (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((line) => line.startsWith('data: '));
            if (data) c.push(JSON.parse(data.slice(6)) as LiveEventMessage);
          }
        }
      } catch {
        // Aborted by close().
      }
      return 0;
    })();
  } else {
    await res.text();
  }
  return {
    status: res.status,
    messages: c.messages,
    waitFor: c.waitFor,
    ended,
    close: async () => {
      abort.abort();
      await ended;
    },
  };
}

/** Opens `GET /api/v1/events` as a WebSocket. A refused handshake resolves with its HTTP status. */
export function openWs(api: string, headers: Record<string, string> = {}, query = ''): Promise<LiveClient> {
  const url = `${api.replace(/^http/u, 'ws')}/events${query}`;
  const socket = new WebSocket(url, { headers });
  const c = collector();
  const ended = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.on('message', (data) => c.push(JSON.parse(String(data)) as LiveEventMessage));
  const client = (status: number): LiveClient => ({
    status,
    messages: c.messages,
    waitFor: c.waitFor,
    ended,
    close: async () => {
      if (socket.readyState !== socket.CLOSED) socket.close();
      await ended;
    },
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client(101)));
    socket.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ ...client(res.statusCode ?? 0), ended: Promise.resolve(0), close: async () => {} });
      socket.terminate();
    });
    // Also catches the error that terminating a refused handshake emits.
    socket.on('error', reject);
  });
}

/**
 * One call of the live events (server-sent events) for the authorization tests: the status, and the first bytes
 * when it is let in, then the stream is closed — a reply like `call`'s, without waiting for an endless body.
 */
export async function callLiveEvents(api: string, headers: Record<string, string>): Promise<Reply> {
  const abort = new AbortController();
  const res = await fetch(`${api}/events`, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const contentType = res.headers.get('content-type') ?? '';
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: res.status, contentType, body };
  }
  const first = await res.body.getReader().read();
  abort.abort();
  return { status: res.status, contentType, body: { first: new TextDecoder().decode(first.value) } };
}
