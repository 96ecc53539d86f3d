import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '@sift/core';
import { runTool } from './run-tool.js';

const node = process.execPath;

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('runTool', () => {
  it('resolves with the stdout and stderr of a successful run', async () => {
    const out = await runTool(node, ['-e', 'process.stdout.write("out"); process.stderr.write("err")'], {
      timeoutMs: 10_000,
      toolHint: 'Node.js',
    });
    expect(out).toEqual({ stdout: 'out', stderr: 'err' });
  });

  it('passes cwd and env to the program', async () => {
    const out = await runTool(
      node,
      ['-e', 'process.stdout.write(process.cwd() + "|" + process.env.SIFT_X)'],
      {
        timeoutMs: 10_000,
        toolHint: 'Node.js',
        cwd: '/tmp',
        env: { ...process.env, SIFT_X: 'y' },
      },
    );
    expect(out.stdout).toBe('/tmp|y');
  });

  it('fails with TOOL_MISSING naming the install hint when the program does not exist', async () => {
    const err = await rejection(
      runTool('sift-no-such-tool', [], { timeoutMs: 5_000, toolHint: 'Debian package nothing' }),
    );
    expect(err.code).toBe('TOOL_MISSING');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('Debian package nothing');
    expect(err.details).toMatchObject({ tool: 'sift-no-such-tool' });
  });

  it('fails with TOOL_FAILED carrying the exit code and the tail of stderr on a non-zero exit', async () => {
    const script = 'process.stderr.write("x".repeat(5000) + "boom"); process.exit(3)';
    const err = await rejection(runTool(node, ['-e', script], { timeoutMs: 10_000, toolHint: 'Node.js' }));
    expect(err.code).toBe('TOOL_FAILED');
    expect(err.retryable).toBe(false);
    expect(err.details.exitCode).toBe(3);
    const stderr = err.details.stderr as string;
    expect(stderr.length).toBe(2048);
    expect(stderr.endsWith('boom')).toBe(true);
  });

  it('kills a program that runs too long and fails with a retryable TOOL_TIMEOUT', async () => {
    const err = await rejection(
      runTool(node, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 300, toolHint: 'Node.js' }),
    );
    expect(err.code).toBe('TOOL_TIMEOUT');
    expect(err.retryable).toBe(true);
  });

  it('kills the whole process group on timeout, including a grandchild that holds the pipes open', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'run-tool-'));
    const pidFile = join(dir, 'grandchild.pid');
    const script = `
      const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' });
      require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(g.pid));
      setInterval(() => {}, 1000);`;
    try {
      const err = await rejection(runTool(node, ['-e', script], { timeoutMs: 1_000, toolHint: 'Node.js' }));
      expect(err.code).toBe('TOOL_TIMEOUT');
      const pid = Number(await readFile(pidFile, 'utf8'));
      // Dead means gone from /proc or a zombie waiting for a reaper (PID 1 in a container may never reap it).
      const state = await readFile(`/proc/${pid}/stat`, 'utf8').then(
        (stat) => stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0],
        () => 'gone',
      );
      expect(['gone', 'Z', 'X']).toContain(state);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects with the abort reason when the signal aborts mid-run', async () => {
    const ac = new AbortController();
    const p = runTool(node, ['-e', 'setInterval(() => {}, 1000)'], {
      timeoutMs: 10_000,
      toolHint: 'Node.js',
      signal: ac.signal,
    });
    const reason = new Error('cancelled by user');
    setTimeout(() => ac.abort(reason), 100);
    await expect(p).rejects.toBe(reason);
  });

  it('does not start the program when the signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('already'));
    await expect(
      runTool(node, ['-e', ''], { timeoutMs: 1_000, toolHint: 'Node.js', signal: ac.signal }),
    ).rejects.toThrow('already');
  });
});
