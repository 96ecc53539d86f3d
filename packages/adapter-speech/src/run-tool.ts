import { spawn } from 'node:child_process';
import { AppError } from '@sift/core';

/** Options of {@link runTool}. */
export interface RunToolOptions {
  timeoutMs: number;
  /** Aborting kills the tool; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** How to get the tool, for the `TOOL_MISSING` message, e.g. `Debian package pocketsphinx`. */
  toolHint: string;
}

// Speech engines log a lot to stderr (pocketsphinx: a line per utterance); only the end explains a failure.
const STDERR_TAIL = 4096;

/**
 * Runs a program (no shell) and resolves with its whole stdout and the tail of its stderr. Throws AppError
 * `TOOL_MISSING` (system, permanent) when it is not installed, `TOOL_TIMEOUT` (system, retryable) past
 * `timeoutMs`, `TOOL_FAILED` (system, permanent) on a non-zero exit with the stderr tail in `details`.
 *
 * The same contract as `runTool` in `@sift/extractors`; adapters depend only on core, so this package keeps
 * its own small copy rather than reaching into the extractors package.
 */
export function runTool(
  cmd: string,
  args: string[],
  opts: RunToolOptions,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let outcome: 'timeout' | 'abort' | null = null;
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      err = (err + chunk).slice(-STDERR_TAIL);
    });
    const stop = (why: 'timeout' | 'abort') => {
      outcome ??= why;
      child.kill('SIGKILL');
    };
    const onAbort = () => stop('abort');
    const timer = setTimeout(() => stop('timeout'), opts.timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanUp = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      cleanUp();
      if (e.code === 'ENOENT') {
        reject(
          new AppError(
            'TOOL_MISSING',
            'system',
            `${cmd} is not installed or not on PATH (${opts.toolHint})`,
            {
              details: { tool: cmd, hint: opts.toolHint },
              retryable: false,
              cause: e,
            },
          ),
        );
      } else {
        reject(new AppError('TOOL_FAILED', 'system', `${cmd} could not start: ${e.message}`, { cause: e }));
      }
    });
    child.on('close', (code, signal) => {
      cleanUp();
      if (outcome === 'abort') return reject(opts.signal?.reason);
      if (outcome === 'timeout') {
        return reject(
          new AppError('TOOL_TIMEOUT', 'system', `${cmd} did not finish within ${opts.timeoutMs} ms`, {
            details: { tool: cmd, timeoutMs: opts.timeoutMs, stderr: err },
            retryable: true,
          }),
        );
      }
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) return resolve({ stdout, stderr: err });
      const lastLine = err.trim().split('\n').pop() ?? '';
      const reason = code !== null ? `exited with code ${code}` : `was killed by ${signal}`;
      reject(
        new AppError('TOOL_FAILED', 'system', `${cmd} ${reason}${lastLine ? `: ${lastLine}` : ''}`, {
          details: { tool: cmd, exitCode: code, signal, stderr: err },
          retryable: false,
        }),
      );
    });
  });
}
