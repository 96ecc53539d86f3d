import { spawn } from 'node:child_process';
import { AppError } from '@sift/core';

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
}

const STDERR_TAIL = 2048;

/**
 * Runs an external program (no shell) and resolves with its output. Throws AppError `TOOL_MISSING`
 * (system, permanent) when the program is not installed, `TOOL_TIMEOUT` (system, retryable) when it runs
 * past `timeoutMs`, and `TOOL_FAILED` (system, permanent) on a non-zero exit, with the exit code and the
 * last 2 KB of stderr in `details`. An abort rejects with the signal's reason, untouched.
 *
 * The program runs in its own process group and a timeout or abort kills the whole group: launchers such as
 * LibreOffice's `soffice` fork the real worker, which would otherwise outlive the kill and hold the pipes.
 */
export function runTool(
  cmd: string,
  args: string[],
  opts: RunToolOptions,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    const max = opts.maxBuffer ?? 64 * 1024 * 1024;
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
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

function missing(cmd: string, opts: RunToolOptions, cause: unknown): AppError {
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
