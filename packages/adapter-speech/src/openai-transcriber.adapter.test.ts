import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiTranscriber } from './openai-transcriber.adapter.js';
import { readWavInfo } from './wav.js';

const JFK = fileURLToPath(new URL('../../../../shared/fixtures/audio/jfk.wav', import.meta.url));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  form: FormData;
}

type Reply = { status: number; body: unknown } | 'silence';

/** A fake transcription server: parses each multipart request as a real server would, then replies. */
async function startServer(reply: (r: Received) => Reply) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const form = await new Response(body, {
          headers: { 'content-type': req.headers['content-type'] ?? '' },
        }).formData();
        const r = { method: req.method!, url: req.url!, authorization: req.headers.authorization, form };
        received.push(r);
        const answer = reply(r);
        if (answer === 'silence') return;
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  servers.push(stop);
  return { url: `http://127.0.0.1:${port}`, received, stop };
}

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((stop) => stop()));
});

const VERBOSE = {
  task: 'transcribe',
  language: 'english',
  duration: 11.0,
  text: ' And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
  segments: [
    {
      id: 0,
      start: 0.0,
      end: 7.6,
      text: ' And so my fellow Americans, ask not what your country can do for you,',
      avg_logprob: -0.2,
    },
    { id: 1, start: 7.6, end: 10.6, text: ' ask what you can do for your country.', avg_logprob: -0.1 },
  ],
};

