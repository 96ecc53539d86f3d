import { describe, expect, it } from 'vitest';
import { redactDeep, redactServerPaths } from './redact-paths.js';

describe('redactServerPaths', () => {
  it.each([
    ['model not found at /usr/share/pocketsphinx/model/en-us.', 'model not found at [server path].'],
    ["open '/srv/sift/data/tmp/task-1/page.png'", "open '[server path]'"],
    ['(/var/lib/sift/blobs/aa/bb)', '([server path])'],
    ['from C:\\sift\\models\\x and back', 'from [server path] and back'],
    ['see file:///srv/sift/models/x', 'see [server path]'],
  ])('replaces the server path in %j', (text, redacted) => {
    expect(redactServerPaths(text)).toBe(redacted);
  });

  it.each([
    'Transcription service http://127.0.0.1:8080/v1/audio/transcriptions is unreachable',
    'expected text/plain or application/problem+json',
    'page 1/2 and/or 3/4',
    'member notes/a.txt of the archive',
    'retry with POST /api/v1/tasks/:id/retry',
    'a single segment such as /tmp is no location',
  ])('leaves %j alone', (text) => {
    expect(redactServerPaths(text)).toBe(text);
  });

  it('keeps a path the client sent, and only that one', () => {
    const text = '/home/me/docs resolves to /mnt/real/docs';
    expect(redactServerPaths(text, ['/home/me/docs'])).toBe('/home/me/docs resolves to [server path]');
  });
});

describe('redactDeep', () => {
  it('redacts every string of nested details and leaves other values', () => {
    expect(
      redactDeep({ dir: '/srv/data/models', n: 3, list: ['/etc/sift/key', { ok: true }], none: null }),
    ).toEqual({ dir: '[server path]', n: 3, list: ['[server path]', { ok: true }], none: null });
  });
});
