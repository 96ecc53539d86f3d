import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { OtelTracer } from '@sift/adapter-otel';
import { OtlpReceiver } from '@sift/adapter-otel/testing';
import { loadConfig } from '@sift/config';
import { noopTracer } from '@sift/core';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { createTracing, type RuntimeTracing } from './tracing.js';

const run = promisify(execFile);

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

let receiver: OtlpReceiver;
const opened: RuntimeTracing[] = [];
beforeEach(async () => {
  receiver = await OtlpReceiver.start();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
  await receiver.close();
});

function tracingConfig(env: Record<string, string> = {}) {
  return loadConfig({ SIFT_OTEL_ENDPOINT: receiver.url, SIFT_OTEL_SERVICE_NAME: 'sift-api', ...env });
}

describe('createTracing', () => {
  it('is core’s no-op tracer when SIFT_OTEL_ENDPOINT is unset', async () => {
    const config = loadConfig({});
    const tracing = await createTracing(config, createLogger(config, capture().stream));
    expect(tracing.tracer).toBe(noopTracer);
  });

  it('exports spans to the configured endpoint under the configured service name', async () => {
    const out = capture();
    const config = tracingConfig({ SIFT_LOG_LEVEL: 'info' });
    const tracing = await createTracing(config, createLogger(config, out.stream));
    opened.push(tracing);
    expect(tracing.tracer).toBeInstanceOf(OtelTracer);
    await tracing.tracer.span('work', {}, async () => {});
    await tracing.close();
    expect(receiver.spans.map((s) => [s.name, s.serviceName])).toEqual([['work', 'sift-api']]);
    expect(out.lines().find((l) => l.msg === 'tracing to OTLP')).toMatchObject({ endpoint: receiver.url });
  });

  it('puts trace_id and span_id on log lines written inside a span, children of the logger included', async () => {
    const out = capture();
    const config = tracingConfig({ SIFT_LOG_LEVEL: 'info' });
    const logger = createLogger(config, out.stream);
    const tracing = await createTracing(config, logger);
    opened.push(tracing);
    const child = logger.child({ component: 'worker' });
    let ids: { traceId: string; spanId: string } | null = null;
    await tracing.tracer.span('work', {}, async () => {
      ids = tracing.tracer.currentIds();
      logger.info('inside');
      child.info('inside, child');
    });
    logger.info('outside');
    const byMsg = Object.fromEntries(out.lines().map((l) => [l.msg, l]));
    expect(ids).not.toBeNull();
    const expected = { trace_id: ids!.traceId, span_id: ids!.spanId };
    expect(byMsg.inside).toMatchObject(expected);
    expect(byMsg['inside, child']).toMatchObject({ ...expected, component: 'worker' });
    expect(byMsg.outside).not.toHaveProperty('trace_id');
    expect(byMsg.outside).not.toHaveProperty('span_id');
  });

  it('gives the logger no mixin when tracing is off, so lines cost nothing extra', () => {
    const logger = createLogger(loadConfig({}), capture().stream) as unknown as Record<symbol, unknown>;
    expect(logger[pino.symbols.mixinSym]).toBeUndefined();
    const traced = createLogger(tracingConfig(), capture().stream) as unknown as Record<symbol, unknown>;
    expect(traced[pino.symbols.mixinSym]).toBeTypeOf('function');
  });

  it('logs a collector that refuses spans once, not once per batch', async () => {
    receiver.refuseWith = 400;
    const out = capture();
    const config = tracingConfig({ SIFT_LOG_LEVEL: 'info' });
    const tracing = await createTracing(config, createLogger(config, out.stream));
    opened.push(tracing);
    for (const name of ['a', 'b']) {
      await tracing.tracer.span(name, {}, async () => {});
      await tracing.flush();
    }
    expect(receiver.requests).toBe(2);
    const warnings = out.lines().filter((l) => l.msg === 'could not export spans; dropped them');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, spans: 1, endpoint: receiver.url });
  });
});

describe('a runtime with tracing off', () => {
  /**
   * Runs createRuntime in a fresh Node process with a resolve hook that notes every OpenTelemetry module
   * loaded (vitest's own module graph would hide what a real process loads).
   */
  async function otelModulesLoaded(env: Record<string, string>): Promise<string[]> {
    const dir = await mkdtemp(path.join(tmpdir(), 'sift-otel-load-'));
    try {
      const log = path.join(dir, 'loaded.txt');
      await writeFile(log, '');
      const hook = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (/opentelemetry|adapter-otel/.test(result.url)) appendFileSync(${JSON.stringify(log)}, result.url + '\\n');
  return result;
}`;
      const register = path.join(dir, 'register.mjs');
      await writeFile(
        register,
        `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});\n`,
      );
      const script = `import { loadConfig } from '@sift/config';
import { createRuntime } from '@sift/runtime';
const config = loadConfig({ SIFT_DATA_DIR: ${JSON.stringify(path.join(dir, 'data'))}, SIFT_LOG_LEVEL: 'silent',
  SIFT_ALLOW_MODEL_DOWNLOADS: 'false', SIFT_EMBEDDER: 'none', ...${JSON.stringify(env)} });
const runtime = await createRuntime(config);
await runtime.close();`;
      await run(
        process.execPath,
        ['--import', 'tsx', '--import', register, '--input-type=module', '-e', script],
        {
          cwd: path.resolve(import.meta.dirname, '..'),
          env: { ...process.env, NODE_OPTIONS: '' },
        },
      );
      return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('loads no OpenTelemetry module (and one with tracing on does)', { timeout: 60_000 }, async () => {
    expect(await otelModulesLoaded({})).toEqual([]);
    const loaded = await otelModulesLoaded({ SIFT_OTEL_ENDPOINT: receiver.url });
    expect(loaded.some((url) => url.includes('@opentelemetry/sdk-trace-base'))).toBe(true);
  });
});
