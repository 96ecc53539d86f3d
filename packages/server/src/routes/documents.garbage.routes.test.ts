import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { uploadFiles, waitForDocument } from '../testing/upload.js';

/** A valid 16 kHz mono 16-bit WAV of `seconds` of silence. */
function silentWav(seconds: number): Uint8Array {
  const samples = 16_000 * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(16_000, 24);
  wav.writeUInt32LE(32_000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  return wav;
}

/**
 * Garbage is not success: bytes that are not text are refused, a text format without words fails, and a
 * file that may legitimately hold no words is processed with a warning the API shows.
 */
describe('unreadable and empty documents over HTTP', () => {
  let t: TestServer;
  const api = () => `${t.url}/api/v1`;
  beforeAll(async () => {
    t = await startTestServer({
      startWorkers: true,
      env: { SIFT_QUEUE_POLL_MS: '50', SIFT_EMBEDDER: 'none' },
    });
  });
  afterAll(() => t.close());

  it.each([
    ['one random byte named page.html', 'page.html', Uint8Array.of(0xb7)],
    ['random bytes named notes.md', 'notes.md', randomBytes(4096)],
    ['random bytes named data.csv', 'data.csv', randomBytes(2048)],
  ])(
    'refuses %s as DOCUMENT_UNREADABLE instead of indexing replacement characters',
    async (_, name, data) => {
      const up = await uploadFiles(api(), [{ name, data }]);
      expect(up.status).toBe(400);
      expect(up.body.code).toBe('DOCUMENT_UNREADABLE');
      const listed = (await (await fetch(`${api()}/documents`)).json()) as { items: { filename: string }[] };
      expect(listed.items.map((d) => d.filename)).not.toContain(name);
    },
  );

  it('fails a text file without a single word with EMPTY_TEXT, at once', async () => {
    const up = await uploadFiles(api(), [{ name: 'dashes.txt', data: '--- ... !!! ***\n\n   ;;;\n' }]);
    const doc = await waitForDocument(api(), up.body.items[0]!.document_id!);
    expect(doc).toMatchObject({ status: 'failed', error: { code: 'EMPTY_TEXT' }, chunk_count: 0 });
    const task = (await (await fetch(`${api()}/tasks/${doc.task_id}`)).json()) as { attempts: number };
    expect(task.attempts).toBe(1);
  });

  it('processes a recording of silence with an EMPTY_TEXT warning instead of a silent success', async () => {
    const up = await uploadFiles(api(), [{ name: 'silence.wav', data: silentWav(1), type: 'audio/wav' }]);
    const doc = (await waitForDocument(api(), up.body.items[0]!.document_id!)) as unknown as {
      status: string;
      chunk_count: number;
      warnings: { code: string; message: string }[];
    };
    expect(doc.status).toBe('processed');
    expect(doc.chunk_count).toBe(0);
    expect(doc.warnings.map((w) => w.code)).toContain('EMPTY_TEXT');
  });
});
