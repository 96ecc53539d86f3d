import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Transcriber } from '@sift/core';
import { runTool, type ToolSandbox } from '@sift/tools';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { AudioExtractor } from './audio.extractor.js';

/**
 * Playlists and manifests make ffmpeg open the URLs inside them, and nothing stops an upload named .mp3 from
 * being one. A canary listener on 127.0.0.1 counts every connection ffprobe or ffmpeg makes to it.
 */
let dir: string;
let canary: Server;
let canaryUrl: string;
const connections: string[] = [];

const transcriber: Transcriber = {
  name: 'unreachable',
  transcribe: () => Promise.reject(new Error('a playlist must not get as far as transcription')),
};

/** Playlist formats ffmpeg recognises by content, each pointing its media at the canary. */
function playlists(): Record<string, string> {
  return {
    'hls.mp3': [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:10',
      '#EXT-X-VERSION:3',
      '#EXTINF:10.0,',
      `${canaryUrl}/hls-segment.ts`,
      '#EXT-X-ENDLIST',
      '',
    ].join('\n'),
    'dash.m4a': `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT10S" minBufferTime="PT1S"
  profiles="urn:mpeg:dash:profile:isoff-on-demand:2011"><Period><AdaptationSet mimeType="audio/mp4">
<Representation id="a" bandwidth="64000"><BaseURL>${canaryUrl}/dash.mp4</BaseURL></Representation>
</AdaptationSet></Period></MPD>
`,
  };
}

beforeAll(async () => {
  dir = await makeTempDir();
  canary = createServer((req, res) => {
    connections.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.writeHead(404).end();
  });
  canary.on('connection', (socket) => connections.push(`connection from port ${socket.remotePort}`));
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
  for (const [name, text] of Object.entries(playlists())) await writeFile(join(dir, name), text);
});
beforeEach(() => {
  connections.length = 0;
});
afterAll(async () => {
  await new Promise<void>((resolve) => canary.close(() => resolve()));
  await removeTempDir(dir);
});

describe('AudioExtractor and the network', () => {
  it.each(Object.keys(playlists()))(
    'control: ffprobe allowed http would fetch the media of %s from the listener',
    async (name) => {
      await runTool(
        'ffprobe',
        ['-v', 'error', '-protocol_whitelist', 'file,http,tcp', '-show_format', join(dir, name)],
        { timeoutMs: 30_000, toolHint: 'ffmpeg', network: 'inherit' },
      ).catch(() => undefined);
      expect(connections.length).toBeGreaterThan(0);
    },
  );

  const sandboxes: [string, ToolSandbox | undefined][] = [
    ['in the detected sandbox', undefined],
    ['with no network sandbox available', { kind: 'none', reason: 'forced by the test' }],
  ];
  describe.each(sandboxes)('%s', (_, sandbox) => {
    it.each(Object.keys(playlists()))(
      'rejects %s as DOCUMENT_CORRUPT without connecting to the listener',
      async (name) => {
        const extractor = new AudioExtractor({ transcriber, ...(sandbox ? { sandbox } : {}) });
        await expect(extractor.extract(await extractionInput(join(dir, name), dir))).rejects.toMatchObject({
          code: 'DOCUMENT_CORRUPT',
        });
        expect(connections).toEqual([]);
      },
    );
  });
});
