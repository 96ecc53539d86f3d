import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@sift/config';
import type { SiftEvent, SiftEventType } from '@sift/core';
import { createRuntime, type SiftLogger, type SiftRuntime } from '@sift/runtime';
import type { FastifyInstance } from 'fastify';
import type { BuildServerOptions } from '../app.js';
import { startServer } from '../start-server.js';

/** A real server on a free port over a fresh data dir (SQLite file and blob dir), for tests. */
export interface TestServer {
  url: string;
  runtime: SiftRuntime;
  server: FastifyInstance;
  dataDir: string;
  /** Closes the server and the runtime and deletes the data dir. Safe to call twice. */
  close(): Promise<void>;
}

export interface TestServerOptions extends BuildServerOptions {
  /** Extra SIFT_* variables. */
  env?: Record<string, string>;
  startWorkers?: boolean;
  runtimeLogger?: SiftLogger;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sift-server-'));
  const config = loadConfig({
    SIFT_DATA_DIR: dataDir,
    SIFT_PORT: '0',
    SIFT_LOG_LEVEL: 'silent',
    // Route tests act as the operator; the auth tests turn accounts on (SIFT_AUTH: 'on').
    SIFT_AUTH: 'off',
    // Tests never download models: SIFT_EMBEDDER=auto then serves what the (empty) models dir holds.
    SIFT_ALLOW_MODEL_DOWNLOADS: 'false',
    ...options.env,
  });
  const runtime = await createRuntime(config, options.runtimeLogger && { logger: options.runtimeLogger });
  if (options.startWorkers) await runtime.startWorkers();
  const { server, address } = await startServer(runtime, options);
  let closed: Promise<void> | null = null;
  return {
    url: address,
    runtime,
    server,
    dataDir,
    close: () =>
      (closed ??= (async () => {
        await server.close();
        await runtime.close();
        await rm(dataDir, { recursive: true, force: true });
      })()),
  };
}

/**
 * A port free on 127.0.0.1 right now, for a server that must know its own URL before it starts (SIFT_PORT with
 * SIFT_PUBLIC_URL). Another process could take it in between; tests accept that small chance.
 */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}

/** Resolves with the first event of `type` that matches `predicate`. */
export function nextEvent<T extends SiftEventType>(
  runtime: SiftRuntime,
  type: T,
  predicate: (event: Extract<SiftEvent, { type: T }>) => boolean = () => true,
): Promise<Extract<SiftEvent, { type: T }>> {
  return new Promise((resolve) => {
    const stop = runtime.events.subscribe((event) => {
      if (event.type === type && predicate(event as Extract<SiftEvent, { type: T }>)) {
        stop();
        resolve(event as Extract<SiftEvent, { type: T }>);
      }
    });
  });
}

/** fetch, reading the body as JSON of the type the caller expects (the route schemas' types). */
export async function fetchJson<T>(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}