describe('OpenAiTranscriber', () => {
  it('posts the WAV as multipart with the verbose_json fields and maps segments', async () => {
    const server = await startServer(() => ({ status: 200, body: VERBOSE }));
    const transcriber = new OpenAiTranscriber({
      baseUrl: `${server.url}/`,
      apiKey: 'sk-test',
      model: 'whisper-large-v3',
    });
    const transcript = await transcriber.transcribe(JFK, { language: 'en' });

    const [request] = server.received;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/v1/audio/transcriptions',
      authorization: 'Bearer sk-test',
    });
    expect(request!.form.get('model')).toBe('whisper-large-v3');
    expect(request!.form.get('response_format')).toBe('verbose_json');
    expect(request!.form.getAll('timestamp_granularities[]')).toEqual(['segment']);
    expect(request!.form.get('language')).toBe('en');
    const file = request!.form.get('file') as File;
    expect(file.name).toBe('jfk.wav');
    expect(Buffer.from(await file.arrayBuffer()).equals(fs.readFileSync(JFK))).toBe(true);

    expect(transcript.text).toBe(VERBOSE.text.trim());
    expect(transcript.language).toBe('en');
    expect(transcript.durationMs).toBe(11_000);
    expect(transcript.engine).toMatchObject({ name: 'openai-compatible', model: 'whisper-large-v3' });
    expect(transcript.segments).toEqual([
      { startMs: 0, endMs: 7600, text: VERBOSE.segments[0]!.text.trim(), confidence: Math.exp(-0.2) },
      { startMs: 7600, endMs: 10_600, text: VERBOSE.segments[1]!.text.trim(), confidence: Math.exp(-0.1) },
    ]);
  });

  it.each([
    ['the server root', ''],
    ['the root with a trailing slash', '/'],
    ['a base URL ending in /v1', '/v1'],
    ['a base URL ending in /v1/', '/v1/'],
  ])('reaches /v1/audio/transcriptions from %s', async (_, suffix) => {
    const server = await startServer(() => ({ status: 200, body: VERBOSE }));
    await new OpenAiTranscriber({ baseUrl: `${server.url}${suffix}` }).transcribe(JFK, {});
    expect(server.received.map((r) => r.url)).toEqual(['/v1/audio/transcriptions']);
  });

  it('sends no Authorization header and no language when none is set', async () => {
    const server = await startServer(() => ({ status: 200, body: VERBOSE }));
    await new OpenAiTranscriber({ baseUrl: server.url }).transcribe(JFK, {});
    expect(server.received[0]!.authorization).toBeUndefined();
    expect(server.received[0]!.form.has('language')).toBe(false);
    expect(server.received[0]!.form.get('model')).toBe('whisper-1');
  });

  it('turns a plain json answer without segments into one segment over the whole file', async () => {
    const server = await startServer(() => ({
      status: 200,
      body: { text: ' ask not what your country can do' },
    }));
    const transcript = await new OpenAiTranscriber({ baseUrl: server.url }).transcribe(JFK, {});
    const { durationMs } = await readWavInfo(JFK);
    expect(transcript.durationMs).toBe(durationMs);
    expect(transcript.language).toBeNull();
    expect(transcript.segments).toEqual([
      { startMs: 0, endMs: durationMs, text: 'ask not what your country can do' },
    ]);
  });

  it('maps a 500 to retryable TRANSCRIBER_UNAVAILABLE', async () => {
    const server = await startServer(() => ({ status: 500, body: { error: { message: 'model crashed' } } }));
    const err = await rejection(new OpenAiTranscriber({ baseUrl: server.url }).transcribe(JFK, {}));
    expect(err).toMatchObject({ code: 'TRANSCRIBER_UNAVAILABLE', category: 'third_party', retryable: true });
    expect((err as Error).message).toContain('model crashed');
  });

  it('maps a 400 to permanent TRANSCRIBER_REJECTED with the server’s message', async () => {
    const server = await startServer(() => ({
      status: 400,
      body: { error: { message: 'Invalid file format.', type: 'invalid_request_error' } },
    }));
    const err = await rejection(new OpenAiTranscriber({ baseUrl: server.url }).transcribe(JFK, {}));
    expect(err).toMatchObject({
      code: 'TRANSCRIBER_REJECTED',
      category: 'third_party',
      retryable: false,
      details: { status: 400, serverMessage: 'Invalid file format.' },
    });
  });

  it('treats 429 as retryable', async () => {
    const server = await startServer(() => ({ status: 429, body: 'Too Many Requests' }));
    const err = await rejection(new OpenAiTranscriber({ baseUrl: server.url }).transcribe(JFK, {}));
    expect(err).toMatchObject({
      code: 'TRANSCRIBER_UNAVAILABLE',
      retryable: true,
      details: { serverMessage: 'Too Many Requests' },
    });
  });

  it('gives up with retryable TRANSCRIBER_UNAVAILABLE when the server does not answer in time', async () => {
    const server = await startServer(() => 'silence');
    const err = await rejection(
      new OpenAiTranscriber({ baseUrl: server.url, timeoutMs: 300 }).transcribe(JFK, {}),
    );
    expect(err).toMatchObject({
      code: 'TRANSCRIBER_UNAVAILABLE',
      retryable: true,
      details: { timedOut: true },
    });
    expect(server.received).toHaveLength(1);
  });

  it('reports an unreachable server as retryable TRANSCRIBER_UNAVAILABLE', async () => {
    const server = await startServer(() => ({ status: 200, body: VERBOSE }));
    await server.stop();
    const err = await rejection(new OpenAiTranscriber({ baseUrl: server.url }).transcribe(JFK, {}));
    expect(err).toMatchObject({
      code: 'TRANSCRIBER_UNAVAILABLE',
      retryable: true,
      details: { timedOut: false },
    });
  });

  it('reports a body that is not JSON as retryable TRANSCRIBER_UNAVAILABLE', async () => {
    const server = await startServer(() => ({ status: 200, body: '<html>proxy error</html>' }));
    const err = await rejection(new OpenAiTranscriber({ baseUrl: server.url }).transcribe(JFK, {}));
    expect(err).toMatchObject({ code: 'TRANSCRIBER_UNAVAILABLE', retryable: true });
  });

  it('throws the caller’s abort reason, not a service error', async () => {
    const server = await startServer(() => 'silence');
    const controller = new AbortController();
    const reason = new Error('task cancelled');
    const pending = new OpenAiTranscriber({ baseUrl: server.url }).transcribe(JFK, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(reason), 100);
    expect(await rejection(pending)).toBe(reason);
  });
});
