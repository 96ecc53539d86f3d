import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

// An absolute URL of tsx's loader, so the child runs TypeScript whatever the current directory is.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A fixture process of these tests and what it has printed so far. */
export interface FixtureProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first stdout line (past or future) that matches; rejects if the process exits first. */
  waitForLine(match: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `testing/<fixture>` (a TypeScript file beside this one) in a new Node process with `args`. */
export function spawnFixture(fixture: string, args: string[]): FixtureProcess {
  const file = fileURLToPath(new URL(`./${fixture}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', TSX_LOADER, file, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  const waiters = new Set<() => void>();
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      hasExited = true;
      for (const wake of waiters) wake();
      resolve({ code, signal });
    }),
  );

  const waitForLine = (match: RegExp, timeoutMs = 15_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`${fixture}: no line ${match} within ${timeoutMs} ms; stderr:\n${stderr}`)),
        timeoutMs,
      );
      const check = () => {
        const found = lines.map((l) => l.match(match)).find((m) => m !== null);
        if (found) finish(null, found);
        else if (hasExited)
          finish(new Error(`${fixture} exited before printing ${match}; stderr:\n${stderr}`));
      };
      const finish = (err: Error | null, found?: RegExpMatchArray) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (err) reject(err);
        else resolve(found as RegExpMatchArray);
      };
      waiters.add(check);
      check();
    });

  return { child, lines, waitForLine, exited };
}

/** Kills a fixture that still runs and waits for it to exit. */
export async function stopFixture(fixture: FixtureProcess): Promise<void> {
  if (fixture.child.exitCode === null && fixture.child.signalCode === null) fixture.child.kill('SIGKILL');
  await fixture.exited;
}
