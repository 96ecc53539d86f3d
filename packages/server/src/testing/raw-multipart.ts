import http from 'node:http';

/** One part of a hand-built multipart body: a form field or a `file` part. */
export type RawPart =
  { field: string; value: string } | { file: string; data: string | Buffer; type?: string };

/** The boundary every hand-built body uses. */
export const BOUNDARY = '----sift-test-boundary-7d1f';

/**
 * A multipart/form-data body as a client writes it, built by hand so that tests can cut it anywhere (after a
 * part, inside one) or leave the closing delimiter out.
 */
export function multipartBody(parts: RawPart[], options: { close?: boolean } = {}): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\n`));
    if ('field' in part) {
      chunks.push(
        Buffer.from(`Content-Disposition: form-data; name="${part.field}"\r\n\r\n${part.value}\r\n`),
      );
    } else {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="file"; filename="${part.file}"\r\n` +
            `Content-Type: ${part.type ?? 'text/plain'}\r\n\r\n`,
        ),
        Buffer.from(part.data),
        Buffer.from('\r\n'),
      );
    }
  }
  if (options.close !== false) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** The answer to a raw request, its body parsed as JSON when it is JSON. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { code?: string; [key: string]: unknown };
}

/**
 * POSTs `body` as it is with the given content type and a content-length of exactly its bytes, over a fresh
 * connection (a refused upload may close it).
 */
export function rawPost(url: string, contentType: string, body: Buffer): Promise<RawResponse> {
  const post = startPost(url, contentType, Buffer.alloc(0), body.length);
  return post.finish(body);
}

/** A POST under way: part of its body sent, the rest to follow or never. */
export interface PostUnderWay {
  /** Sends the rest of the body and reads the answer. */
  finish(rest: Buffer): Promise<RawResponse>;
  /** Drops the connection: a client that goes away in the middle of an upload. */
  abandon(): Promise<void>;
}

/**
 * Starts a POST that announces `totalBytes` and sends `head` at once, so that a test can watch the server
 * work on the first part before the body goes on (or breaks off).
 */
export function startPost(url: string, contentType: string, head: Buffer, totalBytes: number): PostUnderWay {
  const req = http.request(url, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': contentType, 'content-length': String(totalBytes) },
  });
  const closed = new Promise<void>((resolve) => req.on('close', () => resolve()));
  const response = new Promise<RawResponse>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body: text ? (JSON.parse(text) as RawResponse['body']) : {},
        });
      });
      res.on('error', reject);
    });
  });
  // An abandoned request rejects; nobody waits for it then.
  response.catch(() => undefined);
  if (head.length > 0) req.write(head);
  return {
    finish: (rest) => {
      req.end(rest);
      return response;
    },
    abandon: () => {
      req.destroy();
      return closed;
    },
  };
}

export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
