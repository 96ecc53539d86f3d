import { spawn } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { AppError } from '@sift/core';
import { findExecutable } from './find-executable.js';
import { detectToolSandbox, type ToolSandbox } from './tool-sandbox.js';

/** Options of {@link runTool}. */
export interface RunToolOptions {
  /** Kill the tool and fail with `TOOL_TIMEOUT` after this long. */
  timeoutMs: number;
  /** Aborting kills the tool; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** How to get the tool, for the `TOOL_MISSING` message, e.g. `Debian package ffmpeg`. */
  toolHint: string;
  /** Largest stdout/stderr kept, each, in characters (default 64 MB); more fails the run. */
  maxBuffer?: number;
  /**
   * `none` (default): run in a sandbox without network ({@link detectToolSandbox}); where none can be made the
   * program runs anyway, with the host's network. `inherit`: the host's network, for a tool that needs it.
   */
  network?: 'none' | 'inherit';
  /** The sandbox to use instead of the detected one; tests force the fallback with `{ kind: 'none' }`. */
  sandbox?: ToolSandbox;
  /**
   * The niceness (CPU priority, 0 normal to 19 lowest) the tool runs at, at least: default 10. A caller that is
   * already as nice (an extraction thread reniced to 10) passes its own on unchanged; 0 keeps the caller's.
   */
  nice?: number;
}

const STDERR_TAIL = 2048;
/** Converters are background work: interactive requests (search, chat) must win the CPU over them. */
const DEFAULT_NICE = 10;
/** The highest niceness Linux allows. */
const MAX_NICE = 19;

/** How the program is started: the file spawned, its arguments, and any niceness to add after the spawn. */
interface Launch {
  file: string;
  args: string[];
  reniceBy: number;
}

let niceBinary: Promise<string | null> | undefined;

/**
 * Runs an external program (no shell) and resolves with its output. Throws AppError `TOOL_MISSING`
 * (system, permanent) when the program is not installed, `TOOL_TIMEOUT` (system, retryable) when it runs
 * past `timeoutMs`, and `TOOL_FAILED` (system, permanent) on a non-zero exit, with the exit code and the
 * last 2 KB of stderr in `details`. An abort rejects with the signal's reason, untouched.
 *
 * The program runs in its own process group and a timeout or abort kills the whole group: launchers such as
 * LibreOffice's `soffice` fork the real worker, which would otherwise outlive the kill and hold the pipes.
 * By default it also runs without network (see `network`) and at a lower CPU priority (see `nice`), since the
 * programs Sift runs convert untrusted files in the background.
 */
export async function runTool(
  cmd: string,
  args: string[],
  opts: RunToolOptions,
): Promise<{ stdout: string; stderr: string }> {
  opts.signal?.throwIfAborted();
  const launch = await launchOf(cmd, args, opts);
  opts.signal?.throwIfAborted();
  return spawnTool(cmd, launch, opts);
}

/**
 * The sandbox and `nice` wrap the program: `unshare --net -- nice -n 10 /usr/bin/soffice …`. Each wrapper execs
 * the next in the same process, so the process group and the pipes stay the program's, and the niceness is in
 * place before the program can fork (soffice starts its worker at once; renicing after the spawn would race it).
 */
