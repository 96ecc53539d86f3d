import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { declaredWavMs, readWavHeader } from './wav-header.js';

const JFK = fileURLToPath(new URL('../../../../../shared/fixtures/audio/jfk.wav', import.meta.url));

let tmp: string;
beforeAll(async () => {
  tmp = await makeTempDir('sift-wav-header-');
});
afterAll(() => removeTempDir(tmp));

function write(name: string, bytes: Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return path;
}

describe('readWavHeader', () => {
  it('reads the declared and the present audio of a whole WAV, past its LIST chunk', async () => {
    const header = await readWavHeader(JFK);
    expect(header).toEqual({ declaredBytes: 352_000, availableBytes: 352_000, byteRate: 32_000 });
    expect(declaredWavMs(header!)).toBe(11_000);
  });

  it('still reports what the header declares when the file was cut short', async () => {
    const bytes = readFileSync(JFK);
    const header = await readWavHeader(write('cut.wav', bytes.subarray(0, 1078)));
    expect(header).toEqual({ declaredBytes: 352_000, availableBytes: 1000, byteRate: 32_000 });
  });

  it('leaves the length open for a WAV streamed to a pipe, whose writer could not fill it in', async () => {
    const streamed = execFileSync('ffmpeg', [
      ...['-v', 'error', '-nostdin', '-f', 'lavfi', '-i', 'sine=r=16000', '-t', '0.5'],
      ...['-c:a', 'pcm_s16le', '-f', 'wav', '-'],
    ]);
    const header = await readWavHeader(write('streamed.wav', streamed));
    expect(header).toMatchObject({ declaredBytes: null, byteRate: 32_000 });
    expect(header!.availableBytes).toBeGreaterThan(15_000);
    expect(declaredWavMs(header!)).toBeNull();
  });

  it('skips padded odd-length chunks to find the data chunk', async () => {
    const chunk = (id: string, body: Buffer): Buffer => {
      const head = Buffer.alloc(8);
      head.write(id, 0, 'latin1');
      head.writeUInt32LE(body.length, 4);
      return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
    };
    const fmt = Buffer.alloc(16);
    fmt.writeUInt16LE(1, 0);
    fmt.writeUInt16LE(1, 2);
    fmt.writeUInt32LE(8000, 4);
    fmt.writeUInt32LE(16_000, 8);
    const body = Buffer.concat([
      Buffer.from('WAVE'),
      chunk('fmt ', fmt),
      chunk('note', Buffer.from('odd')),
      chunk('data', Buffer.alloc(16_000)),
    ]);
    const riff = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), body]);
    riff.writeUInt32LE(body.length, 4);
    const header = await readWavHeader(write('padded.wav', riff));
    expect(header).toEqual({ declaredBytes: 16_000, availableBytes: 16_000, byteRate: 16_000 });
    expect(declaredWavMs(header!)).toBe(1000);
  });

  it('returns null for files that are not RIFF/WAVE or have no data chunk', async () => {
    expect(await readWavHeader(write('text.wav', Buffer.from('not a wave file at all')))).toBeNull();
    expect(await readWavHeader(write('no-data.wav', readFileSync(JFK).subarray(0, 60)))).toBeNull();
  });
});
