import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@sift/core';
import type { ModelSourceFile } from './model-catalog.js';

/** The Hugging Face hub; a mirror or a local server is passed as `endpoint` instead. */
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

/**
 * How long to wait for response headers, and for the next bytes of a body: a hub that stops answering fails the
 * fetch (and lets the next source try) instead of hanging an install, however long a large file takes.
 */
export const STALL_TIMEOUT_MS = 60_000;

const MAX_REDIRECTS = 5;

/** A digest the hub publishes for a file: sha256 for LFS files, the git blob id (sha1) for small ones. */
type HubDigest = { kind: 'sha256' | 'git-blob-sha1'; value: string };

export interface HubDownload {
  /** False when an optional file is not in the repository (404). */
  found: boolean;
  sha256?: string;
  bytes?: number;
}

/**
 * Downloads `<endpoint>/<hubId>/resolve/main/<file.path>` to `dest` and checks it: against `file.sha256` when
 * the catalogue pins it, else against the digest in the hub's headers (`X-Linked-Etag` on the redirect of a
 * large file, `ETag` of a small one) — the same check huggingface_hub makes. Throws `MODEL_SOURCE_UNAVAILABLE`
 * (unreachable, HTTP error), `MODEL_CHECKSUM_MISMATCH` or `MODEL_UNVERIFIABLE` (no digest to check against).
 */
export async function downloadHubFile(
  endpoint: string,
  hubId: string,
  file: ModelSourceFile,
  dest: string,
  options: { stallTimeoutMs?: number; onBytes?: (bytes: number) => void } = {},
): Promise<HubDownload> {
  const url = `${endpoint.replace(/\/+$/, '')}/${hubId}/resolve/main/${file.path.split('/').map(encodeURIComponent).join('/')}`;
  const context = { model: hubId, file: file.path, url };
  const stall = stallGuard(options.stallTimeoutMs ?? STALL_TIMEOUT_MS);
  try {
    return await download(url, file, dest, context, stall, options.onBytes);
  } finally {
    stall.clear();
  }
}

async function download(
  url: string,
  file: ModelSourceFile,
  dest: string,
  context: Record<string, unknown>,
  stall: StallGuard,
  onBytes?: (bytes: number) => void,
): Promise<HubDownload> {
  // The redirect of a large file carries its sha256, so redirects are followed by hand: fetch would drop the
  // header. A renamed repository adds a hop before it.
  let at = url;
  let res = await request(at, context, stall);
  let digest = hubDigest(res.headers);
  for (let hop = 0; res.status >= 300 && res.status < 400; hop++) {
    const location = res.headers.get('location');
    await res.body?.cancel();
    if (!location || hop === MAX_REDIRECTS)
      throw unavailable(`${url} redirected too often or nowhere`, context);
    at = new URL(location, at).toString();
    res = await request(at, context, stall);
    digest ??= hubDigest(res.headers);
  }
  if (res.status === 404 && file.optional) {
    await res.body?.cancel();
    return { found: false };
  }
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel();
    throw unavailable(`${url} answered HTTP ${res.status}`, { ...context, status: res.status });
  }
  if (!file.sha256 && !digest) {
    await res.body.cancel();
    throw new AppError(
      'MODEL_UNVERIFIABLE',
      'third_party',
      `${url}: the catalogue pins no sha256 for ${file.path} and the hub published no digest of it`,
      { details: context, retryable: false },
    );
  }

  const sha256 = createHash('sha256');
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      stall.touch();
      sha256.update(chunk);
      bytes += chunk.length;
      onBytes?.(bytes);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as never), count, createWriteStream(dest));
  } catch (err) {
    const reason = stall.signal.aborted ? `stalled for ${stall.ms / 1000} s` : (err as Error).message;
    throw unavailable(`${url}: download broke off (${reason})`, context, err);
  }
  const actual = sha256.digest('hex');
  if (file.sha256) {
    if (actual !== file.sha256) throw mismatch(context, file.sha256, actual, 'sha256');
  } else if (digest?.kind === 'sha256') {
    if (actual !== digest.value) throw mismatch(context, digest.value, actual, 'sha256');
  } else if (digest) {
    // Small files are published with their git blob id: sha1 over "blob <size>\0" and the bytes.
    const blob = createHash('sha1')
      .update(`blob ${bytes}\0`)
      .update(await readFile(dest));
    const id = blob.digest('hex');
    if (id !== digest.value) throw mismatch(context, digest.value, id, 'git blob id');
  }
  return { found: true, sha256: actual, bytes };
}

interface StallGuard {
  signal: AbortSignal;
  ms: number;
  /** Progress was made: the stall clock starts again. */
  touch(): void;
  clear(): void;
}

/** Aborts its signal once nothing has been received for `ms`. */
function stallGuard(ms: number): StallGuard {
  const abort = new AbortController();
  let timer = setTimeout(() => abort.abort(), ms);
  return {
    signal: abort.signal,
    ms,
    touch() {
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(), ms);
    },
    clear: () => clearTimeout(timer),
  };
}

async function request(url: string, context: Record<string, unknown>, stall: StallGuard): Promise<Response> {
  try {
    const res = await fetch(url, {
      redirect: 'manual',
      signal: stall.signal,
      headers: { 'user-agent': 'sift-models' },
    });
    stall.touch();
    return res;
  } catch (err) {
    const reason = stall.signal.aborted
      ? `no answer in ${stall.ms / 1000} s`
      : ((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message);
    throw unavailable(`${url} is unreachable (${reason})`, context, err);
  }
}

function hubDigest(headers: Headers): HubDigest | undefined {
  const clean = (v: string | null) => v?.replace(/^W\//, '').replace(/"/g, '').trim().toLowerCase();
  const linked = clean(headers.get('x-linked-etag'));
  if (linked && /^[0-9a-f]{64}$/.test(linked)) return { kind: 'sha256', value: linked };
  const etag = clean(headers.get('etag'));
  if (etag && /^[0-9a-f]{64}$/.test(etag)) return { kind: 'sha256', value: etag };
  if (etag && /^[0-9a-f]{40}$/.test(etag)) return { kind: 'git-blob-sha1', value: etag };
  return undefined;
}

function unavailable(message: string, details: Record<string, unknown>, cause?: unknown): AppError {
  return new AppError('MODEL_SOURCE_UNAVAILABLE', 'third_party', message, { details, cause });
}

/** A file whose bytes are not the ones the catalogue or the source vouches for. */
export function mismatch(
  context: Record<string, unknown>,
  expected: string,
  actual: string,
  digest: string,
): AppError {
  return new AppError(
    'MODEL_CHECKSUM_MISMATCH',
    'third_party',
    `${String(context.file)} of ${String(context.model)} has ${digest} ${actual}, expected ${expected}: not installed`,
    { details: { ...context, expected, actual }, retryable: false },
  );
}
