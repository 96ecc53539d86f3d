import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '@sift/core';
import { detectToolSandbox, runTool, type ToolSandbox } from '@sift/tools';
import { writeOfflineProfile } from './libreoffice-profile.js';

/** Options of {@link LibreOfficeDaemon.start}. */
export interface LibreOfficeDaemonOptions {
  soffice: string;
  /** How long the instance may take to come up (a first start also creates its profile). */
  startTimeoutMs: number;
  /** Forced sandbox; by default the detected one, as for every converter run. */
  sandbox?: ToolSandbox;
}

/** Converters are background work, as in runTool: searches must win the CPU over them. */
const NICE = 10;
/** Output of the instance kept for error reports (it prints what it converted and why it could not). */
const LOG_TAIL = 16 * 1024;
const POLL_MS = 100;

/**
 * Runs the instance and keeps it tied to Sift. `soffice` runs in the background; the script waits for it
 * and, in a second background job, for end-of-file on fd 3 (Sift's end of a pipe): when Sift exits or its
 * thread is terminated, the pipe closes and the whole process group is killed, so no LibreOffice outlives
 * the process that started it, even after a SIGKILL; when the office ends by itself, the group is killed
 * too. Exit 127 means soffice is not installed.
 */
const WATCHDOG = [
  'niceness=$1',
  'shift',
  'command -v "$1" >/dev/null 2>&1 || exit 127',
  'exec 3<&0',
  '( read -r _ <&3; kill -KILL 0 ) &',
  'nice -n "$niceness" "$@" </dev/null 3<&- &',
  'wait $!',
  // The office is gone: end the watchdog too (and this shell, whose exit tells Sift).
  'kill -KILL 0',
].join('\n');

/**
 * One long-lived headless LibreOffice, so that a conversion does not pay for starting the office (seconds
 * per file). Conversions are handed to it by a second `soffice --convert-to` started with the same user
 * profile: LibreOffice's single-instance pipe passes the request to the running office and the second
 * process returns once the file is written. The instance keeps a small document open, because a handed-over
 * `--convert-to` otherwise ends the office when no document is left open.
 *
 * It runs like every converter: in the network sandbox, at a lower CPU priority, with a profile that has no
 * network content providers ({@link writeOfflineProfile}). Conversions must not overlap (the caller
 * serialises them), and a conversion that fails or runs too long leaves the instance suspect: the caller
 * kills it and starts another.
 */
export class LibreOfficeDaemon {
  private log = '';
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly options: LibreOfficeDaemonOptions,
  ) {
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString('utf8')).slice(-LOG_TAIL);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      this.exited = true;
    });
  }

  /** Starts an instance in a new private directory (profile, HOME) and resolves once it takes requests. */
  static async start(options: LibreOfficeDaemonOptions): Promise<LibreOfficeDaemon> {
    const dir = await mkdtemp(join(tmpdir(), 'sift-libreoffice-'));
    await writeOfflineProfile(join(dir, 'profile'));
    await writeFile(join(dir, 'keep.txt'), 'Sift keeps this document open.\n');
    const acceptName = `sift_lo_${randomBytes(8).toString('hex')}`;
    const args = [
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--nologo',
      // The acceptor's pipe appears once the office is up: it is the readiness signal (no UNO client uses it).
      `--accept=pipe,name=${acceptName};urp;`,
      join(dir, 'keep.txt'),
    ];
    const sandbox = options.sandbox ?? (await detectToolSandbox());
    const prefix = sandbox.kind === 'netns' ? [...sandbox.prefix] : [];
    const raiseBy = String(Math.max(0, NICE - getPriority()));
    const [file, ...wrapperArgs] = [...prefix, '/bin/sh', '-c', WATCHDOG, 'sift-soffice', raiseBy];
    const child = spawn(file!, [...wrapperArgs, options.soffice, ...args], {
      cwd: dir,
      env: { ...process.env, HOME: join(dir, 'home') },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // The pipes must not keep Sift's event loop alive; the instance is ended by close() or by the watchdog.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) {
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    }
    const daemon = new LibreOfficeDaemon(child, dir, options);
    try {
      await daemon.waitReady(acceptName);
    } catch (err) {
      await daemon.kill();
      throw err;
    }
    return daemon;
  }

  /** The process group of the office and its watchdog (the wrapper's pid). */
  get processGroup(): number | null {
    return this.child.pid ?? null;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /**
   * Converts `source` to `target` (an extension) into `outDir`; resolves with what the office printed
   * meanwhile. Throws runTool's errors (TOOL_TIMEOUT, TOOL_FAILED) or the signal's reason.
   */
  async convert(
    source: string,
    target: string,
    outDir: string,
    opts: { timeoutMs: number; signal?: AbortSignal; toolHint: string },
  ): Promise<string> {
    const before = this.log.length;
    const { stdout, stderr } = await runTool(
      this.options.soffice,
      [
        `-env:UserInstallation=${pathToFileURL(join(this.dir, 'profile')).href}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        '--convert-to',
        target,
        '--outdir',
        outDir,
        source,
      ],
      {
        timeoutMs: opts.timeoutMs,
        signal: opts.signal,
        cwd: this.dir,
        env: { ...process.env, HOME: join(this.dir, 'home') },
        toolHint: opts.toolHint,
        ...(this.options.sandbox ? { sandbox: this.options.sandbox } : {}),
      },
    );
    // The log is a sliding tail: when it has been cut meanwhile, all of it is this conversion's.
    const own = this.log.length > before ? this.log.slice(before) : this.log;
    return `${own}\n${stdout}\n${stderr}`;
  }

  /** Resident memory of the instance's processes in bytes (Linux), or null where it cannot be read. */
  async rssBytes(): Promise<number | null> {
    const group = this.child.pid;
    if (group === undefined || process.platform !== 'linux') return null;
    let total = 0;
    for (const entry of await readdir('/proc').catch(() => [])) {
      if (!/^\d+$/u.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      // Fields after the command name (which may contain spaces): state ppid pgrp … rss is field 24.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group) total += Number(fields[21]) * 4096;
    }
    return total;
  }

  /** Kills the instance's whole process group and removes its directory. */
  async kill(): Promise<void> {
    const pid = this.child.pid;
    if (pid !== undefined && !this.exited) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        this.child.kill('SIGKILL');
      }
    }
    this.child.stdin?.destroy();
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }

  private async waitReady(acceptName: string): Promise<void> {
    const uid = process.getuid?.() ?? 0;
    // LibreOffice's pipes live in /tmp, or /var/tmp where /tmp cannot be written (sal's osl/unx/pipe.cxx).
    const pipes = ['/tmp', '/var/tmp'].map((d) => join(d, `OSL_PIPE_${uid}_${acceptName}`));
    const deadline = Date.now() + this.options.startTimeoutMs;
    while (!pipes.some((p) => existsSync(p))) {
      if (this.exited) {
        if (this.child.exitCode === 127) {
          throw new AppError('TOOL_MISSING', 'system', `${this.options.soffice} is not installed`, {
            details: { tool: this.options.soffice },
            retryable: false,
          });
        }
        throw new AppError('TOOL_FAILED', 'system', 'LibreOffice exited while starting', {
          details: { tool: this.options.soffice, output: this.log.slice(-2048) },
          retryable: false,
        });
      }
      if (Date.now() > deadline) {
        throw new AppError('TOOL_TIMEOUT', 'system', 'LibreOffice did not start in time', {
          details: { tool: this.options.soffice, timeoutMs: this.options.startTimeoutMs },
          retryable: true,
        });
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
