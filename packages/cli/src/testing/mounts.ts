import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Whether this machine lets tests mount file systems (root in a machine or container that allows mounts):
 * a tmpfs to fill a disk for real, a loop-mounted image to see what an OS crash would leave.
 */
export const canMount: { tmpfs: boolean; loop: boolean } = (() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sift-mount-probe-'));
  const mnt = path.join(dir, 'mnt');
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'ignore' });
  const attempt = (fn: () => void) => {
    try {
      fn();
      return true;
    } catch {
      return false;
    } finally {
      try {
        run('umount', [mnt]);
      } catch {
        // Not mounted.
      }
    }
  };
  try {
    run('mkdir', ['-p', mnt]);
    return {
      tmpfs: attempt(() => run('mount', ['-t', 'tmpfs', '-o', 'size=1M', 'sift-probe', mnt])),
      loop: attempt(() => {
        const image = path.join(dir, 'probe.img');
        run('truncate', ['-s', '8M', image]);
        run('mkfs.ext4', ['-q', '-F', image]);
        run('mount', ['-o', 'loop', image, mnt]);
      }),
    };
  } catch {
    return { tmpfs: false, loop: false };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();

/** Unmounts (lazily, so a straggling process cannot keep it busy); an unmounted path is fine. */
export function unmount(mnt: string): void {
  try {
    execFileSync('umount', ['-l', mnt], { stdio: 'ignore' });
  } catch {
    // Already unmounted.
  }
}

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

/** Waits until `GET base/health` answers 200. */
export async function waitForServer(base: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}
