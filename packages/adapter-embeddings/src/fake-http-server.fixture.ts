// Test fixture: a real local HTTP server (node:http on port 0) whose answers each test decides.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  json: unknown;
}

/** What a handler answers; `hang` keeps the connection open without a word. */
export type FakeAnswer =
  { status: number; json?: unknown; text?: string; headers?: Record<string, string> } | 'hang';

/** A running fake server. */
export interface FakeHttpServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 that records every request and answers with `answer(request, index)`. */
export async function startFakeHttpServer(
  answer: (request: SeenRequest, index: number) => FakeAnswer | Promise<FakeAnswer>,
): Promise<FakeHttpServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
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
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, json };
      requests.push(seen);
      void Promise.resolve(answer(seen, requests.length - 1)).then((reply) => {
        if (reply === 'hang') return;
        const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
        res.writeHead(reply.status, {
          'content-type': reply.json !== undefined ? 'application/json' : 'text/plain',
          ...reply.headers,
        });
        res.end(body);
      });
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
