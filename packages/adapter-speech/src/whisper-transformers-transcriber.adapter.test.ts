import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhisperTransformersTranscriber } from './whisper-transformers-transcriber.adapter.js';

const JFK = fileURLToPath(new URL('../../../../shared/fixtures/audio/jfk.wav', import.meta.url));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/** A real local HTTP server; `answer` decides per request, and every request line is recorded. */
async function startServer(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    answer(req, res);
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

let modelsDir: string;
beforeAll(() => {
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sift-whisper-models-'));
});
afterAll(() => fs.rmSync(modelsDir, { recursive: true, force: true }));

describe('WhisperTransformersTranscriber', () => {
  it('fails with MODEL_MISSING when the model is not local and downloads are off', async () => {
    const whisper = new WhisperTransformersTranscriber({ model: 'onnx-community/whisper-tiny', modelsDir });
    const err = await rejection(whisper.transcribe(JFK, {}));
    expect(err).toMatchObject({ code: 'MODEL_MISSING', category: 'system', retryable: false });
    expect((err as Error).message).toBe(
      'Whisper model onnx-community/whisper-tiny is not available offline: put it under SIFT_MODELS_DIR/onnx-community/whisper-tiny or allow downloads',
    );
    expect(fs.readdirSync(modelsDir)).toEqual([]);
  });

  it('fails with MODEL_MISSING when the hub answers 404, and asks again on the next call', async () => {
    const hub = await startServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Entry not found');
    });
    try {
      const whisper = new WhisperTransformersTranscriber({
        model: 'Xenova/whisper-tiny',
        modelsDir,
        allowRemoteModels: true,
        remoteHost: hub.url,
      });
      const err = await rejection(whisper.transcribe(JFK, {}));
      expect(err).toMatchObject({ code: 'MODEL_MISSING', retryable: false, details: { remote: true } });
      expect(hub.requests[0]).toBe('GET /Xenova/whisper-tiny/resolve/main/config.json');
      const seen = hub.requests.length;
      await rejection(whisper.transcribe(JFK, {}));
      expect(hub.requests.length).toBeGreaterThan(seen);
    } finally {
      await hub.close();
    }
  });

  it('fails with MODEL_MISSING instead of hanging when the hub never answers', async () => {
    const hub = await startServer(() => {
      // Accept the connection and say nothing, like a black-holed proxy.
    });
    try {
      const whisper = new WhisperTransformersTranscriber({
        model: 'Xenova/whisper-tiny',
        modelsDir,
        allowRemoteModels: true,
        remoteHost: hub.url,
        connectTimeoutMs: 300,
      });
      const err = await rejection(whisper.transcribe(JFK, {}));
      expect(err).toMatchObject({ code: 'MODEL_MISSING' });
      expect((err as { details: { reason: string } }).details.reason).toContain('no response within 300 ms');
      expect(hub.requests).toHaveLength(1);
    } finally {
      await hub.close();
    }
  });

  it('throws the reason of an already aborted signal before loading anything', async () => {
    const reason = new Error('cancelled');
    const whisper = new WhisperTransformersTranscriber({ modelsDir });
    expect(await rejection(whisper.transcribe(JFK, { signal: AbortSignal.abort(reason) }))).toBe(reason);
  });
});
