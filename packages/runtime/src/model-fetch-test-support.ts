import { createHash } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

const gitBlobId = (data: Buffer): string =>
  createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');

/** One file of a fake hub repository; `served` replaces the bytes sent (a tampered mirror). */
export interface FakeHubFile {
  data: string;
  /** Stored in LFS: served through a redirect whose `X-Linked-Etag` is the sha256 (as the real hub does). */
  lfs?: boolean;
  served?: string;
  /** Sends the headers and half the bytes, then nothing more (a hub that hangs mid-download). */
  stall?: boolean;
}

/**
 * A local stand-in for the Hugging Face hub speaking its download protocol: `GET /<id>/resolve/main/<path>`
 * answers a small file with its git blob id as `ETag`, and an LFS file with a 302 to a CDN URL carrying its
 * sha256 in `X-Linked-Etag`; anything else is 404. Every request path is recorded.
 */
export async function startFakeHub(
  repos: Record<string, Record<string, FakeHubFile>>,
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    requests.push(url);
    const cdn = /^\/cdn\/([^/]+)\/(.+)$/.exec(url);
    if (cdn) {
      const file = repos[cdn[1]!.replace('~', '/')]?.[cdn[2]!];
      if (!file) return void res.writeHead(404).end();
      return void res.writeHead(200).end(file.served ?? file.data);
    }
    const m = /^\/(.+?\/.+?)\/resolve\/main\/(.+)$/.exec(url);
    const file = m ? repos[m[1]!]?.[m[2]!] : undefined;
    if (!m || !file) return void res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('not found');
    if (file.lfs) {
      res.writeHead(302, {
        location: `/cdn/${m[1]!.replace('/', '~')}/${m[2]!}`,
        'x-linked-etag': `"${sha256(file.data)}"`,
        'x-linked-size': String(Buffer.byteLength(file.data)),
      });
      return void res.end();
    }
    res.writeHead(200, { etag: `"${gitBlobId(Buffer.from(file.data))}"` });
    if (file.stall) return void res.write(file.data.slice(0, file.data.length / 2));
    res.end(file.served ?? file.data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A URL where nothing listens: a hub that cannot be reached. */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** Writes a zip (a wheel, a jar) holding `members` (path → text) at `file`. */
export async function writeZip(file: string, members: Record<string, string>): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  const entries = Object.fromEntries(Object.entries(members).map(([k, v]) => [k, strToU8(v)]));
  await writeFile(file, zipSync(entries));
  return file;
}

/** Writes a wheel holding `members` as `<dir>/<name>-<version>-py3-none-any.whl`. */
export function writeWheel(
  dir: string,
  name: string,
  version: string,
  members: Record<string, string>,
): Promise<string> {
  return writeZip(path.join(dir, `${name.replace(/-/g, '_')}-${version}-py3-none-any.whl`), members);
}

/**
 * A stand-in for `python3` that understands only `-m pip download … -d <dir> <name>==<version>`: it copies the
 * matching wheel from `indexDir` (a one-directory package index) into `<dir>`, fails like pip when there is
 * none, and appends its arguments to `<indexDir>/calls.log`.
 */
export async function writeFakePython(binDir: string, indexDir: string): Promise<string> {
  await mkdir(binDir, { recursive: true });
  const script = path.join(binDir, 'python3');
  await writeFile(
    script,
    `#!/bin/sh
echo "$@" >> '${indexDir}/calls.log'
[ "$1 $2 $3" = "-m pip download" ] || { echo "fake python: unexpected $*" >&2; exit 2; }
dest=""; spec=""
while [ $# -gt 0 ]; do
  case "$1" in -d) dest="$2"; shift ;; *==*) spec="$1" ;; esac
  shift
done
name=$(echo "\${spec%%==*}" | tr '-' '_'); version="\${spec##*==}"
for w in '${indexDir}'/"$name-$version"-*.whl; do
  [ -f "$w" ] || { echo "ERROR: No matching distribution found for $spec" >&2; exit 1; }
  cp "$w" "$dest/"
done
`,
  );
  await chmod(script, 0o755);
  return script;
}

/**
 * A stand-in for `mvn` that understands only `dependency:get -Dartifact=g:a:v … -Dmaven.repo.local=<dir>`: it
 * copies `<indexDir>/<a>-<v>.jar` into the repository layout Maven uses (fails like Maven when there is none) and
 * appends its arguments to `<indexDir>/mvn-calls.log`.
 */
export async function writeFakeMaven(binDir: string, indexDir: string): Promise<string> {
  await mkdir(binDir, { recursive: true });
  const script = path.join(binDir, 'mvn');
  await writeFile(
    script,
    `#!/bin/sh
echo "$@" >> '${indexDir}/mvn-calls.log'
coords=""; repo=""
for arg in "$@"; do
  case "$arg" in -Dartifact=*) coords="\${arg#-Dartifact=}" ;; -Dmaven.repo.local=*) repo="\${arg#-Dmaven.repo.local=}" ;; esac
done
group=$(echo "$coords" | cut -d: -f1 | tr . /); artifact=$(echo "$coords" | cut -d: -f2); version=$(echo "$coords" | cut -d: -f3)
src='${indexDir}'/"$artifact-$version.jar"
[ -f "$src" ] || { echo "[ERROR] Could not find artifact $coords in central"; exit 1; }
mkdir -p "$repo/$group/$artifact/$version" && cp "$src" "$repo/$group/$artifact/$version/"
`,
  );
  await chmod(script, 0o755);
  return script;
}
