// Test fixture: a real local HTTP server (node:http on port 0) whose answers, streamed or whole, each test decides.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  json: unknown;
  /** Whether the server wrote the whole answer and ended it. */
  finished: boolean;
  /** Resolves when the connection of this request closes (answer ended, or the client went away). */
  closed: Promise<void>;
}

/**
 * A step of a streamed answer: text or bytes are written at once, a number pauses that many ms, a promise
 * is waited for (a gate the test opens; one that never settles stalls the stream for good).
 */
export type StreamStep = string | Buffer | number | Promise<unknown>;

/** What a handler answers; `hang` keeps the connection open without sending headers. */
export type FakeAnswer =
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | { status?: number; contentType: string; stream: StreamStep[]; headers?: Record<string, string> }
  | 'hang';

/** A running fake server. */
export interface FakeLlmServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** A promise that never settles: a step that stalls a stream, or a handler that never answers. */
export const NEVER: Promise<never> = new Promise<never>(() => {});

/** A promise the test resolves by hand, e.g. to let the server go on once the client saw a token. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Starts a server on 127.0.0.1 that records every request and answers with `answer(request, index)`. */
export async function startFakeLlmServer(
  answer: (request: SeenRequest, index: number) => FakeAnswer | Promise<FakeAnswer>,
): Promise<FakeLlmServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    // Writing after the client went away must not crash the test process.
    res.on('error', () => {});
    const closed = new Promise<void>((resolve) => res.on('close', resolve));
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = raw ? JSON.parse(raw) : undefined;
      } catch {
        json = undefined;
      }
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        json,
        finished: false,
        closed,
      };
      requests.push(seen);
      void Promise.resolve(answer(seen, requests.length - 1)).then((reply) => respond(reply, res, seen));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(reply: FakeAnswer, res: http.ServerResponse, seen: SeenRequest): Promise<void> {
  if (reply === 'hang') return;
  if ('stream' in reply) {
    res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType, ...reply.headers });
    // Headers go out now, so a client can tell "no headers" from "headers, then silence".
    res.flushHeaders();
    for (const step of reply.stream) {
      if (res.destroyed) return;
      if (typeof step === 'number') await new Promise((resolve) => setTimeout(resolve, step));
      else if (step instanceof Promise) await step;
      else res.write(step);
    }
  } else {
    const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
    res.writeHead(reply.status, {
      'content-type': reply.json !== undefined ? 'application/json' : 'text/plain',
      ...reply.headers,
    });
    res.write(body);
  }
  seen.finished = true;
  res.end();
}

/** A port on which nothing listens: a server was started there and closed. */
export async function closedPortUrl(): Promise<string> {
  const server = await startFakeLlmServer(() => 'hang');
  await server.close();
  return server.url;
}
