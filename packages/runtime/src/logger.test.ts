import { Writable } from 'node:stream';
import { loadConfig } from '@sift/config';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes one JSON object a line by default, at the configured level', () => {
    const out = capture();
    const logger = createLogger(loadConfig({ SIFT_LOG_LEVEL: 'warn' }), out.stream);
    logger.info('hidden');
    logger.warn({ taskId: 't1' }, 'visible');
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 40, msg: 'visible', taskId: 't1' });
  });

  it('writes human-readable lines when the format is pretty', async () => {
    const out = capture();
    const logger = createLogger(
      loadConfig({ SIFT_LOG_FORMAT: 'pretty', SIFT_LOG_LEVEL: 'info' }),
      out.stream,
    );
    logger.info({ taskId: 't1' }, 'hello there');
    // pino-pretty is a transform stream; give it a turn to write.
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.text()).toContain('INFO');
    expect(out.text()).toContain('hello there');
    expect(() => JSON.parse(out.text())).toThrow();
  });
});
