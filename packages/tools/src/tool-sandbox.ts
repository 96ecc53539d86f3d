import { execFile } from 'node:child_process';
import { findExecutable } from './find-executable.js';

/**
 * How {@link runTool} keeps an external program off the network. Converters read untrusted files, and some
 * formats make them fetch URLs (a Word INCLUDEPICTURE field makes LibreOffice request it): without network
 * access such a file cannot reach internal services (blind SSRF).
 */
export type ToolSandbox =
  /** A fresh Linux network namespace (no interfaces but a loopback that is down), entered by `prefix`. */
  | { kind: 'netns'; prefix: readonly string[] }
  /** No sandbox: programs share the host's network; `reason` says why. */
  | { kind: 'none'; reason: string };

/** The namespaces to try, most direct first: root may create one outright, others only inside a user namespace. */
const UNSHARE_FLAGS = [['--net'], ['--user', '--map-root-user', '--net']] as const;
const PROBE_TIMEOUT_MS = 10_000;
/** Succeeds only where no interface has an outside address (a new namespace has none, not even 127.0.0.1). */
const PROBE_SCRIPT =
  "process.exit(Object.values(require('node:os').networkInterfaces()).flat().every((a) => a.internal) ? 0 : 3)";

let detected: Promise<ToolSandbox> | undefined;

/**
 * Finds, once per process, how to run programs without network: `unshare --net` as root, or inside an
 * unprivileged user namespace where the kernel allows it. The probe really runs a program in the namespace and
 * checks it sees no network. Where neither works (not Linux, no util-linux, namespaces forbidden by a
 * container) the answer is `none` with the reason, and a process warning says so once: programs then run
 * with the host's network and only their own settings (e.g. the LibreOffice profile) keep them off it.
 * Callers that log at start-up can report the result.
 */
export function detectToolSandbox(): Promise<ToolSandbox> {
  detected ??= probeSandbox().then((sandbox) => {
    if (sandbox.kind === 'none') {
      process.emitWarning(`External programs run with network access: ${sandbox.reason}`, {
        code: 'SIFT_TOOL_SANDBOX_UNAVAILABLE',
      });
    }
    return sandbox;
  });
  return detected;
}

async function probeSandbox(): Promise<ToolSandbox> {
  if (process.platform !== 'linux') {
    return { kind: 'none', reason: `network namespaces need Linux, this is ${process.platform}` };
  }
  // Same lookup spawn itself would do for the server's own environment.
  const unshare = await findExecutable('unshare', process.env.PATH);
  if (!unshare) return { kind: 'none', reason: 'unshare (Debian package util-linux) is not installed' };
  const failures: string[] = [];
  for (const flags of UNSHARE_FLAGS) {
    const prefix = [unshare, ...flags, '--'];
    const failure = await probe(prefix);
    if (failure === null) return { kind: 'netns', prefix };
    failures.push(`unshare ${flags.join(' ')}: ${failure}`);
  }
  return { kind: 'none', reason: `no network namespace can be created here (${failures.join('; ')})` };
}

/** Null when a program ran in the namespace and saw no network, else what went wrong. */
function probe(prefix: string[]): Promise<string | null> {
  const [cmd, ...args] = prefix as [string, ...string[]];
  return new Promise((resolve) => {
    execFile(
      cmd,
      [...args, process.execPath, '-e', PROBE_SCRIPT],
      { timeout: PROBE_TIMEOUT_MS, windowsHide: true },
      (err, _stdout, stderr) => {
        if (!err) return resolve(null);
        // execFile reports the exit status as `code` (a number), or a spawn error's errno string there.
        if ((err as { code?: unknown }).code === 3)
          return resolve('the namespace still has network interfaces');
        resolve(stderr.trim().split('\n').pop() || err.message);
      },
    );
  });
}