async function launchOf(cmd: string, args: string[], opts: RunToolOptions): Promise<Launch> {
  // A child inherits the niceness of the thread that spawns it (getPriority() without a pid reads that one on
  // Linux), so only the difference is added; adding the full amount would push a reniced worker's tools to 19.
  const raiseBy = Math.min(opts.nice ?? DEFAULT_NICE, MAX_NICE) - getPriority();
  const sandbox = opts.network === 'inherit' ? null : (opts.sandbox ?? (await detectToolSandbox()));
  const prefix = sandbox?.kind === 'netns' ? [...sandbox.prefix] : [];
  let reniceBy = 0;
  if (raiseBy > 0) {
    niceBinary ??= findExecutable('nice', process.env.PATH);
    const niceBin = await niceBinary;
    if (niceBin) prefix.push(niceBin, '-n', String(raiseBy));
    else reniceBy = raiseBy;
  }
  const [wrapper, ...wrapperArgs] = prefix;
  if (wrapper === undefined) return { file: cmd, args, reniceBy };
  // Behind a wrapper a missing program is the wrapper's exit 127, not spawn's ENOENT: look it up first,
  // where spawn would (the program's PATH, else the server's, which spawn passes on; glibc's default without).
  const path = await findExecutable(cmd, (opts.env ?? process.env).PATH ?? '/bin:/usr/bin', opts.cwd);
  if (!path) throw missing(cmd, opts);
  return { file: wrapper, args: [...wrapperArgs, path, ...args], reniceBy };
}

function spawnTool(
  cmd: string,
  launch: Launch,
  opts: RunToolOptions,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const max = opts.maxBuffer ?? 64 * 1024 * 1024;
    const child = spawn(launch.file, launch.args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    if (launch.reniceBy > 0 && child.pid !== undefined) {
      // No `nice` binary: lower the priority now, best effort (children forked before this keep the old one).
      try {
        setPriority(child.pid, getPriority() + launch.reniceBy);
      } catch {
        // The program may already have exited; the run reports its own outcome.
      }
    }
    let stdout = '';
    let stderr = '';
    let ended: 'timeout' | 'abort' | 'overflow' | null = null;
    let settled = false;

    const killGroup = (why: 'timeout' | 'abort' | 'overflow'): void => {
      ended ??= why;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => killGroup('timeout'), opts.timeoutMs);
    const onAbort = (): void => killGroup('abort');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };

    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length + d.length > max) killGroup('overflow');
      else stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      // Only the tail of stderr is ever reported; keep memory bounded for chatty tools.
      stderr = (stderr + d).slice(-max);
    });
    child.once('error', (err: NodeJS.ErrnoException) =>
      settle(() =>
        reject(err.code === 'ENOENT' ? missing(cmd, opts, err) : failed(cmd, null, null, stderr, err)),
      ),
    );
    child.once('close', (code, signal) =>
      settle(() => {
        if (ended === 'abort') return reject(opts.signal?.reason);
        if (ended === 'timeout') {
          return reject(
            new AppError('TOOL_TIMEOUT', 'system', `${cmd} did not finish within ${opts.timeoutMs} ms`, {
              details: { tool: cmd, timeoutMs: opts.timeoutMs, stderr: stderr.slice(-STDERR_TAIL) },
              retryable: true,
            }),
          );
        }
        if (ended === 'overflow') return reject(failed(cmd, null, 'output too large', stderr));
        if (code === 0) return resolve({ stdout, stderr });
        reject(failed(cmd, code, signal, stderr));
      }),
    );
  });
}

function missing(cmd: string, opts: RunToolOptions, cause?: unknown): AppError {
  return new AppError('TOOL_MISSING', 'system', `${cmd} is not installed or not on PATH (${opts.toolHint})`, {
    details: { tool: cmd, hint: opts.toolHint },
    retryable: false,
    cause,
  });
}

function failed(
  cmd: string,
  exitCode: number | null,
  signal: string | null,
  stderr: string,
  cause?: unknown,
): AppError {
  const tail = stderr.slice(-STDERR_TAIL);
  const reason =
    exitCode !== null
      ? `exited with code ${exitCode}`
      : `failed (${signal ?? (cause instanceof Error ? cause.message : 'unknown')})`;
  const lastLine = tail.trim().split('\n').pop() ?? '';
  return new AppError('TOOL_FAILED', 'system', `${cmd} ${reason}${lastLine ? `: ${lastLine}` : ''}`, {
    details: { tool: cmd, exitCode, signal, stderr: tail },
    retryable: false,
    cause,
  });
}
