// Shared by the benches that drive a real `sift serve` process over HTTP. Not a bench itself.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `sift serve` on `dataDir` and `port` (logs at warn to stderr) and resolves once `/health` answers.
 * `nodeArgs` go to node (e.g. `--cpu-prof`); `env` adds SIFT_* settings.
 */
export async function startSift(
  dataDir: string,
  port: number,
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), path.join(root, 'packages/cli/bin/sift.js'), 'serve'],
    {
      env: {
        ...process.env,
        SIFT_DATA_DIR: dataDir,
        SIFT_PORT: String(port),
        SIFT_LOG_LEVEL: 'warn',
        // Loopback, no accounts: the benches measure the pipeline, not sign-in.
        SIFT_AUTH: 'off',
        ...options.env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (const deadline = Date.now() + 120_000; ;) {
    if (child.exitCode !== null) throw new Error(`sift serve exited with ${child.exitCode}`);
    if (
      await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    if (Date.now() > deadline) throw new Error('sift serve did not start');
    await sleep(200);
  }
}

/** Stops a server started by `startSift` and waits for it to exit. */
export async function stopSift(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}
